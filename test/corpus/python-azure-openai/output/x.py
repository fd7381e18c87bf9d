import os
from openai import AzureOpenAI

c = AzureOpenAI(api_version="2024-10-21", **({"base_url": "https://oai.helicone.ai/openai", "default_headers": {"Helicone-Auth": f"Bearer {os.environ['HELICONE_API_KEY']}", "Helicone-OpenAI-Api-Base": "https://x.openai.azure.com"}} if os.environ.get("HELICONE_API_KEY") else {"azure_endpoint": "https://x.openai.azure.com"}))
