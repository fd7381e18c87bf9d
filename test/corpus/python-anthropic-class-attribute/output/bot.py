import os
import anthropic


class Bot:
    def __init__(self):
        self.client = anthropic.AsyncAnthropic(
            max_retries=2,
            **(
                {
                    "base_url": "https://anthropic.helicone.ai",
                    "default_headers": {
                        "Helicone-Auth": f"Bearer {os.environ['HELICONE_API_KEY']}"
                    },
                }
                if os.environ.get("HELICONE_API_KEY")
                else {}
            ),
        )
