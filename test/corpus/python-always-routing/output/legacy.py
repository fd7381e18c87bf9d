import os
import openai

openai.api_base = "https://oai.helicone.ai/v1"


def complete(prompt):
    return openai.ChatCompletion.create(
        model="gpt-3.5-turbo",
        messages=[{"role": "user", "content": prompt}],
        headers={"Helicone-Auth": f"Bearer {os.environ.get('HELICONE_API_KEY')}"},
    )
