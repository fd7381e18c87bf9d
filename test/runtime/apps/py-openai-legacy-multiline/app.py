import os

import openai

openai.api_key = os.environ["OPENAI_API_KEY"]


def ask(question):
    completion = openai.ChatCompletion.create(
        model="gpt-3.5-turbo",
        messages=[{"role": "user", "content": question}],
        temperature=0,
    )
    return completion.choices[0].message.content


print(ask("Say ok"))
