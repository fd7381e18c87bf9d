import litellm

response = litellm.completion(model="gpt-4o-mini", messages=[{"role": "user", "content": "Say ok"}])
print(response.choices[0].message.content)
