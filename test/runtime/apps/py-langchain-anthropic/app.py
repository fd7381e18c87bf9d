from langchain_anthropic import ChatAnthropic

llm = ChatAnthropic(model="claude-haiku-4-5", max_tokens=64)

print(llm.invoke("Say ok").content)
