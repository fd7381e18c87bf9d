"""Completion helpers."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from openai import OpenAI

from svc.util import log

client = OpenAI(api_key=Path("openai.key").read_text().strip(), timeout=30.0, max_retries=2)


def ask(question: str) -> str:
    log(question)
    reply = client.chat.completions.create(
        model="gpt-4o", messages=[{"role": "user", "content": question}]
    )
    return json.dumps({"answer": reply.choices[0].message.content, "argv": sys.argv[1:]})
