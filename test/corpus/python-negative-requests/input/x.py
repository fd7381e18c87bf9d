import requests

r = requests.post('https://api.openai.com/v1/chat/completions', json={})
openapi_spec = {}
