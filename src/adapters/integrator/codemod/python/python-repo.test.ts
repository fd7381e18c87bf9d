/**
 * The Python rewrite in its repository: style from the tools' configuration (line length, import order), the key
 * read from a pydantic-settings object, and the OpenAI Agents SDK. Repositories are given as path → text.
 */
import { describe, expect, it } from 'vitest';
import { parsePython } from './find-python-sites';
import { importEdits } from './imports';
import { applyEdits } from '../apply-edits';
import { contextFromFiles } from './repo-context';
import { resolveToolConfig } from './repo-config';
import { planPythonFile } from './rewrite-python-file';

/** Every Python file of the repository rewritten (path → new text, changed files only) and the sites. */
function rewriteRepo(files: Record<string, string>, routing?: 'optional' | 'always') {
  const py = new Map(Object.entries(files).filter(([f]) => f.endsWith('.py')));
  const configs = new Map(Object.entries(files).filter(([f]) => !f.endsWith('.py')));
  const repo = contextFromFiles(py, configs);
  const out: Record<string, string> = {};
  const sites: string[] = [];
  const settingsFile = repo.settings?.model.file;
  // As the integrator runs it: whether the settings class needs the field is decided over the whole repository.
  const needed = [...py].some(
    ([rel, text]) =>
      rel !== settingsFile &&
      planPythonFile(
        rel,
        text,
        {
          config: repo.config(rel),
          firstParty: repo.firstParty,
          ...(repo.settings ? { settings: repo.settings } : {}),
          ...(repo.agents(rel) ? { agents: repo.agents(rel)! } : {}),
        },
        { routing },
      ).usesSettings,
  );
  for (const [rel, text] of [...py].sort()) {
    const agents = repo.agents(rel);
    const r = planPythonFile(
      rel,
      text,
      {
        config: repo.config(rel),
        firstParty: repo.firstParty,
        ...(repo.settings ? { settings: repo.settings } : {}),
        fieldNeeded: needed && rel === settingsFile,
        ...(agents ? { agents } : {}),
      },
      { routing },
    );
    if (r.output !== undefined) out[rel] = r.output;
    sites.push(...r.sites.map((s) => `${s.file}:${s.line} ${s.library} ${s.outcome}${s.reason ? ` (${s.reason})` : ''}`));
  }
  return { out, sites };
}

const KEY = 'os.environ.get("HELICONE_API_KEY")';
const AUTH = `"Helicone-Auth": f"Bearer {os.environ['HELICONE_API_KEY']}"`;

describe('tool configuration (repo-config)', () => {
  const cfg = (files: Record<string, string>, rel = 'pkg/m.py') => resolveToolConfig(rel, (f) => files[f]);

  it('reads ruff, black, flake8 and isort settings from the nearest files', () => {
    expect(cfg({ 'pyproject.toml': '[tool.ruff]\nline-length = 100\n[tool.ruff.lint]\nselect = ["E", "F", "I"]\n' })).toMatchObject({
      lineLength: 100,
      wrap: true,
      formatter: 'ruff',
      importSorting: { tool: 'ruff', forceSortWithinSections: false },
    });
    // ruff's defaults select neither E501 nor I; black's length wins for the layout.
    expect(cfg({ 'pyproject.toml': '[tool.black]\n\n[tool.ruff]\nline-length = 100\n' })).toMatchObject({
      lineLength: 88,
      formatter: 'black',
    });
    expect(cfg({ 'pyproject.toml': '[tool.ruff]\nline-length = 100\n' }).importSorting).toBeUndefined();
    expect(cfg({ 'setup.cfg': '[flake8]\nmax-line-length = 110\nextend-ignore = E203\n' })).toMatchObject({ lineLength: 110, wrap: true });
    expect(cfg({ 'tox.ini': '[flake8]\nexclude = .git\n' })).toMatchObject({ lineLength: 79, wrap: true });
    expect(cfg({ '.flake8': '[flake8]\nmax-line-length = 120\nignore = E501,W503\n' })).toMatchObject({ lineLength: 88, wrap: false });
    expect(cfg({ 'setup.cfg': '[isort]\nprofile = google\n' }).importSorting).toEqual({
      tool: 'isort',
      forceSortWithinSections: true,
      linesBetweenTypes: 0,
    });
    // The nearest ruff.toml wins over a pyproject.toml further up; a broken file is ignored.
    expect(cfg({ 'pyproject.toml': '[tool.ruff]\nline-length = 100\n', 'pkg/ruff.toml': 'line-length = 120\n' }).lineLength).toBe(120);
    expect(cfg({ 'pyproject.toml': '[tool.ruff\nline-length = ' })).toMatchObject({ lineLength: 88, wrap: false });
    expect(cfg({})).toEqual({ lineLength: 88, wrap: false });
  });

  it('finds the oldest supported Python', () => {
    expect(cfg({ 'pyproject.toml': '[project]\nrequires-python = ">=3.9,<4"\n' }).minPython).toEqual([3, 9]);
    expect(cfg({ 'pyproject.toml': '[tool.poetry.dependencies]\npython = "^3.8"\n' }).minPython).toEqual([3, 8]);
    expect(cfg({ 'pyproject.toml': '[tool.ruff]\ntarget-version = "py310"\n' }).minPython).toEqual([3, 10]);
  });
});

