import os
import openai

if os.environ.get("HELICONE_API_KEY"):
    openai.api_base = "https://oai.helicone.ai/v1"

openai.api_key = "k"


def ask(q):
    return openai.ChatCompletion.create(model="gpt-3.5-turbo", messages=[{"role": "user", "content": q}], headers={"Helicone-Auth": f"Bearer {os.environ['HELICONE_API_KEY']}"} if os.environ.get("HELICONE_API_KEY") else None)
