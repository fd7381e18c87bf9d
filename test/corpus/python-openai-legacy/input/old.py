import openai

openai.api_key = "k"


def ask(q):
    return openai.ChatCompletion.create(model="gpt-3.5-turbo", messages=[{"role": "user", "content": q}])
