/**
 * The Python rewrites checked with the real tools a repository runs on them: `ruff check`, `ruff format --check`
 * and `black --check`, pinned in test/runtime/python-sdks.lock.txt (installed by scripts/install-runtime-sdks.mjs
 * into a cached venv). Each fixture passes its tools before the rewrite; it must still pass them after. A tool that
 * cannot be installed fails the test.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runPythonTool, toolsPython } from '../../../../../test/helpers/python-tools';
import { CodemodIntegrator } from '../codemod-integrator';

type Files = Record<string, string>;

const SETTINGS_APP: Files = {
  'app/__init__.py': '',
  'app/core/__init__.py': '',
  'app/core/config.py': `from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    project_name: str = "support-bot"
    openai_api_key: str = ""


settings = Settings()
`,
  'app/services/__init__.py': '',
  'app/services/chat.py': `import json
import logging

from openai import AsyncOpenAI, OpenAI

from app.core.config import settings

logger = logging.getLogger(__name__)

client = OpenAI(api_key=settings.openai_api_key)
aclient = AsyncOpenAI(api_key=settings.openai_api_key, timeout=30, max_retries=2)


def ask(question: str) -> str:
    reply = client.chat.completions.create(
        model="gpt-4o-mini",
        messages=[{"role": "user", "content": question}],
    )
    logger.info(json.dumps({"id": reply.id}))
    return reply.choices[0].message.content or ""
`,
  'app/services/summary.py': `from anthropic import Anthropic


def summarize(text: str) -> str:
    client = Anthropic()
    message = client.messages.create(
        model="claude-sonnet-4-5", max_tokens=200, messages=[{"role": "user", "content": text}]
    )
    return message.content[0].text
`,
  'app/assistant.py': `import asyncio

from agents import Agent, Runner, function_tool


@function_tool
def lookup_order(order_id: str) -> str:
    return f"order {order_id} ships tomorrow"


agent = Agent(name="Support", instructions="Answer briefly.", tools=[lookup_order])


async def main() -> None:
    result = await Runner.run(agent, "Where is order 42?")
    print(result.final_output)


if __name__ == "__main__":
    asyncio.run(main())
`,
};

const BLACK_APP: Files = {
  'svc/__init__.py': '',
  'svc/prompts.py': 'SYSTEM = "You are terse."\n',
  'svc/llm.py': `"""Calls the models."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from anthropic import Anthropic
from openai import OpenAI

from svc.prompts import SYSTEM

anthropic_client = Anthropic(api_key=Path("key.txt").read_text().strip())
openai_client = OpenAI(timeout=30.0, base_url="https://api.openai.com/v1")


def ask(question: str) -> str:
    reply = openai_client.chat.completions.create(
        model="gpt-4o-mini",
        messages=[
            {"role": "system", "content": SYSTEM},
            {"role": "user", "content": question},
        ],
    )
    return json.dumps({"answer": reply.choices[0].message.content, "argv": sys.argv})
`,
  'svc/headers.py': `from openai import OpenAI

client = OpenAI(default_headers={"X-Title": "svc"}, max_retries=5)
`,
  'svc/lite.py': `import litellm


def complete(prompt: str) -> str:
    response = litellm.completion(
        model="gpt-4o-mini", messages=[{"role": "user", "content": prompt}]
    )
    return response.choices[0].message.content
`,
};

const WIDE_APP: Files = {
  'bot/__init__.py': '',
  'bot/clients.py': `import logging
import sys

from agents import Agent, OpenAIChatCompletionsModel
from openai import AsyncOpenAI

log = logging.getLogger(__name__)

model = OpenAIChatCompletionsModel(model="gpt-4o-mini", openai_client=AsyncOpenAI(max_retries=3, timeout=20.0))
writer = Agent(name="Writer", instructions="Write one sentence.", model=model)
log.info("python %s", sys.version)
`,
  'bot/run.py': `from agents import Agent, Runner
from agents.extensions.models.litellm_model import LitellmModel

from bot.clients import writer

critic = Agent(name="Critic", instructions="Criticise.", model=LitellmModel(model="anthropic/claude-sonnet-4-5"))
editor = Agent(name="Editor", instructions="Fix the typos.")


def run(topic: str) -> str:
    draft = Runner.run_sync(writer, topic).final_output
    review = Runner.run_sync(critic, draft).final_output
    return Runner.run_sync(editor, review).final_output
`,
};

const PREFIXED_SETTINGS_APP: Files = {
  'svc/__init__.py': '',
  'svc/settings.py': `from typing import Optional

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SVC_", env_file=".env")

    openai_api_key: str = Field(default="", validation_alias="OPENAI_API_KEY")
    region: Optional[str] = None


settings = Settings()
`,
  'svc/worker.py': `import logging
from pathlib import Path

from openai import OpenAI

from svc.settings import settings

logging.basicConfig(level=logging.INFO)
client = OpenAI(api_key=settings.openai_api_key, timeout=10.0)
OUT = Path("out")
`,
  'svc/batch.py': `from anthropic import AsyncAnthropic

claude = AsyncAnthropic(max_retries=5)
`,
};

async function materialize(files: Files, config: string): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'py-tools-'));
  await fs.writeFile(path.join(dir, 'pyproject.toml'), config);
  for (const [rel, text] of Object.entries(files)) {
    await fs.mkdir(path.dirname(path.join(dir, rel)), { recursive: true });
    await fs.writeFile(path.join(dir, rel), text);
  }
  return dir;
}

async function integrate(dir: string): Promise<{ filesChanged: string[]; sites: { file: string; library: string; outcome: string }[] }> {
  return new CodemodIntegrator().integrate({ workdir: dir, integrationId: 'tools', attempt: 1, feedback: [], log: () => undefined });
}

async function passes(tool: 'black' | 'ruff', args: string[], dir: string): Promise<void> {
  const r = await runPythonTool(tool, args, dir);
  expect(r.code, `${tool} ${args.join(' ')}:\n${r.output}`).toBe(0);
}

describe('the rewrite passes the repository’s own Python tools', () => {
  beforeAll(async () => {
    await toolsPython();
  }, 15 * 60_000);

  it('ruff (line-length = 100, select E, F, I): check and format pass before and after, settings read from pydantic-settings', async () => {
    const dir = await materialize(
      SETTINGS_APP,
      '[project]\nname = "support-bot"\nrequires-python = ">=3.11"\n\n[tool.ruff]\nline-length = 100\n\n[tool.ruff.lint]\nselect = ["E", "F", "I"]\n',
    );
    await passes('ruff', ['check', '.'], dir);
    await passes('ruff', ['format', '--check', '.'], dir);
    const out = await integrate(dir);
    expect(out.filesChanged).toEqual(['app/assistant.py', 'app/core/config.py', 'app/services/chat.py', 'app/services/summary.py']);
    expect(out.sites.every((s) => s.outcome === 'changed')).toBe(true);
    await passes('ruff', ['check', '.'], dir);
    await passes('ruff', ['format', '--check', '.'], dir);
    const chat = await fs.readFile(path.join(dir, 'app/services/chat.py'), 'utf8');
    expect(chat).toContain('if settings.helicone_api_key');
    expect(chat).not.toContain('os.environ');
    expect(await fs.readFile(path.join(dir, 'app/core/config.py'), 'utf8')).toContain('    helicone_api_key: str | None = None\n');
  });

  it('black (no line length: 88): --check passes before and after', async () => {
    const dir = await materialize(BLACK_APP, '[tool.black]\ntarget-version = ["py311"]\n');
    await passes('black', ['--check', '.'], dir);
    const out = await integrate(dir);
    expect(out.filesChanged).toEqual(['svc/headers.py', 'svc/lite.py', 'svc/llm.py']);
    await passes('black', ['--check', '.'], dir);
    expect(await fs.readFile(path.join(dir, 'svc/llm.py'), 'utf8')).toContain(
      'from __future__ import annotations\n\nimport os\nimport json\n',
    );
  });

  it('black with ruff import sorting (force-sort-within-sections), Python 3.9: an aliased Optional field past env_prefix', async () => {
    const config =
      '[project]\nname = "svc"\nrequires-python = ">=3.9"\n\n[tool.black]\n\n[tool.ruff.lint]\nselect = ["E", "F", "I"]\n\n[tool.ruff.lint.isort]\nforce-sort-within-sections = true\n';
    const dir = await materialize(PREFIXED_SETTINGS_APP, config);
    await passes('black', ['--check', '.'], dir);
    await passes('ruff', ['check', '.'], dir);
    const out = await integrate(dir);
    expect(out.filesChanged).toEqual(['svc/batch.py', 'svc/settings.py', 'svc/worker.py']);
    await passes('black', ['--check', '.'], dir);
    await passes('ruff', ['check', '.'], dir);
    expect(await fs.readFile(path.join(dir, 'svc/settings.py'), 'utf8')).toContain(
      '    helicone_api_key: Optional[str] = Field(\n        default=None, validation_alias="HELICONE_API_KEY"\n    )\n',
    );
  });

  it('line-length = 120 (black, and ruff with E, F, I, W): both pass before and after, Agents SDK sites included', async () => {
    const config = '[tool.black]\nline-length = 120\n\n[tool.ruff]\nline-length = 120\n\n[tool.ruff.lint]\nselect = ["E", "F", "I", "W"]\n';
    const dir = await materialize(WIDE_APP, config);
    await passes('black', ['--check', '.'], dir);
    await passes('ruff', ['check', '.'], dir);
    const out = await integrate(dir);
    expect(out.sites.map((s) => `${s.file} ${s.library} ${s.outcome}`)).toEqual([
      'bot/clients.py openai-agents-python changed',
      'bot/run.py openai-agents-litellm changed',
      'bot/run.py openai-agents-python changed',
    ]);
    await passes('black', ['--check', '.'], dir);
    await passes('ruff', ['check', '.'], dir);
  });
});
