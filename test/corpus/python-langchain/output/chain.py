import os
from langchain_openai import ChatOpenAI, OpenAIEmbeddings
from langchain_anthropic import ChatAnthropic

llm = ChatOpenAI(model='gpt-4o', **({'base_url': 'https://oai.helicone.ai/v1', 'default_headers': {'Helicone-Auth': f'Bearer {os.environ["HELICONE_API_KEY"]}'}} if os.environ.get('HELICONE_API_KEY') else {}))
emb = OpenAIEmbeddings(**({'base_url': 'https://oai.helicone.ai/v1', 'default_headers': {'Helicone-Auth': f'Bearer {os.environ["HELICONE_API_KEY"]}'}} if os.environ.get('HELICONE_API_KEY') else {}))
claude = ChatAnthropic(model='claude-3-5-haiku-latest', **({'anthropic_api_url': 'https://anthropic.helicone.ai', 'default_headers': {'Helicone-Auth': f'Bearer {os.environ["HELICONE_API_KEY"]}'}} if os.environ.get('HELICONE_API_KEY') else {}))
