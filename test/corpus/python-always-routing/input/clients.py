from openai import OpenAI

client = OpenAI(
    api_key="k",
    base_url="https://api.groq.com/openai/v1",
)
titled = OpenAI(default_headers={"X-Title": "app"})
