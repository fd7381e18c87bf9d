import os
import asyncio
import sys

from agents import Runner, set_default_openai_client
from dotenv import load_dotenv
from openai import AsyncOpenAI

from assistant.agents_def import triage

load_dotenv()

if os.environ.get("HELICONE_API_KEY"):
    set_default_openai_client(
        AsyncOpenAI(
            base_url="https://oai.helicone.ai/v1",
            default_headers={
                "Helicone-Auth": f"Bearer {os.environ['HELICONE_API_KEY']}"
            },
        ),
        use_for_tracing=False,
    )


async def main() -> None:
    result = await Runner.run(triage, sys.argv[1] if len(sys.argv) > 1 else "Weather in Paris?")
    print(result.final_output)


if __name__ == "__main__":
    asyncio.run(main())
