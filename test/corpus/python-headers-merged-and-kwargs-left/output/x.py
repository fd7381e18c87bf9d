import os
from openai import OpenAI

c = OpenAI(default_headers={"X-App": "x", **({"Helicone-Auth": f"Bearer {os.environ['HELICONE_API_KEY']}"} if os.environ.get("HELICONE_API_KEY") else {})}, **({"base_url": "https://oai.helicone.ai/v1"} if os.environ.get("HELICONE_API_KEY") else {}))
d = OpenAI(**settings)
