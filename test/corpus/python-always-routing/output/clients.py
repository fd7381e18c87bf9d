import os
from openai import OpenAI

client = OpenAI(
    api_key="k",
    base_url="https://groq.helicone.ai/openai/v1",
    default_headers={"Helicone-Auth": f"Bearer {os.environ.get('HELICONE_API_KEY')}"},
)
titled = OpenAI(default_headers={"X-Title": "app", "Helicone-Auth": f"Bearer {os.environ.get('HELICONE_API_KEY')}"}, base_url="https://oai.helicone.ai/v1")