describe('imports where isort would put them', () => {
  const add = (
    text: string,
    spec: { module: string; name?: string },
    sorting?: { forceSortWithinSections?: boolean; linesBetweenTypes?: number },
  ) =>
    applyEdits(
      text,
      importEdits(text, parsePython(text), spec, {
        ...(sorting ? { sorting: { tool: 'ruff' as const, forceSortWithinSections: false, linesBetweenTypes: 0, ...sorting } } : {}),
        firstParty: new Set(['app']),
        lineLength: 88,
      }),
    );

  it('puts import os in the standard-library section, sorted, or opens that section', () => {
    expect(add('import json\nimport sys\nfrom pathlib import Path\n\nimport httpx\n', { module: 'os' }, {})).toBe(
      'import json\nimport os\nimport sys\nfrom pathlib import Path\n\nimport httpx\n',
    );
    expect(add('import json\nfrom pathlib import Path\n', { module: 'os' }, {})).toBe('import json\nimport os\nfrom pathlib import Path\n');
    expect(add('from pathlib import Path\n\nimport httpx\n', { module: 'os' }, { linesBetweenTypes: 1 })).toBe(
      'import os\n\nfrom pathlib import Path\n\nimport httpx\n',
    );
    expect(add('"""Doc."""\n\nfrom __future__ import annotations\n\n# the SDK\nfrom openai import OpenAI\n', { module: 'os' }, {})).toBe(
      '"""Doc."""\n\nfrom __future__ import annotations\n\nimport os\n\n# the SDK\nfrom openai import OpenAI\n',
    );
    expect(add('import json\nfrom os import path\nimport sys\n', { module: 'os' }, { forceSortWithinSections: true })).toBe(
      'import json\nimport os\nfrom os import path\nimport sys\n',
    );
    // Without import sorting: before the first import, as always.
    expect(add('import sys\n\nfrom openai import OpenAI\n', { module: 'os' })).toBe('import os\nimport sys\n\nfrom openai import OpenAI\n');
  });

  it('adds first-party and third-party imports to their sections and names to an existing from-import', () => {
    expect(add('import os\n\nfrom openai import OpenAI\n\nx = 1\n', { module: 'app.core.config', name: 'settings' }, {})).toBe(
      'import os\n\nfrom openai import OpenAI\n\nfrom app.core.config import settings\n\nx = 1\n',
    );
    expect(add('from agents import Agent, Runner\n', { module: 'openai', name: 'AsyncOpenAI' }, {})).toBe(
      'from agents import Agent, Runner\nfrom openai import AsyncOpenAI\n',
    );
    expect(add('from agents import Agent, trace\n', { module: 'agents', name: 'set_default_openai_client' }, {})).toBe(
      'from agents import Agent, set_default_openai_client, trace\n',
    );
    expect(add('from agents import (\n    Agent,\n    Runner,\n)\n', { module: 'agents', name: 'set_default_openai_client' }, {})).toBe(
      'from agents import (\n    Agent,\n    Runner,\n    set_default_openai_client,\n)\n',
    );
    const long = 'from agents import Agent, ModelSettings, OpenAIChatCompletionsModel, Runner, function_tool\n';
    expect(add(long, { module: 'agents', name: 'set_default_openai_client' }, {})).toBe(
      'from agents import (\n    Agent,\n    ModelSettings,\n    OpenAIChatCompletionsModel,\n    Runner,\n    function_tool,\n    set_default_openai_client,\n)\n',
    );
    expect(add('from agents import Agent\n', { module: 'agents', name: 'Agent' }, {})).toBe('from agents import Agent\n');
  });
});

