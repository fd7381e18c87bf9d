import os

from dotenv import load_dotenv
from openai import OpenAI

load_dotenv()

client = OpenAI(api_key=os.getenv("OPENAI_API_KEY"))


def main() -> None:
    print(client.models.list())


if __name__ == "__main__":
    main()
