from anthropic import Anthropic


def summarize(text: str) -> str:
    client = Anthropic()
    message = client.messages.create(
        model="claude-sonnet-4-5", max_tokens=300, messages=[{"role": "user", "content": text}]
    )
    return message.content[0].text
