import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RoutingMode } from '../../../../shared/types';
import { rewritePythonFile } from './rewrite-python-file';

async function rewrite(text: string, routing?: RoutingMode): Promise<{ out: string; sites: { outcome: string; reason?: string }[] }> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'py-'));
  await fs.writeFile(path.join(dir, 'm.py'), text);
  const { sites } = await rewritePythonFile(dir, 'm.py', routing ? { routing } : {});
  return { out: await fs.readFile(path.join(dir, 'm.py'), 'utf8'), sites };
}

// The optional forms' pieces, double-quoted.
const KEY = 'os.environ.get("HELICONE_API_KEY")';
const AUTH = `"Helicone-Auth": f"Bearer {os.environ['HELICONE_API_KEY']}"`;
// The unconditional form's header value, as the codemod always wrote it.
const H = `f"Bearer {os.environ.get('HELICONE_API_KEY')}"`;

/** The `**(...)` argument of a multi-line call at `i`, laid out as black lays it out. */
const oaiBlock = (i: string, comma = ',') =>
  `${i}**(\n${i}    {\n${i}        "base_url": "https://oai.helicone.ai/v1",\n${i}        "default_headers": {\n${i}            ${AUTH}\n${i}        },\n${i}    }\n` +
  `${i}    if ${KEY}\n${i}    else {}\n${i})${comma}\n`;

describe('optional routing: OpenAI, Anthropic and LangChain clients', () => {
  it('adds one **(...) argument in a multi-line call, keeping its trailing comma, and imports os after __future__', async () => {
    const { out } = await rewrite('from __future__ import annotations\n\nfrom openai import OpenAI\n\nc = OpenAI(\n    api_key="k",\n)\n');
    expect(out).toBe(
      `from __future__ import annotations\n\nimport os\nfrom openai import OpenAI\n\nc = OpenAI(\n    api_key="k",\n${oaiBlock('    ')})\n`,
    );
  });

  it('keeps a one-line call on one line, follows single quotes, resolves module aliases and keeps an existing import os', async () => {
    const { out } = await rewrite("import os\nimport anthropic as a\n\nc = a.Anthropic(api_key='k')\nd = a.AsyncAnthropic()\n");
    const spread = `**({'base_url': 'https://anthropic.helicone.ai', 'default_headers': {'Helicone-Auth': f'Bearer {os.environ["HELICONE_API_KEY"]}'}} if os.environ.get('HELICONE_API_KEY') else {})`;
    expect(out).toBe(`import os\nimport anthropic as a\n\nc = a.Anthropic(api_key='k', ${spread})\nd = a.AsyncAnthropic(${spread})\n`);
  });

  it("gives LangChain's ChatAnthropic its anthropic_api_url and leaves the keyword absent without the key", async () => {
    const { out } = await rewrite('from langchain_anthropic import ChatAnthropic\nm = ChatAnthropic(model="claude")\n');
    expect(out).toBe(
      `import os\nfrom langchain_anthropic import ChatAnthropic\nm = ChatAnthropic(model="claude", **({"anthropic_api_url": "https://anthropic.helicone.ai", "default_headers": {${AUTH}}} if ${KEY} else {}))\n`,
    );
  });

  it('keeps the original base URL as the else branch and leaves unknown hosts alone', async () => {
    const { out, sites } = await rewrite(
      'from openai import OpenAI\ng = OpenAI(base_url="https://api.groq.com/openai/v1")\nd = OpenAI(base_url="http://localhost:8000/v1")\n',
    );
    expect(out).toBe(
      'import os\nfrom openai import OpenAI\n' +
        `g = OpenAI(base_url="https://groq.helicone.ai/openai/v1" if ${KEY} else "https://api.groq.com/openai/v1", **({"default_headers": {${AUTH}}} if ${KEY} else {}))\n` +
        'd = OpenAI(base_url="http://localhost:8000/v1")\n',
    );
    expect(sites[1]).toMatchObject({
      outcome: 'skipped',
      reason: 'base_url points at http://localhost:8000/v1, which has no Helicone proxy host',
    });
  });

  it('parenthesizes a long conditional keyword in a multi-line call, as black does', async () => {
    const { out } = await rewrite(
      'from openai import OpenAI\ng = OpenAI(\n    base_url="https://api.groq.com/openai/v1",\n    default_headers=h,\n)\n',
    );
    expect(out).toBe(
      'import os\nfrom openai import OpenAI\ng = OpenAI(\n' +
        `    base_url=(\n        "https://groq.helicone.ai/openai/v1"\n        if ${KEY}\n        else "https://api.groq.com/openai/v1"\n    ),\n` +
        `    default_headers=(\n        {**h, ${AUTH}}\n        if ${KEY}\n        else h\n    ),\n)\n`,
    );
  });

  it('merges into a headers dict behind the key: inline, or one entry per line when the dict has that layout', async () => {
    const { out } = await rewrite(
      'from openai import OpenAI\nc = OpenAI(default_headers={"X-App": "x"}, base_url="https://api.openai.com/v1")\nd = OpenAI(\n    default_headers={\n        "X-App": "x",\n    },\n    base_url="https://api.openai.com/v1",\n)\n',
    );
    expect(out).toBe(
      'import os\nfrom openai import OpenAI\n' +
        `c = OpenAI(default_headers={"X-App": "x", **({${AUTH}} if ${KEY} else {})}, base_url="https://oai.helicone.ai/v1" if ${KEY} else "https://api.openai.com/v1")\n` +
        `d = OpenAI(\n    default_headers={\n        "X-App": "x",\n        **(\n            {${AUTH}}\n            if ${KEY}\n            else {}\n        ),\n    },\n` +
        `    base_url=(\n        "https://oai.helicone.ai/v1"\n        if ${KEY}\n        else "https://api.openai.com/v1"\n    ),\n)\n`,
    );
  });

  it('replaces explicit None headers (the default) rather than spreading them', async () => {
    const { out } = await rewrite('from openai import OpenAI\nc = OpenAI(default_headers=None, base_url="https://api.openai.com/v1")\n');
    expect(out).toBe(
      `import os\nfrom openai import OpenAI\nc = OpenAI(default_headers={${AUTH}} if ${KEY} else None, base_url="https://oai.helicone.ai/v1" if ${KEY} else "https://api.openai.com/v1")\n`,
    );
  });

  it('keeps a comment that ends the last argument with that argument', async () => {
    const { out } = await rewrite(
      'from openai import OpenAI\nc = OpenAI(\n    timeout=5,  # seconds\n)\nd = OpenAI(\n    timeout=5  # seconds\n)\n',
    );
    expect(out).toBe(
      `import os\nfrom openai import OpenAI\nc = OpenAI(\n    timeout=5,  # seconds\n${oaiBlock('    ')})\nd = OpenAI(\n    timeout=5,  # seconds\n${oaiBlock('    ', '')})\n`,
    );
  });

  it('recognizes its own output on a second run', async () => {
    const once = await rewrite('from openai import OpenAI\nc = OpenAI(api_key="k")\n');
    const twice = await rewrite(once.out);
    expect(twice.out).toBe(once.out);
    expect(twice.sites).toEqual([expect.objectContaining({ outcome: 'already-integrated' })]);
  });

  it('ignores same-named classes from other modules', async () => {
    const text = 'from mylib import OpenAI\nc = OpenAI()\n';
    const { out, sites } = await rewrite(text);
    expect(out).toBe(text);
    expect(sites).toEqual([]);
  });
});

