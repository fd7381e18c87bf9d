import os

from dotenv import load_dotenv
from openai import OpenAI

load_dotenv()

client = OpenAI(
    api_key=os.getenv("OPENAI_API_KEY"),
    **(
        {
            "base_url": "https://oai.helicone.ai/v1",
            "default_headers": {"Helicone-Auth": f"Bearer {os.getenv('HELICONE_API_KEY')}"},
        }
        if os.getenv("HELICONE_API_KEY")
        else {}
    ),
)


def main() -> None:
    print(client.models.list())


if __name__ == "__main__":
    main()
