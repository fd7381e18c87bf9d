import os

from openai import OpenAI

HEADERS = {"X-Title": "my-app"}

groq = OpenAI(
    api_key=os.environ["GROQ_API_KEY"],
    base_url="https://api.groq.com/openai/v1",
)
openai_client = OpenAI(
    api_key=os.environ["OPENAI_API_KEY"],
    default_headers=HEADERS,
)
