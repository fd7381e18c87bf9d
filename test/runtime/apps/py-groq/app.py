import os

from openai import OpenAI

client = OpenAI(api_key=os.environ.get("GROQ_API_KEY"), base_url="https://api.groq.com/openai/v1")

completion = client.chat.completions.create(model="llama-3.1-8b-instant", messages=[{"role": "user", "content": "Say ok"}])
print(completion.choices[0].message.content)
