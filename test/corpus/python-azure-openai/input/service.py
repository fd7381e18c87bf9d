import os

from langchain_openai import AzureChatOpenAI
from openai import AsyncAzureOpenAI


class Service:
    def __init__(self, settings):
        self.client = AsyncAzureOpenAI(
            azure_endpoint=settings.endpoint,
            azure_deployment=settings.deployment,
            api_version="2024-10-21",
        )
        self.chat = AzureChatOpenAI(azure_endpoint=settings.endpoint)
