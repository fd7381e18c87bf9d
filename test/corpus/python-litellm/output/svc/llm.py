import os
import litellm
from typing import Any

if os.environ.get("HELICONE_API_KEY"):
    litellm.success_callback = ["helicone"]


def ask(q: str) -> Any:
    return litellm.completion(model="gpt-4o", messages=[{"role": "user", "content": q}])
