import os
from openai import OpenAI

c = OpenAI(base_url="https://oai.helicone.ai/v1", default_headers={"Helicone-Auth": f"Bearer {os.environ['HELICONE_API_KEY']}"})
