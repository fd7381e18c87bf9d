import os

from anthropic import AsyncAnthropic
from openai import AsyncOpenAI

PROVIDERS = {
    "anthropic": AsyncAnthropic(
        max_retries=4,
        **(
            {
                "base_url": "https://anthropic.helicone.ai",
                "default_headers": {"Helicone-Auth": f"Bearer {os.environ['HELICONE_API_KEY']}"},
            }
            if os.environ.get("HELICONE_API_KEY")
            else {}
        ),
    ),
    "openai": AsyncOpenAI(
        max_retries=4,
        **(
            {
                "base_url": "https://oai.helicone.ai/v1",
                "default_headers": {"Helicone-Auth": f"Bearer {os.environ['HELICONE_API_KEY']}"},
            }
            if os.environ.get("HELICONE_API_KEY")
            else {}
        ),
    ),
}
groq = AsyncOpenAI(
    base_url=(
        "https://groq.helicone.ai/openai/v1"
        if os.environ.get("HELICONE_API_KEY")
        else "https://api.groq.com/openai/v1"
    ),
    default_headers={
        "X-Client": "svc",
        **(
            {"Helicone-Auth": f"Bearer {os.environ['HELICONE_API_KEY']}"}
            if os.environ.get("HELICONE_API_KEY")
            else {}
        ),
    },
)
