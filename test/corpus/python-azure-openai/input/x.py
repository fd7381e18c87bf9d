from openai import AzureOpenAI

c = AzureOpenAI(azure_endpoint="https://x.openai.azure.com", api_version="2024-10-21")
