import os

from openai import OpenAI

HEADERS = {"X-Title": "my-app"}

groq = OpenAI(
    api_key=os.environ["GROQ_API_KEY"],
    base_url=(
        "https://groq.helicone.ai/openai/v1"
        if os.environ.get("HELICONE_API_KEY")
        else "https://api.groq.com/openai/v1"
    ),
    **(
        {
            "default_headers": {
                "Helicone-Auth": f"Bearer {os.environ['HELICONE_API_KEY']}"
            }
        }
        if os.environ.get("HELICONE_API_KEY")
        else {}
    ),
)
openai_client = OpenAI(
    api_key=os.environ["OPENAI_API_KEY"],
    default_headers=(
        {**HEADERS, "Helicone-Auth": f"Bearer {os.environ['HELICONE_API_KEY']}"}
        if os.environ.get("HELICONE_API_KEY")
        else HEADERS
    ),
    **(
        {"base_url": "https://oai.helicone.ai/v1"}
        if os.environ.get("HELICONE_API_KEY")
        else {}
    ),
)
