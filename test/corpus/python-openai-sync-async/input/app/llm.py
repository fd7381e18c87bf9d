import os
from openai import OpenAI, AsyncOpenAI

client = OpenAI(api_key=os.environ["OPENAI_API_KEY"])
aclient = AsyncOpenAI()
