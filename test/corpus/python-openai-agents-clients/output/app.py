import os

from agents import Agent, OpenAIChatCompletionsModel, Runner, set_default_openai_client
from openai import AsyncOpenAI

set_default_openai_client(AsyncOpenAI(api_key=os.environ["OPENAI_API_KEY"], **({"base_url": "https://oai.helicone.ai/v1", "default_headers": {"Helicone-Auth": f"Bearer {os.environ['HELICONE_API_KEY']}"}} if os.environ.get("HELICONE_API_KEY") else {})))

fast = OpenAIChatCompletionsModel(
    model="gpt-4o-mini",
    openai_client=AsyncOpenAI(api_key=os.environ["OPENAI_API_KEY"], **({"base_url": "https://oai.helicone.ai/v1", "default_headers": {"Helicone-Auth": f"Bearer {os.environ['HELICONE_API_KEY']}"}} if os.environ.get("HELICONE_API_KEY") else {})),
)
planner = Agent(name="Planner", instructions="Plan the steps.", model=fast)
writer = Agent(name="Writer", instructions="Write the answer.")


def run(task: str) -> str:
    plan = Runner.run_sync(planner, task).final_output
    return Runner.run_sync(writer, plan).final_output
