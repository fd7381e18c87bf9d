import os

from langchain_openai import AzureChatOpenAI
from openai import AsyncAzureOpenAI


class Service:
    def __init__(self, settings):
        self.client = AsyncAzureOpenAI(
            azure_deployment=settings.deployment,
            api_version="2024-10-21",
            **(
                {
                    "base_url": f"https://oai.helicone.ai/openai/deployments/{settings.deployment}",
                    "default_headers": {
                        "Helicone-Auth": f"Bearer {os.environ['HELICONE_API_KEY']}",
                        "Helicone-OpenAI-Api-Base": settings.endpoint,
                    },
                }
                if os.environ.get("HELICONE_API_KEY")
                else {"azure_endpoint": settings.endpoint}
            ),
        )
        self.chat = AzureChatOpenAI(azure_endpoint=settings.endpoint)
