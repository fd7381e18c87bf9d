from openai import OpenAI

c = OpenAI(default_headers={"X-App": "x"})
d = OpenAI(**settings)