describe('line length from the configuration', () => {
  it('lays a one-line call the rewrite makes too long out as black would, and leaves it on one line without a formatter', () => {
    const files = {
      'pyproject.toml': '[tool.black]\nline-length = 100\n',
      'm.py': 'from openai import OpenAI\n\nclient = OpenAI(api_key="k")  # main\nother = [1, 2]\n',
    };
    expect(rewriteRepo(files).out['m.py']).toBe(
      'import os\nfrom openai import OpenAI\n\nclient = OpenAI(\n    api_key="k",\n    **(\n        {\n            "base_url": "https://oai.helicone.ai/v1",\n' +
        `            "default_headers": {${AUTH}},\n        }\n        if ${KEY}\n        else {}\n    ),\n)  # main\nother = [1, 2]\n`,
    );
    const { out } = rewriteRepo({ 'm.py': files['m.py'] });
    expect(out['m.py']!.split('\n')[3]).toMatch(/^client = OpenAI\(api_key="k", \*\*\(.{100,}\)\) {2}# main$/);
  });

  it('re-lays only the changed element line inside a call already over several lines', () => {
    const text =
      'from agents import OpenAIChatCompletionsModel\nfrom openai import AsyncOpenAI\n\nmodel = OpenAIChatCompletionsModel(\n    model="gpt-4o",\n    openai_client=AsyncOpenAI(max_retries=3),\n)\n';
    const { out } = rewriteRepo({ 'ruff.toml': 'line-length = 120\n', 'm.py': text });
    expect(out['m.py']).toBe(
      'import os\nfrom agents import OpenAIChatCompletionsModel\nfrom openai import AsyncOpenAI\n\nmodel = OpenAIChatCompletionsModel(\n    model="gpt-4o",\n    openai_client=AsyncOpenAI(\n        max_retries=3,\n' +
        `        **(\n            {\n                "base_url": "https://oai.helicone.ai/v1",\n                "default_headers": {${AUTH}},\n            }\n            if ${KEY}\n            else {}\n        ),\n    ),\n)\n`,
    );
  });
});

const CONFIG = `from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env")

    openai_api_key: str
    debug: bool = False


settings = Settings()
`;

describe('the key from a pydantic-settings object', () => {
  it('declares the field and reads it where the settings object is in scope, importing it as other files do', () => {
    const { out, sites } = rewriteRepo({
      'app/core/config.py': CONFIG,
      'app/services/llm.py':
        'from openai import OpenAI\n\nfrom app.core.config import settings\n\nclient = OpenAI(api_key=settings.openai_api_key)\n',
      'app/services/other.py': 'from anthropic import Anthropic\n\nclaude = Anthropic()\n',
    });
    expect(out['app/core/config.py']).toBe(
      CONFIG.replace('    debug: bool = False\n', '    debug: bool = False\n    helicone_api_key: str | None = None\n'),
    );
    const spread = (then: string) =>
      `**({${then}"default_headers": {"Helicone-Auth": f"Bearer {settings.helicone_api_key}"}} if settings.helicone_api_key else {})`;
    expect(out['app/services/llm.py']).toBe(
      `from openai import OpenAI\n\nfrom app.core.config import settings\n\nclient = OpenAI(api_key=settings.openai_api_key, ${spread('"base_url": "https://oai.helicone.ai/v1", ')})\n`,
    );
    expect(out['app/services/other.py']).toBe(
      `from anthropic import Anthropic\n\nfrom app.core.config import settings\n\nclaude = Anthropic(${spread('"base_url": "https://anthropic.helicone.ai", ')})\n`,
    );
    expect(sites).toEqual(['app/services/llm.py:5 openai-python changed', 'app/services/other.py:3 anthropic-python changed']);
  });

  it('follows the class: Optional for Python < 3.10, an alias past env_prefix, a FastAPI dependency and a getter', () => {
    const config =
      'from functools import lru_cache\n\nfrom pydantic_settings import BaseSettings\n\n\nclass Settings(BaseSettings):\n    openai_api_key: str\n\n    class Config:\n        env_prefix = "APP_"\n\n\n' +
      '@lru_cache\ndef get_settings() -> Settings:\n    return Settings()\n';
    const route =
      'from fastapi import Depends\nfrom openai import OpenAI\n\nfrom app.config import Settings, get_settings\n\n\ndef client(settings: Settings = Depends(get_settings)) -> OpenAI:\n    return OpenAI(api_key=settings.openai_api_key)\n';
    const { out } = rewriteRepo({
      'pyproject.toml': '[project]\nrequires-python = ">=3.9"\n',
      'app/config.py': config,
      'app/route.py': route,
      'app/job.py': 'from openai import OpenAI\n\nJOB = OpenAI()\n',
    });
    expect(out['app/config.py']).toBe(
      config
        .replace('from functools import lru_cache\n', 'from functools import lru_cache\n')
        .replace(
          '    openai_api_key: str\n',
          '    openai_api_key: str\n    helicone_api_key: Optional[str] = Field(default=None, validation_alias="HELICONE_API_KEY")\n',
        )
        .replace(
          'from functools import lru_cache\n\nfrom pydantic_settings import BaseSettings\n',
          'from functools import lru_cache\nfrom typing import Optional\n\nfrom pydantic import Field\nfrom pydantic_settings import BaseSettings\n',
        ),
    );
    expect(out['app/route.py']).toContain('if settings.helicone_api_key else {})');
    expect(out['app/job.py']).toBe(
      'from openai import OpenAI\n\nfrom app.config import get_settings\n\nJOB = OpenAI(**({"base_url": "https://oai.helicone.ai/v1", "default_headers": {"Helicone-Auth": f"Bearer {get_settings().helicone_api_key}"}} if get_settings().helicone_api_key else {}))\n',
    );
  });

  it('keeps the environment for a file that loads .env and reads os.getenv itself, and when nothing imports the settings', () => {
    const script =
      'import os\n\nfrom dotenv import load_dotenv\nfrom openai import OpenAI\n\nload_dotenv()\nclient = OpenAI(api_key=os.getenv("OPENAI_API_KEY"))\n';
    const { out } = rewriteRepo({
      'app/core/config.py': CONFIG,
      'app/x.py': 'from app.core.config import settings\n',
      'scripts/run.py': script,
    });
    expect(out['scripts/run.py']).toContain(`f"Bearer {os.getenv('HELICONE_API_KEY')}"}} if os.getenv("HELICONE_API_KEY") else {}))`);
    expect(out['app/core/config.py']).toBeUndefined();
    const alone = rewriteRepo({ 'app/core/config.py': CONFIG, 'app/llm.py': 'from openai import OpenAI\n\nc = OpenAI()\n' });
    expect(alone.out['app/llm.py']).toContain(`if ${KEY} else {}`);
    expect(alone.out['app/core/config.py']).toBeUndefined();
  });

  it('reads a settings object imported inside a function there, and adds no top-level import to such a file', () => {
    const llm =
      'from openai import OpenAI\n\n\ndef make():\n    from app.core.config import settings\n\n    return OpenAI(api_key=settings.openai_api_key)\n\n\ndef other():\n    return OpenAI()\n';
    const { out } = rewriteRepo({
      'app/core/config.py': CONFIG,
      'app/main.py': 'from app.core.config import settings\n',
      'app/llm.py': llm,
    });
    expect(out['app/llm.py']).toContain(
      '    return OpenAI(api_key=settings.openai_api_key, **({"base_url": "https://oai.helicone.ai/v1", "default_headers": {"Helicone-Auth": f"Bearer {settings.helicone_api_key}"}} if settings.helicone_api_key else {}))\n',
    );
    expect(out['app/llm.py']).toContain(
      `    return OpenAI(**({"base_url": "https://oai.helicone.ai/v1", "default_headers": {${AUTH}}} if ${KEY} else {}))\n`,
    );
    expect(out['app/llm.py']!.startsWith('import os\nfrom openai import OpenAI\n\n\ndef make')).toBe(true);
  });

  it('exports the key for LiteLLM, whose Helicone logger reads the environment', () => {
    const { out } = rewriteRepo({
      'app/core/config.py': CONFIG,
      'app/lite.py': 'import litellm\n\nfrom app.core.config import settings\n\nx = 1\n',
    });
    expect(out['app/lite.py']).toBe(
      'import os\nimport litellm\n\nfrom app.core.config import settings\n\nif settings.helicone_api_key:\n    os.environ.setdefault("HELICONE_API_KEY", settings.helicone_api_key)\n    litellm.success_callback = ["helicone"]\n\nx = 1\n',
    );
  });

  it('recognizes its own output on a second run', () => {
    const files = {
      'app/core/config.py': CONFIG,
      'app/services/llm.py': 'from openai import OpenAI\n\nfrom app.core.config import settings\n\nclient = OpenAI()\n',
    };
    const once = rewriteRepo(files);
    const twice = rewriteRepo({ ...files, ...once.out });
    expect(twice.out).toEqual({});
    expect(twice.sites).toEqual([
      'app/services/llm.py:5 openai-python already-integrated (a **(...) argument already routes through Helicone)',
    ]);
  });
});

describe('the OpenAI Agents SDK', () => {
  const MAIN =
    'from agents import Agent, Runner\n\nagent = Agent(name="a", instructions="Be brief.")\n\n\ndef ask(q: str) -> str:\n    return Runner.run_sync(agent, q).final_output\n';

  it('sets a guarded default client after the imports of the first module that runs agents', () => {
    const { out, sites } = rewriteRepo({ 'b.py': MAIN, 'a.py': 'from agents import Agent\n\nhelper = Agent(name="h")\n', 'c.py': MAIN });
    expect(Object.keys(out)).toEqual(['b.py']);
    expect(out['b.py']).toBe(
      'import os\nfrom agents import Agent, Runner, set_default_openai_client\nfrom openai import AsyncOpenAI\n\n' +
        `if ${KEY}:\n    set_default_openai_client(\n        AsyncOpenAI(\n            base_url="https://oai.helicone.ai/v1",\n            default_headers={\n                ${AUTH}\n            },\n        ),\n        use_for_tracing=False,\n    )\n\n` +
        'agent = Agent(name="a", instructions="Be brief.")\n\n\ndef ask(q: str) -> str:\n    return Runner.run_sync(agent, q).final_output\n',
    );
    expect(sites).toEqual(['b.py:7 openai-agents-python changed']);
    // Second run: the statement's AsyncOpenAI is the SDK's routed client.
    expect(rewriteRepo({ 'b.py': out['b.py']!, 'c.py': MAIN }).sites).toEqual([
      'b.py:7 openai-agents-python already-integrated (base_url already points at Helicone)',
    ]);
  });

  it('routes the clients the app hands the SDK, and uses `import agents` as written; always routing drops the guard', () => {
    const text =
      'import agents\nimport openai\n\nagents.set_default_openai_client(openai.AsyncOpenAI())\nr = agents.Runner.run_sync(agents.Agent(name="a"), "q")\n';
    const { out, sites } = rewriteRepo({ 'm.py': text });
    expect(sites).toEqual(['m.py:4 openai-agents-python changed']);
    expect(out['m.py']).toContain('agents.set_default_openai_client(openai.AsyncOpenAI(**({"base_url"');
    const always = rewriteRepo({ 'm.py': MAIN }, 'always');
    expect(always.out['m.py']).toContain(
      `\nset_default_openai_client(\n    AsyncOpenAI(\n        base_url="https://oai.helicone.ai/v1",\n        default_headers={\n            "Helicone-Auth": f"Bearer {os.environ.get('HELICONE_API_KEY')}"\n        },\n    ),\n    use_for_tracing=False,\n)\n`,
    );
  });

  it('leaves the default client alone with a reason when the app sets the key itself or builds its provider, and says nothing when no Agent uses it', () => {
    const keyed =
      'import os\n\nfrom agents import Agent, Runner, set_default_openai_key\n\nset_default_openai_key(os.environ["K"])\nRunner.run_sync(Agent(name="a"), "q")\n';
    expect(rewriteRepo({ 'm.py': keyed }).sites).toEqual([
      'm.py:6 openai-agents-python skipped (the app gives the Agents SDK its OpenAI key with set_default_openai_key (`m.py`), which a default client built at import time would not see; route it by hand)',
    ]);
    const provider =
      'from agents import Agent, OpenAIProvider, RunConfig, Runner\n\ncfg = RunConfig(model_provider=OpenAIProvider(api_key="k"))\nRunner.run_sync(Agent(name="a"), "q", run_config=cfg)\n';
    expect(rewriteRepo({ 'm.py': provider }).sites[0]).toMatch(
      /^m\.py:4 openai-agents-python skipped \(the app builds its own model provider/,
    );
    const models =
      'from agents import Agent, Runner\nfrom agents.extensions.models.litellm_model import LitellmModel\n\na = Agent(name="a", model=LitellmModel(model="anthropic/claude"))\nRunner.run_sync(a, "q")\n';
    const { out, sites } = rewriteRepo({ 'm.py': models });
    expect(sites).toEqual(['m.py:4 openai-agents-litellm changed']);
    expect(out['m.py']).toBe(
      `import os\nimport litellm\nfrom agents import Agent, Runner\nfrom agents.extensions.models.litellm_model import LitellmModel\n\nif ${KEY}:\n    litellm.success_callback = ["helicone"]\n\n${models.split('\n\n').slice(1).join('\n\n')}`,
    );
  });

  it('does not take a local package named agents for the SDK', () => {
    expect(rewriteRepo({ 'm.py': 'from agents import planner\n\nplanner.run()\n' }).sites).toEqual([]);
  });
});
