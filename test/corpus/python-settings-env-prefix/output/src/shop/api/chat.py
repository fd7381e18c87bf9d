from typing import Annotated

from fastapi import Depends
from openai import AsyncOpenAI

from shop.config import Settings, get_settings


async def chat(q: str, settings: Annotated[Settings, Depends(get_settings)]) -> str:
    client = AsyncOpenAI(
        api_key=settings.openai_api_key,
        **(
            {
                "base_url": "https://oai.helicone.ai/v1",
                "default_headers": {"Helicone-Auth": f"Bearer {settings.helicone_api_key}"},
            }
            if settings.helicone_api_key
            else {}
        ),
    )
    r = await client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": q}])
    return r.choices[0].message.content
