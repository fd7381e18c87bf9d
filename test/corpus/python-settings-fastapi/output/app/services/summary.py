from anthropic import Anthropic

from app.core.config import settings


def summarize(text: str) -> str:
    client = Anthropic(
        **(
            {
                "base_url": "https://anthropic.helicone.ai",
                "default_headers": {"Helicone-Auth": f"Bearer {settings.helicone_api_key}"},
            }
            if settings.helicone_api_key
            else {}
        )
    )
    message = client.messages.create(
        model="claude-sonnet-4-5", max_tokens=300, messages=[{"role": "user", "content": text}]
    )
    return message.content[0].text
