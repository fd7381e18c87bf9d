from openai import OpenAI

client = OpenAI(
    default_headers={"X-Title": "runtime-app", "HTTP-Referer": "https://example.com"},
)

completion = client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": "Say ok"}])
print(completion.choices[0].message.content)
