import os

import openai

openai.api_key = os.environ["OPENAI_API_KEY"]
openai.api_base = (
    "https://oai.helicone.ai/v1"
    if os.environ.get("HELICONE_API_KEY")
    else "https://api.openai.com/v1"
)


def complete(prompt: str) -> str:
    response = openai.ChatCompletion.create(
        model="gpt-3.5-turbo",
        messages=[{"role": "user", "content": prompt}],
        temperature=0,
        headers=(
            {"Helicone-Auth": f"Bearer {os.environ['HELICONE_API_KEY']}"}
            if os.environ.get("HELICONE_API_KEY")
            else None
        ),
    )
    return response["choices"][0]["message"]["content"]


def titled(prompt: str) -> str:
    response = openai.ChatCompletion.create(
        model="gpt-3.5-turbo",
        messages=[{"role": "user", "content": prompt}],
        headers={
            "X-Title": "chat",
            **(
                {"Helicone-Auth": f"Bearer {os.environ['HELICONE_API_KEY']}"}
                if os.environ.get("HELICONE_API_KEY")
                else {}
            ),
        },
    )
    return response["choices"][0]["message"]["content"]
