from openai import AsyncOpenAI

from app.core.config import settings

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


async def answer(question: str) -> str:
    response = await client.chat.completions.create(
        model=settings.openai_model,
        messages=[{"role": "user", "content": question}],
    )
    return response.choices[0].message.content or ""
