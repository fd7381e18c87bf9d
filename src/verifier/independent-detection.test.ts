import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CodemodIntegrator } from '../adapters/integrator/codemod';
import type { ClientSite } from '../shared/types';
import { verificationSummary, verifyRepository, type VerifyOptions } from './verify-repository';

async function repo(files: Record<string, string>): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'verify-detect-'));
  for (const [f, c] of Object.entries(files)) {
    await fs.mkdir(path.dirname(path.join(dir, f)), { recursive: true });
    await fs.writeFile(path.join(dir, f), c);
  }
  return dir;
}

/** file:line, library and verdict of every site: what the review PR lists. */
async function found(files: Record<string, string>, opts: VerifyOptions = {}) {
  const v = await verifyRepository(await repo(files), opts);
  return v.sites.map((s) => [`${s.file}:${s.line}`, s.library, s.verdict]);
}

/** The codemod on a copy of `files`, then the verifier as the workflow runs it (base commit = `files`). */
async function codemodThenVerify(files: Record<string, string>) {
  const dir = await repo(files);
  const outcome = await new CodemodIntegrator().integrate({
    workdir: dir,
    integrationId: 'v',
    attempt: 1,
    feedback: [],
    log: () => undefined,
  });
  const v = await verifyRepository(dir, {
    integratorSites: outcome.sites,
    changedFiles: outcome.filesChanged,
    original: async (rel) => files[rel],
  });
  return { outcome, v };
}

const AUTH = "'Helicone-Auth': `Bearer ${process.env.HELICONE_API_KEY}`";

describe('the verifier finds LLM SDK use on its own, not through the codemod', () => {
  it('reports an OpenAI Agents SDK app the codemod does not handle as unrecognized, not "0 missed" (Python and JS)', async () => {
    const files = {
      // The agents run through a helper of the SDK (not Runner), so the codemod sees no default client to set.
      'bot.py':
        'import asyncio\nfrom agents import Agent, run_demo_loop\n\nagent = Agent(name="a", instructions="be brief")\nasyncio.run(run_demo_loop(agent))\n',
      // A realtime agent: a session of the SDK's own, which the codemod does not know.
      'src/voice.ts':
        "import { RealtimeAgent, RealtimeSession } from '@openai/agents/realtime';\n\nconst agent = new RealtimeAgent({ name: 'a' });\nconst session = new RealtimeSession(agent);\nawait session.connect({ apiKey: process.env.OPENAI_API_KEY! });\n",
      'package.json': '{"name":"x","type":"module","dependencies":{"@openai/agents":"^0.1.0","openai":"^4.0.0"}}',
    };
    const { outcome, v } = await codemodThenVerify(files);
    expect(outcome.sites).toEqual([]);
    expect(v.sites.map((s) => [`${s.file}:${s.line}`, s.library, s.verdict])).toEqual([
      ['bot.py:4', 'agents', 'unrecognized'],
      ['src/voice.ts:3', '@openai/agents/realtime', 'unrecognized'],
    ]);
    // Line 4 of voice.ts is the same SDK in the same file: named in the one entry, not a second one.
    expect(v.sites[1]!.reason).toContain('also line 4');
    expect(verificationSummary(v)).toMatch(/0 missed, 2 LLM use\(s\) the verifier cannot judge \(unrecognized\)/);
  });

  it('still reports an unjudged SDK in a file whose OpenAI client it did judge', async () => {
    const files = {
      'chat.py':
        'import os\nfrom openai import OpenAI\nimport google.generativeai as genai\n\nclient = OpenAI()\nmodel = genai.GenerativeModel("gemini-1.5-flash")\n',
    };
    expect(await found(files)).toEqual([
      ['chat.py:5', 'openai-python', 'missed'],
      ['chat.py:6', 'google.generativeai', 'unrecognized'],
    ]);
  });

  it('names a construction of a judged SDK that the judges do not model, and the openai module-level client', async () => {
    const files = {
      // `new OpenAI.OpenAI()` through a namespace import: not a form the site finder knows.
      'a.ts': "import * as sdk from 'openai';\nexport const a = new sdk.OpenAI.OpenAI();\n",
      'b.py': 'import openai\n\nopenai.chat.completions.create(model="gpt-4o", messages=[])\n',
    };
    expect(await found(files)).toEqual([
      ['a.ts:2', 'openai', 'unrecognized'],
      ['b.py:3', 'openai', 'unrecognized'],
    ]);
  });

  it("leaves types, errors, helpers and the repository's own `agents` package alone", async () => {
    const files = {
      'types.ts':
        "import type { ChatCompletion } from 'openai';\nimport { APIError } from 'openai';\nexport type C = ChatCompletion;\nexport const e = new APIError(400, undefined, 'x', undefined);\n",
      'errors.py':
        'from openai import APIError\nfrom openai.types.chat import ChatCompletionMessageParam\n\ndef f(m: ChatCompletionMessageParam):\n    raise APIError("x", None, body=None)\n',
      'agents/__init__.py': 'class Planner:\n    pass\n',
      'main.py': 'from agents import Planner\n\nplanner = Planner()\n',
      // A framework's base class, subclassed but never called here: this file sends nothing.
      'tools.py': 'from crewai.tools import BaseTool\n\nclass Search(BaseTool):\n    name: str = "search"\n',
    };
    expect(await found(files)).toEqual([]);
  });

  it('names an unjudged SDK imported with no call it can see (a decorator, a whole module)', async () => {
    const files = {
      'fns.py': 'import marvin\nfrom marvin import fn\n\n@fn\ndef summarize(text: str) -> str:\n    return text\n',
      'g.js': "const genai = require('@google/genai');\nmodule.exports = genai;\n",
    };
    expect(await found(files)).toEqual([
      ['fns.py:1', 'marvin', 'unrecognized'],
      ['g.js:1', '@google/genai', 'unrecognized'],
    ]);
  });
});

