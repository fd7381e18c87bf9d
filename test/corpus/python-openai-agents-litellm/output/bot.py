import os
import litellm
from agents import Agent, Runner
from agents.extensions.models.litellm_model import LitellmModel

if os.environ.get("HELICONE_API_KEY"):
    litellm.success_callback = ["helicone"]

critic = Agent(
    name="Critic",
    instructions="Point out the weakest claim.",
    model=LitellmModel(model="anthropic/claude-sonnet-4-5"),
)


def review(text: str) -> str:
    return Runner.run_sync(critic, text).final_output
