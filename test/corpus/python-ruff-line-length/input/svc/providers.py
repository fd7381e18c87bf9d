from anthropic import AsyncAnthropic
from openai import AsyncOpenAI

PROVIDERS = {"anthropic": AsyncAnthropic(max_retries=4), "openai": AsyncOpenAI(max_retries=4)}
groq = AsyncOpenAI(base_url="https://api.groq.com/openai/v1", default_headers={"X-Client": "svc"})
