import os
from openai import AzureOpenAI

c = AzureOpenAI(base_url="https://oai.helicone.ai/openai", api_version="2024-10-21", default_headers={"Helicone-Auth": f"Bearer {os.environ.get('HELICONE_API_KEY')}", "Helicone-OpenAI-Api-Base": "https://x.openai.azure.com"})
