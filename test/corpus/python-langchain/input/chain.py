from langchain_openai import ChatOpenAI, OpenAIEmbeddings
from langchain_anthropic import ChatAnthropic

llm = ChatOpenAI(model='gpt-4o')
emb = OpenAIEmbeddings()
claude = ChatAnthropic(model='claude-3-5-haiku-latest')
