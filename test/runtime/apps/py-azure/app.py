import os

from openai import AzureOpenAI

client = AzureOpenAI(
    azure_endpoint="https://runtime-test.openai.azure.com",
    azure_deployment="gpt-4o-mini",
    api_version="2024-10-21",
    api_key=os.environ["AZURE_OPENAI_API_KEY"],
)

completion = client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": "Say ok"}])
print(completion.choices[0].message.content)
