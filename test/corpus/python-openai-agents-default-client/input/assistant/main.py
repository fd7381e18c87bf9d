import asyncio
import sys

from agents import Runner
from dotenv import load_dotenv

from assistant.agents_def import triage

load_dotenv()


async def main() -> None:
    result = await Runner.run(triage, sys.argv[1] if len(sys.argv) > 1 else "Weather in Paris?")
    print(result.final_output)


if __name__ == "__main__":
    asyncio.run(main())