describe('excuses are per site', () => {
  const twoClients = [
    "import OpenAI from 'openai';",
    "export const together = new OpenAI({ baseURL: 'https://api.together.xyz/v1' });",
    'export const plain = new OpenAI();',
    '',
  ].join('\n');
  const skipped = (line: number): ClientSite => ({
    file: 'a.ts',
    line,
    library: 'openai',
    outcome: 'skipped',
    reason: 'a provider Helicone has no gateway for',
  });

  it('an excused client does not excuse another client of the same library in the same file', async () => {
    expect(await found({ 'a.ts': twoClients }, { integratorSites: [skipped(2)] })).toEqual([
      ['a.ts:2', 'openai', 'left'],
      ['a.ts:3', 'openai', 'missed'],
    ]);
    expect(await found({ 'a.ts': twoClients }, { integratorSites: [skipped(3)] })).toEqual([
      ['a.ts:2', 'openai', 'missed'],
      ['a.ts:3', 'openai', 'left'],
    ]);
  });

  it('finds the excused site where a rewrite above it moved it (lines of the file the integrator read)', async () => {
    const before = [
      "import OpenAI from 'openai';",
      'export const first = new OpenAI();',
      "export const together = new OpenAI({ baseURL: 'https://api.together.xyz/v1' });",
      'export const last = new OpenAI();',
      '',
    ].join('\n');
    const after = [
      "import OpenAI from 'openai';",
      'export const first = new OpenAI({',
      `  ...(process.env.HELICONE_API_KEY ? { baseURL: 'https://oai.helicone.ai/v1', defaultHeaders: { ${AUTH} } } : {}),`,
      '});',
      "export const together = new OpenAI({ baseURL: 'https://api.together.xyz/v1' });",
      'export const last = new OpenAI();',
      '',
    ].join('\n');
    // The integrator left line 3 of its file; the verifier reads it at line 5. Line 6 (was 4) has no excuse.
    const sites = await found({ 'a.ts': after }, { integratorSites: [skipped(3)], changedFiles: ['a.ts'], original: async () => before });
    expect(sites).toEqual([
      ['a.ts:2', 'openai', 'routed'],
      ['a.ts:5', 'openai', 'left'],
      ['a.ts:6', 'openai', 'missed'],
    ]);
  });

  it('an SDK the judges do not model: the excused use is left, another use in the file is still unrecognized', async () => {
    const files = {
      'g.py':
        'import google.generativeai as genai\n\nlegacy = genai.GenerativeModel("gemini-pro")\n\n\ndef fresh():\n    return genai.GenerativeModel("gemini-1.5-flash")\n',
    };
    const excuse: ClientSite = {
      file: 'g.py',
      line: 3,
      library: 'google-genai',
      outcome: 'skipped',
      reason: 'kept on the provider for a benchmark',
    };
    expect(await found(files, { integratorSites: [excuse] })).toEqual([
      ['g.py:3', 'google-genai', 'left'],
      ['g.py:7', 'google.generativeai', 'unrecognized'],
    ]);
  });

  it('a construction the integrator says it changed but the verifier cannot judge stays unrecognized, with that claim', async () => {
    const files = {
      'm.ts':
        "import { Mistral } from '@mistralai/mistralai';\nexport const m = new Mistral({ serverURL: 'https://gateway.helicone.ai' });\n",
    };
    const v = await verifyRepository(await repo(files), {
      integratorSites: [{ file: 'm.ts', line: 2, library: 'mistral', outcome: 'changed', by: 'agent' }],
    });
    expect(v.sites.map((s) => [`${s.file}:${s.line}`, s.verdict])).toEqual([['m.ts:2', 'unrecognized']]);
    expect(v.sites[0]!.reason).toContain('the integrator reports it changed');
  });
});
