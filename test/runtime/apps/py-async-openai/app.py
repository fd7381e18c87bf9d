import asyncio

from openai import AsyncOpenAI

client = AsyncOpenAI()


async def main():
    completion = await client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": "Say ok"}])
    print(completion.choices[0].message.content)


asyncio.run(main())