describe('optional routing: Azure OpenAI', () => {
  it('moves azure_endpoint into the else branch, and reads AZURE_OPENAI_ENDPOINT when the call has none', async () => {
    const { out } = await rewrite(
      'from openai import AzureOpenAI\na = AzureOpenAI(azure_endpoint="https://x.openai.azure.com", api_version="v")\nb = AzureOpenAI(api_version="v", azure_deployment="gpt4o")\n',
    );
    expect(out).toBe(
      'import os\nfrom openai import AzureOpenAI\n' +
        `a = AzureOpenAI(api_version="v", **({"base_url": "https://oai.helicone.ai/openai", "default_headers": {${AUTH}, "Helicone-OpenAI-Api-Base": "https://x.openai.azure.com"}} if ${KEY} else {"azure_endpoint": "https://x.openai.azure.com"}))\n` +
        `b = AzureOpenAI(api_version="v", azure_deployment="gpt4o", **({"base_url": "https://oai.helicone.ai/openai/deployments/gpt4o", "default_headers": {${AUTH}, "Helicone-OpenAI-Api-Base": os.environ.get("AZURE_OPENAI_ENDPOINT")}} if ${KEY} else {}))\n`,
    );
  });

  it('takes an endpoint line out of a multi-line call and names a deployment variable in the base URL', async () => {
    const { out } = await rewrite(
      'from openai import AsyncAzureOpenAI\nc = AsyncAzureOpenAI(\n    azure_endpoint=endpoint,\n    azure_deployment=deployment,\n    api_version="v",\n)\n',
    );
    expect(out).toBe(
      'import os\nfrom openai import AsyncAzureOpenAI\nc = AsyncAzureOpenAI(\n    azure_deployment=deployment,\n    api_version="v",\n    **(\n        {\n' +
        '            "base_url": f"https://oai.helicone.ai/openai/deployments/{deployment}",\n            "default_headers": {\n' +
        `                ${AUTH},\n                "Helicone-OpenAI-Api-Base": endpoint,\n            },\n        }\n` +
        `        if ${KEY}\n        else {"azure_endpoint": endpoint}\n    ),\n)\n`,
    );
  });
});

