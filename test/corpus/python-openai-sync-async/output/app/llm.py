import os
from openai import OpenAI, AsyncOpenAI

client = OpenAI(api_key=os.environ["OPENAI_API_KEY"], **({"base_url": "https://oai.helicone.ai/v1", "default_headers": {"Helicone-Auth": f"Bearer {os.environ['HELICONE_API_KEY']}"}} if os.environ.get("HELICONE_API_KEY") else {}))
aclient = AsyncOpenAI(**({"base_url": "https://oai.helicone.ai/v1", "default_headers": {"Helicone-Auth": f"Bearer {os.environ['HELICONE_API_KEY']}"}} if os.environ.get("HELICONE_API_KEY") else {}))
