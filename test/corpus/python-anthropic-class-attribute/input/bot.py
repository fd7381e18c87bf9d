import anthropic


class Bot:
    def __init__(self):
        self.client = anthropic.AsyncAnthropic(
            max_retries=2,
        )
