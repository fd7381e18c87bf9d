import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CodemodIntegrator } from '../adapters/integrator/codemod';
import { SourceSnapshot } from '../shared/source-snapshot';
import { verifyRepository, type VerifyOptions } from './verify-repository';

async function repo(files: Record<string, string>): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'verify-'));
  for (const [f, c] of Object.entries(files)) {
    await fs.mkdir(path.dirname(path.join(dir, f)), { recursive: true });
    await fs.writeFile(path.join(dir, f), c);
  }
  return dir;
}

/** Verifies `after` with `before` as the base commit's version of each file. */
async function verdicts(after: Record<string, string>, before?: Record<string, string>, opts: VerifyOptions = {}) {
  const dir = await repo(after);
  const v = await verifyRepository(dir, { ...opts, ...(before ? { original: async (rel) => before[rel] } : {}) });
  return v.sites.map((s) => [s.file, s.verdict, s.reason]);
}

const AUTH = "'Helicone-Auth': `Bearer ${process.env.HELICONE_API_KEY}`";
const OPT_IN = `...(process.env.HELICONE_API_KEY ? { baseURL: 'https://oai.helicone.ai/v1', defaultHeaders: { ${AUTH} } } : {})`;

describe('verifyRepository: judged by what the client is given with and without HELICONE_API_KEY', () => {
  it('calls a route that does not depend on the key unconditional, and says what it still sends', async () => {
    expect(
      await verdicts({
        'a.ts': `import OpenAI from 'openai';\nexport const a = new OpenAI({ baseURL: 'https://oai.helicone.ai/v1', defaultHeaders: { ${AUTH} } });\n`,
      }),
    ).toEqual([['a.ts', 'unconditional', 'without HELICONE_API_KEY it still sends to https://oai.helicone.ai/v1']]);
  });

  it('accepts the same route under routing "always"', async () => {
    const files = {
      'a.ts': `import OpenAI from 'openai';\nexport const a = new OpenAI({ baseURL: 'https://oai.helicone.ai/v1', defaultHeaders: { ${AUTH} } });\n`,
    };
    expect(await verdicts(files, undefined, { routing: 'always' })).toEqual([['a.ts', 'routed', undefined]]);
  });

  it('routes a conditional spread, and compares the keyless request with the original file', async () => {
    const before = { 'a.ts': "import OpenAI from 'openai';\nexport const a = new OpenAI({ apiKey: process.env.OPENAI_API_KEY });\n" };
    const good = {
      'a.ts': `import OpenAI from 'openai';\nexport const a = new OpenAI({ apiKey: process.env.OPENAI_API_KEY, ${OPT_IN} });\n`,
    };
    expect(await verdicts(good, before)).toEqual([['a.ts', 'routed', undefined]]);
    // Routed with the key, and no Helicone without it, but the keyless client lost its apiKey: not the original.
    const lost = { 'a.ts': `import OpenAI from 'openai';\nexport const a = new OpenAI({ ${OPT_IN} });\n` };
    expect(await verdicts(lost, before)).toEqual([
      [
        'a.ts',
        'unconditional',
        'without HELICONE_API_KEY it is not the original request: apiKey is absent instead of <process.env.OPENAI_API_KEY>',
      ],
    ]);
  });

  it('sees the Groq base URL kept without the key, and a keyless Helicone-Auth of "Bearer undefined"', async () => {
    const before = {
      'g.ts': "import OpenAI from 'openai';\nexport const g = new OpenAI({ baseURL: 'https://api.groq.com/openai/v1' });\n",
    };
    const ternary = `baseURL: process.env.HELICONE_API_KEY ? 'https://groq.helicone.ai/openai/v1' : 'https://api.groq.com/openai/v1'`;
    const ok = {
      'g.ts': `import OpenAI from 'openai';\nexport const g = new OpenAI({ ${ternary}, ...(process.env.HELICONE_API_KEY ? { defaultHeaders: { ${AUTH} } } : {}) });\n`,
    };
    expect(await verdicts(ok, before)).toEqual([['g.ts', 'routed', undefined]]);
    const headerAlways = {
      'g.ts': `import OpenAI from 'openai';\nexport const g = new OpenAI({ ${ternary}, defaultHeaders: { ${AUTH} } });\n`,
    };
    expect(await verdicts(headerAlways, before)).toEqual([
      ['g.ts', 'unconditional', 'without HELICONE_API_KEY it still sends the header Helicone-Auth: "Bearer undefined"'],
    ]);
  });

  it('follows const objects, a key read into a const, and `&&` spreads', async () => {
    const files = {
      'c.ts': [
        "import Anthropic from '@anthropic-ai/sdk';",
        'const heliconeKey = process.env.HELICONE_API_KEY;',
        "const helicone = { baseURL: 'https://anthropic.helicone.ai', defaultHeaders: { 'Helicone-Auth': `Bearer ${heliconeKey}` } };",
        'export const c = new Anthropic({ ...(heliconeKey && helicone) });',
        '',
      ].join('\n'),
    };
    expect(await verdicts(files, { 'c.ts': "import Anthropic from '@anthropic-ai/sdk';\nexport const c = new Anthropic();\n" })).toEqual([
      ['c.ts', 'routed', undefined],
    ]);
  });

  it('catches a base URL the SDK would join into a path Helicone does not serve (Vercel createAnthropic needs /v1)', async () => {
    const files = (base: string) => ({
      'v.ts': `import { createAnthropic } from '@ai-sdk/anthropic';\nexport const v = createAnthropic({ ...(process.env.HELICONE_API_KEY ? { baseURL: '${base}', headers: { ${AUTH} } } : {}) });\n`,
    });
    const [[, verdict, reason]] = (await verdicts(files('https://anthropic.helicone.ai'))) as [string, string, string][];
    expect(verdict).toBe('misrouted');
    expect(reason).toContain('https://anthropic.helicone.ai/messages');
    expect(await verdicts(files('https://anthropic.helicone.ai/v1'))).toEqual([['v.ts', 'routed', undefined]]);
    // The Anthropic SDK itself appends /v1/messages: a /v1 there would double it.
    const sdk = {
      's.ts': `import Anthropic from '@anthropic-ai/sdk';\nexport const s = new Anthropic({ ...(process.env.HELICONE_API_KEY ? { baseURL: 'https://anthropic.helicone.ai/v1', defaultHeaders: { ${AUTH} } } : {}) });\n`,
    };
    expect((await verdicts(sdk))[0]![1]).toBe('misrouted');
  });

  it("keeps the reasons for sites that are not routed at all, with the integrator's excuse when it gave one", async () => {
    const dir = await repo({
      'b.ts': "import OpenAI from 'openai';\nexport const b = new OpenAI({ baseURL: 'https://oai.helicone.ai/v1' });\n",
      'c.ts': "import Anthropic from '@anthropic-ai/sdk';\nexport const c = new Anthropic();\n",
      'd.ts': "import { AzureOpenAI } from 'openai';\nexport const d = new AzureOpenAI({ endpoint: e });\n",
      'e.ts':
        "import { ChatOpenAI } from '@langchain/openai';\nexport const e = new ChatOpenAI({ configuration: { baseURL: 'https://ai-gateway.helicone.ai/v1' } });\n",
    });
    const v = await verifyRepository(dir, {
      routing: 'always',
      integratorSites: [
        {
          file: 'd.ts',
          line: 2,
          library: 'openai-azure',
          outcome: 'skipped',
          reason: 'Azure OpenAI needs a deployment-specific Helicone URL',
        },
      ],
    });
    expect(v.sites.map((s) => [s.file, s.verdict, s.reason])).toEqual([
      ['b.ts', 'missed', 'routed to Helicone but without the Helicone-Auth header in defaultHeaders'],
      ['c.ts', 'missed', 'constructed without options, so it talks to the provider directly'],
      ['d.ts', 'left', 'Azure OpenAI needs a deployment-specific Helicone URL'],
      ['e.ts', 'routed', undefined],
    ]);
  });

  it('judges Python calls, `**` expansions and f-strings in both worlds', async () => {
    const before = { 'p.py': 'import os\nfrom openai import OpenAI\n\nc = OpenAI(api_key=os.environ["OPENAI_API_KEY"])\n' };
    const optIn =
      '**({"base_url": "https://oai.helicone.ai/v1", "default_headers": {"Helicone-Auth": f"Bearer {os.environ[\'HELICONE_API_KEY\']}"}} if os.environ.get("HELICONE_API_KEY") else {})';
    expect(
      await verdicts(
        { 'p.py': `import os\nfrom openai import OpenAI\n\nc = OpenAI(api_key=os.environ["OPENAI_API_KEY"], ${optIn})\n` },
        before,
      ),
    ).toEqual([['p.py', 'routed', undefined]]);
    const always =
      'base_url="https://oai.helicone.ai/v1", default_headers={"Helicone-Auth": f"Bearer {os.environ.get(\'HELICONE_API_KEY\')}"}';
    expect(
      await verdicts(
        { 'p.py': `import os\nfrom openai import OpenAI\n\nc = OpenAI(api_key=os.environ["OPENAI_API_KEY"], ${always})\n` },
        before,
      ),
    ).toEqual([['p.py', 'unconditional', 'without HELICONE_API_KEY it still sends to https://oai.helicone.ai/v1']]);
    // base_url=None is not "absent" for every library: the verifier compares with the original call, which had none.
    const none =
      'base_url="https://oai.helicone.ai/v1" if os.environ.get("HELICONE_API_KEY") else None, default_headers={"Helicone-Auth": f"Bearer {os.environ[\'HELICONE_API_KEY\']}"} if os.getenv("HELICONE_API_KEY") else None';
    expect(
      (
        await verdicts(
          { 'p.py': `import os\nfrom openai import OpenAI\n\nc = OpenAI(api_key=os.environ["OPENAI_API_KEY"], ${none})\n` },
          before,
        )
      )[0]![1],
    ).toBe('routed');
    // ...but for LangChain's pydantic fields, base_url=None overrides OPENAI_API_BASE from the environment.
    const lcBefore = { 'l.py': 'from langchain_openai import ChatOpenAI\n\nllm = ChatOpenAI(model="gpt-4o")\n' };
    const lcNone = { 'l.py': `import os\nfrom langchain_openai import ChatOpenAI\n\nllm = ChatOpenAI(model="gpt-4o", ${none})\n` };
    expect(await verdicts(lcNone, lcBefore)).toEqual([
      ['l.py', 'unconditional', 'without HELICONE_API_KEY it is not the original request: base_url is None instead of absent'],
    ]);
  });

  it('reads a settings field named for the key as the key (a pydantic settings module)', async () => {
    const files = {
      'p.py':
        'from anthropic import Anthropic\nfrom app.config import settings\n\nc = Anthropic(**({"base_url": "https://anthropic.helicone.ai", "default_headers": {"Helicone-Auth": f"Bearer {settings.helicone_api_key}"}} if settings.helicone_api_key else {}))\n',
    };
    expect(
      await verdicts(files, { 'p.py': 'from anthropic import Anthropic\nfrom app.config import settings\n\nc = Anthropic()\n' }),
    ).toEqual([['p.py', 'routed', undefined]]);
  });

  it('LiteLLM: the Helicone callback only under the key; registered for everyone it is unconditional', async () => {
    const before = { 'l.py': 'import litellm\n\nlitellm.completion(model="gpt-4o", messages=[])\n' };
    const guarded =
      'import os\n\nimport litellm\n\nif os.environ.get("HELICONE_API_KEY"):\n    litellm.success_callback = ["helicone"]\n\nlitellm.completion(model="gpt-4o", messages=[])\n';
    expect(await verdicts({ 'l.py': guarded }, before)).toEqual([['l.py', 'routed', undefined]]);
    const always = 'import litellm\n\nlitellm.success_callback = ["helicone"]\n\nlitellm.completion(model="gpt-4o", messages=[])\n';
    expect((await verdicts({ 'l.py': always }, before))[0]!.slice(0, 2)).toEqual(['l.py', 'unconditional']);
    const appended =
      'import os\n\nimport litellm\n\nlitellm.success_callback = ["langfuse"]\nif os.environ.get("HELICONE_API_KEY"):\n    litellm.success_callback.append("helicone")\n';
    expect(await verdicts({ 'l.py': appended }, { 'l.py': 'import litellm\n\nlitellm.success_callback = ["langfuse"]\n' })).toEqual([
      ['l.py', 'routed', undefined],
    ]);
  });

  it('legacy openai<1.0: api_base and per-call headers through Helicone only with the key', async () => {
    const before = { 'o.py': 'import openai\n\nr = openai.ChatCompletion.create(model="gpt-4", messages=[])\n' };
    const header =
      'headers={"Helicone-Auth": f"Bearer {os.environ[\'HELICONE_API_KEY\']}"} if os.environ.get("HELICONE_API_KEY") else None';
    const guarded = `import os\n\nimport openai\n\nif os.environ.get("HELICONE_API_KEY"):\n    openai.api_base = "https://oai.helicone.ai/v1"\n\nr = openai.ChatCompletion.create(model="gpt-4", messages=[], ${header})\n`;
    // headers=None is that version's default, but not the original call's text: judged by its effect, it is absent.
    const [[, verdict]] = (await verdicts({ 'o.py': guarded })) as [string, string][];
    expect(verdict).toBe('routed');
    const always =
      'import os\n\nimport openai\n\nopenai.api_base = "https://oai.helicone.ai/v1"\n\nr = openai.ChatCompletion.create(model="gpt-4", messages=[], headers={"Helicone-Auth": f"Bearer {os.environ.get(\'HELICONE_API_KEY\')}"})\n';
    expect(await verdicts({ 'o.py': always }, before)).toEqual([
      ['o.py', 'unconditional', 'without HELICONE_API_KEY openai.api_base is still https://oai.helicone.ai/v1'],
    ]);
  });

  it("names LLM imports it cannot judge (an agent framework's default client) instead of passing them in silence", async () => {
    const v = await verdicts({
      'agent.py':
        'from agents import Agent, Runner\n\nagent = Agent(name="a", instructions="be brief")\nprint(Runner.run_sync(agent, "hi").final_output)\n',
      'agent.ts':
        "import { Agent, run } from '@openai/agents';\n\nconst agent = new Agent({ name: 'a', instructions: 'be brief' });\nawait run(agent, 'hi');\n",
      'gemini.py': 'import google.generativeai as genai\n\nmodel = genai.GenerativeModel("gemini-1.5-flash")\n',
      'plain.py': 'import requests\n\nrequests.get("https://example.com")\n',
    });
    expect(v.map(([file, verdict]) => [file, verdict])).toEqual([
      ['agent.py', 'unrecognized'],
      ['agent.ts', 'unrecognized'],
      ['gemini.py', 'unrecognized'],
    ]);
    // One entry per file and SDK, at its first use, naming the other uses (Runner.run_sync on line 4).
    expect(v[0]![2]).toMatch(/^`Agent\(…\)` of agents \(the OpenAI Agents SDK\); also line 4:/);
  });

  it('judges a client built only under the key (the Agents SDK default client) with the key alone', async () => {
    const guarded = [
      "import OpenAI from 'openai';",
      "import { Agent, run, setDefaultOpenAIClient } from '@openai/agents';",
      'if (process.env.HELICONE_API_KEY) {',
      `  setDefaultOpenAIClient(new OpenAI({ baseURL: 'https://oai.helicone.ai/v1', defaultHeaders: { ${AUTH} } }));`,
      '}',
      "await run(new Agent({ name: 'a' }), 'hi');",
      '',
    ].join('\n');
    const before = { 'main.ts': "import { Agent, run } from '@openai/agents';\nawait run(new Agent({ name: 'a' }), 'hi');\n" };
    expect(await verdicts({ 'main.ts': guarded }, before)).toEqual([['main.ts', 'routed', undefined]]);
    // The same call for everyone is unconditional.
    const always = guarded.replace('if (process.env.HELICONE_API_KEY) {', '{');
    expect((await verdicts({ 'main.ts': always }, before))[0]![1]).toBe('unconditional');
  });

  it("takes a GitHub Action's optional input as the key", async () => {
    const files = {
      'src/main.ts': [
        "import * as core from '@actions/core';",
        "import OpenAI from 'openai';",
        "export const ai = new OpenAI({ ...(core.getInput('helicone-api-key') ? { baseURL: 'https://oai.helicone.ai/v1', defaultHeaders: { 'Helicone-Auth': `Bearer ${core.getInput('helicone-api-key')}` } } : {}) });",
        '',
      ].join('\n'),
    };
    expect(
      await verdicts(files, {
        'src/main.ts': "import * as core from '@actions/core';\nimport OpenAI from 'openai';\nexport const ai = new OpenAI();\n",
      }),
    ).toEqual([['src/main.ts', 'routed', undefined]]);
  });

  it('confirms the codemod on the sample app and reports changed files that no longer parse', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'verify-sample-'));
    const sample = path.resolve(__dirname, '../../examples/sample-app');
    await fs.cp(sample, dir, { recursive: true });
    const before = await verifyRepository(dir);
    expect(before.sites.map((s) => s.verdict)).toEqual(['missed', 'missed']);
    const outcome = await new CodemodIntegrator().integrate({
      workdir: dir,
      integrationId: 'v',
      attempt: 1,
      feedback: [],
      log: () => undefined,
    });
    const original = (rel: string) => fs.readFile(path.join(sample, rel), 'utf8');
    const after = await verifyRepository(dir, { integratorSites: outcome.sites, changedFiles: outcome.filesChanged, original });
    expect(after.sites.map((s) => s.verdict)).toEqual(['routed', 'routed']);
    expect(after.parseFailures).toEqual([]);
    await fs.writeFile(path.join(dir, 'src/openai-client.ts'), 'export const = ;\n');
    expect((await verifyRepository(dir, { changedFiles: ['src/openai-client.ts'] })).parseFailures).toEqual(['src/openai-client.ts']);
  });

  it("judges the codemod's snapshot exactly as it judges the disk, and a file changed since then only after forget", async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'verify-snapshot-'));
    const sample = path.resolve(__dirname, '../../examples/sample-app');
    await fs.cp(sample, dir, { recursive: true });
    const snapshot = new SourceSnapshot(dir);
    const outcome = await new CodemodIntegrator().integrate({
      workdir: dir,
      integrationId: 'v',
      attempt: 1,
      feedback: [],
      log: () => undefined,
      snapshot,
    });
    expect(outcome.snapshotCurrent).toBe(true);
    const original = (rel: string) => fs.readFile(path.join(sample, rel), 'utf8');
    const opts = { integratorSites: outcome.sites, changedFiles: outcome.filesChanged, original };
    const fromDisk = await verifyRepository(dir, opts);
    expect(await verifyRepository(dir, { ...opts, snapshot })).toEqual(fromDisk);
    expect(fromDisk.sites.map((s) => s.verdict)).toEqual(['routed', 'routed']);
    // Put back behind the snapshot's back (as the diff policy's revert does with git): only once forgotten is it seen.
    await fs.writeFile(path.join(dir, 'src/openai-client.ts'), await original('src/openai-client.ts'));
    expect((await verifyRepository(dir, { ...opts, snapshot })).sites.map((s) => s.verdict)).toEqual(['routed', 'routed']);
    snapshot.forget(['src/openai-client.ts']);
    expect((await verifyRepository(dir, { ...opts, snapshot })).sites.map((s) => s.verdict)).toContain('missed');
  });
});
