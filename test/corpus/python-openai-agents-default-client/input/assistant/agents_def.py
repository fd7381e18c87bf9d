from agents import Agent, function_tool


@function_tool
def get_weather(city: str) -> str:
    return f"The weather in {city} is sunny."


weather_agent = Agent(name="Weather", instructions="Answer weather questions.", tools=[get_weather])
triage = Agent(name="Triage", instructions="Hand off weather questions.", handoffs=[weather_agent])