describe('optional routing: LiteLLM and openai<1.0', () => {
  it('registers the LiteLLM callback only with the key, or appends to an existing list right after it', async () => {
    expect((await rewrite('import litellm\n\nx = 1\n')).out).toBe(
      `import os\nimport litellm\n\nif ${KEY}:\n    litellm.success_callback = ["helicone"]\n\nx = 1\n`,
    );
    expect((await rewrite('import litellm\n\nlitellm.success_callback = ["langfuse"]\nx = 1\n')).out).toBe(
      `import os\nimport litellm\n\nlitellm.success_callback = ["langfuse"]\nif ${KEY}:\n    litellm.success_callback.append("helicone")\nx = 1\n`,
    );
  });

  it('sets openai.api_base under the guard and adds headers to a one-line call', async () => {
    const { out } = await rewrite('import openai\n\n\ndef ask(q):\n    return openai.ChatCompletion.create(model="m", messages=q)\n');
    expect(out).toBe(
      `import os\nimport openai\n\nif ${KEY}:\n    openai.api_base = "https://oai.helicone.ai/v1"\n\n\n` +
        `def ask(q):\n    return openai.ChatCompletion.create(model="m", messages=q, headers={${AUTH}} if ${KEY} else None)\n`,
    );
  });

  it("rewrites a default api_base and a call in black's layout (trailing comma): the headers keyword on its own line", async () => {
    const { out, sites } = await rewrite(
      'import openai\n\nopenai.api_base = "https://api.openai.com/v1"\n\n\ndef ask(q):\n    return openai.ChatCompletion.create(\n        model="m",\n        messages=q,\n    )\n',
    );
    expect(sites).toEqual([expect.objectContaining({ outcome: 'changed' })]);
    expect(out).toBe(
      `import os\nimport openai\n\nopenai.api_base = (\n    "https://oai.helicone.ai/v1"\n    if ${KEY}\n    else "https://api.openai.com/v1"\n)\n\n\n` +
        `def ask(q):\n    return openai.ChatCompletion.create(\n        model="m",\n        messages=q,\n        headers=(\n            {${AUTH}}\n            if ${KEY}\n            else None\n        ),\n    )\n`,
    );
    const again = await rewrite(out);
    expect(again.out).toBe(out);
    expect(again.sites).toEqual([expect.objectContaining({ outcome: 'already-integrated' })]);
  });
});

describe('always routing: the unconditional forms', () => {
  it('adds base_url and default_headers keywords, one per line in a multi-line call', async () => {
    const { out } = await rewrite(
      'from openai import OpenAI\n\nc = OpenAI(\n    api_key="k",\n)\nd = OpenAI(default_headers=h)\n',
      'always',
    );
    expect(out).toBe(
      'import os\nfrom openai import OpenAI\n\nc = OpenAI(\n    api_key="k",\n' +
        `    base_url="https://oai.helicone.ai/v1",\n    default_headers={"Helicone-Auth": ${H}},\n)\n` +
        `d = OpenAI(default_headers={**h, "Helicone-Auth": ${H}}, base_url="https://oai.helicone.ai/v1")\n`,
    );
  });

  it('replaces azure_endpoint with the Helicone base_url in place', async () => {
    const { out } = await rewrite('from openai import AzureOpenAI\nc = AzureOpenAI(azure_endpoint=e, api_version="v")\n', 'always');
    expect(out).toBe(
      `import os\nfrom openai import AzureOpenAI\nc = AzureOpenAI(base_url="https://oai.helicone.ai/openai", api_version="v", default_headers={"Helicone-Auth": ${H}, "Helicone-OpenAI-Api-Base": e})\n`,
    );
  });

  it("appends to LiteLLM's list and adds the headers keyword to a legacy call in black's layout", async () => {
    expect((await rewrite('import litellm\n\nlitellm.success_callback = ["langfuse"]\n', 'always')).out).toBe(
      'import litellm\n\nlitellm.success_callback = ["langfuse", "helicone"]\n',
    );
    const { out } = await rewrite('import openai\n\nr = openai.ChatCompletion.create(\n    model="m",\n    messages=q,\n)\n', 'always');
    expect(out).toBe(
      `import os\nimport openai\n\nopenai.api_base = "https://oai.helicone.ai/v1"\n\nr = openai.ChatCompletion.create(\n    model="m",\n    messages=q,\n    headers={"Helicone-Auth": ${H}},\n)\n`,
    );
  });
});
