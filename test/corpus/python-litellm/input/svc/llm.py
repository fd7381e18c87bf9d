import litellm
from typing import Any


def ask(q: str) -> Any:
    return litellm.completion(model="gpt-4o", messages=[{"role": "user", "content": q}])
