import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CodemodIntegrator, rewriteFile } from '.';

async function run(files: Record<string, string>) {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'codemod-'));
  for (const [f, content] of Object.entries(files)) {
    await fs.mkdir(path.dirname(path.join(dir, f)), { recursive: true });
    await fs.writeFile(path.join(dir, f), content);
  }
  const outcome = await new CodemodIntegrator().integrate({ workdir: dir, integrationId: 't', attempt: 1, feedback: [], log: () => undefined });
  const read = (f: string) => fs.readFile(path.join(dir, f), 'utf8');
  return { dir, outcome, read };
}

const HEADER = "'Helicone-Auth': `Bearer ${process.env.HELICONE_API_KEY}`";

describe('CodemodIntegrator', () => {
  it('adds baseURL and the header to a multi-line options object, in its layout', async () => {
    const { outcome, read } = await run({
      'src/ai.ts': "import OpenAI from 'openai';\n\nexport const ai = new OpenAI({\n  apiKey: process.env.OPENAI_API_KEY,\n});\n",
    });
    expect(await read('src/ai.ts')).toBe(
      "import OpenAI from 'openai';\n\nexport const ai = new OpenAI({\n  apiKey: process.env.OPENAI_API_KEY,\n" +
        "  baseURL: 'https://oai.helicone.ai/v1',\n  defaultHeaders: {\n    " + HEADER + ",\n  },\n});\n",
    );
    expect(outcome.sites).toEqual([{ file: 'src/ai.ts', line: 3, library: 'openai', outcome: 'changed' }]);
    expect(outcome.filesChanged).toEqual(['src/ai.ts']);
  });

  it('keeps a single-line object on one line and follows double quotes', async () => {
    const { read } = await run({
      'a.js': 'const Anthropic = require("@anthropic-ai/sdk");\nconst c = new Anthropic({ apiKey: key });\n',
    });
    expect(await read('a.js')).toBe(
      'const Anthropic = require("@anthropic-ai/sdk");\n' +
        'const c = new Anthropic({ apiKey: key, baseURL: "https://anthropic.helicone.ai", defaultHeaders: { "Helicone-Auth": `Bearer ${process.env.HELICONE_API_KEY}` } });\n',
    );
  });

  it('gives a no-argument constructor an options object, broken over lines when it would be long', async () => {
    const { read } = await run({
      'x.ts': "import { Anthropic } from '@anthropic-ai/sdk';\nfunction f() {\n    return new Anthropic();\n}\n",
      'y.ts': "import { Anthropic } from '@anthropic-ai/sdk';\nconst anthropic = new Anthropic();\n",
    });
    expect(await read('x.ts')).toBe(
      "import { Anthropic } from '@anthropic-ai/sdk';\nfunction f() {\n    return new Anthropic({\n        baseURL: 'https://anthropic.helicone.ai',\n" +
        '        defaultHeaders: { ' + HEADER + ' },\n    });\n}\n',
    );
    expect(await read('y.ts')).toBe(
      "import { Anthropic } from '@anthropic-ai/sdk';\nconst anthropic = new Anthropic({\n  baseURL: 'https://anthropic.helicone.ai',\n" +
        '  defaultHeaders: { ' + HEADER + ' },\n});\n',
    );
  });

  it('merges into existing headers instead of replacing them, and keeps end-of-line comments in place', async () => {
    const { read } = await run({
      'x.ts':
        "import OpenAI from 'openai';\nconst o = new OpenAI({\n    apiKey: k, // the key\n    defaultHeaders: { 'X-App': 'demo' }\n});\n",
    });
    expect(await read('x.ts')).toBe(
      "import OpenAI from 'openai';\nconst o = new OpenAI({\n    apiKey: k, // the key\n    defaultHeaders: { 'X-App': 'demo', " + HEADER + " },\n    baseURL: 'https://oai.helicone.ai/v1'\n});\n",
    );
  });

  it('wraps headers that come from a variable', async () => {
    const { read } = await run({ 'x.ts': "import OpenAI from 'openai';\nconst o = new OpenAI({ defaultHeaders: extra });\n" });
    expect(await read('x.ts')).toContain(`defaultHeaders: { ...extra, ${HEADER} }, baseURL: 'https://oai.helicone.ai/v1'`);
  });

  it('routes the default URL and other providers to their own Helicone host, and leaves unknown hosts alone', async () => {
    const { read, outcome } = await run({
      'a.ts': "import OpenAI from 'openai';\nexport const a = new OpenAI({ baseURL: 'https://api.openai.com/v1' });\n",
      'b.ts': "import OpenAI from 'openai';\nexport const b = new OpenAI({ baseURL: 'https://api.deepseek.com' });\n",
      'c.ts': "import OpenAI from 'openai';\nexport const c = new OpenAI({ baseURL: 'https://api.groq.com/openai/v1' });\n",
      'd.ts': "import OpenAI from 'openai';\nexport const d = new OpenAI({ baseURL: 'http://localhost:11434/v1' });\n",
    });
    expect(await read('a.ts')).toContain(`new OpenAI({ baseURL: 'https://oai.helicone.ai/v1', defaultHeaders: { ${HEADER} } })`);
    expect(await read('b.ts')).toContain(`new OpenAI({ baseURL: 'https://deepseek.helicone.ai/v1', defaultHeaders: { ${HEADER} } })`);
    expect(await read('c.ts')).toContain(`new OpenAI({ baseURL: 'https://groq.helicone.ai/openai/v1', defaultHeaders: { ${HEADER} } })`);
    expect(await read('d.ts')).toBe("import OpenAI from 'openai';\nexport const d = new OpenAI({ baseURL: 'http://localhost:11434/v1' });\n");
    expect(outcome.sites.find((s) => s.file === 'd.ts')).toMatchObject({
      outcome: 'skipped',
      reason: 'baseURL points at http://localhost:11434/v1, which has no Helicone proxy host',
    });
  });

  it('uses the option names of the Vercel AI SDK and LangChain', async () => {
    const { read, outcome } = await run({
      'v.ts': "import { createOpenAI } from '@ai-sdk/openai';\nexport const p = createOpenAI({ apiKey: k });\n",
      'va.ts': "import { createAnthropic } from '@ai-sdk/anthropic';\nexport const p = createAnthropic();\n",
      'lc.ts': "import { ChatOpenAI } from '@langchain/openai';\nexport const m = new ChatOpenAI({ model: 'gpt-4o' });\n",
      'lcc.ts': "import { ChatOpenAI } from '@langchain/openai';\nexport const m = new ChatOpenAI({ configuration: { organization: 'o' } });\n",
      'la.ts': "import { ChatAnthropic } from '@langchain/anthropic';\nexport const m = new ChatAnthropic({ model: 'claude' });\n",
      'emb.ts': "import { OpenAIEmbeddings } from 'langchain/embeddings/openai';\nexport const e = new OpenAIEmbeddings();\n",
    });
    expect(await read('v.ts')).toContain(`createOpenAI({ apiKey: k, baseURL: 'https://oai.helicone.ai/v1', headers: { ${HEADER} } })`);
    expect(await read('va.ts')).toContain(`createAnthropic({\n  baseURL: 'https://anthropic.helicone.ai',\n  headers: { ${HEADER} },\n})`);
    expect(await read('lc.ts')).toContain(
      `new ChatOpenAI({ model: 'gpt-4o', configuration: { baseURL: 'https://oai.helicone.ai/v1', defaultHeaders: { ${HEADER} } } })`,
    );
    expect(await read('lcc.ts')).toContain(
      `new ChatOpenAI({ configuration: { organization: 'o', baseURL: 'https://oai.helicone.ai/v1', defaultHeaders: { ${HEADER} } } })`,
    );
    expect(await read('la.ts')).toContain(
      `new ChatAnthropic({ model: 'claude', clientOptions: { baseURL: 'https://anthropic.helicone.ai', defaultHeaders: { ${HEADER} } } })`,
    );
    expect(await read('emb.ts')).toContain("new OpenAIEmbeddings({\n  configuration: { baseURL: 'https://oai.helicone.ai/v1', defaultHeaders: {");
    expect(outcome.sites.map((s) => s.library).sort()).toEqual([
      'langchain-anthropic', 'langchain-openai', 'langchain-openai', 'langchain-openai', 'vercel-ai-anthropic', 'vercel-ai-openai',
    ]);
    expect(outcome.sites.every((s) => s.outcome === 'changed')).toBe(true);
  });

  it('reports already-integrated clients (current and legacy hosts) and changes nothing', async () => {
    const files = {
      'a.ts': "import OpenAI from 'openai';\nnew OpenAI({ baseURL: 'https://oai.hconeai.com/v1' });\n",
      'b.ts': "import Anthropic from '@anthropic-ai/sdk';\nnew Anthropic({ baseURL: 'https://anthropic.helicone.ai' });\n",
    };
    const { read, outcome } = await run(files);
    expect(await read('a.ts')).toBe(files['a.ts']);
    expect(await read('b.ts')).toBe(files['b.ts']);
    expect(outcome.filesChanged).toEqual([]);
    expect(outcome.sites.map((s) => s.outcome)).toEqual(['already-integrated', 'already-integrated']);
  });

  it('judges a class by the package it is imported from', async () => {
    const files = {
      'lc.ts': "import { OpenAI } from 'some-other-llm-lib';\nconst llm = new OpenAI({ temperature: 0 });\n",
      'local.ts': 'class OpenAI {}\nconst x = new OpenAI();\n',
      'ns.ts': "import * as sdk from 'openai';\nconst c = new sdk.OpenAI({ apiKey: k });\n",
    };
    const { read, outcome } = await run(files);
    expect(await read('lc.ts')).toBe(files['lc.ts']);
    expect(await read('local.ts')).toBe(files['local.ts']);
    expect(await read('ns.ts')).toContain("new sdk.OpenAI({ apiKey: k, baseURL: 'https://oai.helicone.ai/v1'");
    expect(outcome.sites.map((s) => s.file)).toEqual(['ns.ts']);
  });

  it('skips what it cannot rewrite safely, with reasons', async () => {
    const { outcome } = await run({
      'a.ts':
        "import OpenAI, { AzureOpenAI } from 'openai';\nnew OpenAI(opts);\nnew OpenAI({ ...opts });\nnew AzureOpenAI({ baseURL: 'https://example.com/v1' });\n" +
        "let mutable = { apiKey: k };\nnew OpenAI(mutable);\nconst local = { baseURL: 'http://localhost:1234/v1' };\nnew OpenAI({ ...local, apiKey: k });\n" +
        'function f(local: object) {\n  return new OpenAI(local);\n}\nnew OpenAI(getOptions());\n' +
        "const later = { apiKey: k };\nlater.baseURL = 'http://localhost:1234/v1';\nnew OpenAI(later);\n",
    });
    expect(outcome.filesChanged).toEqual([]);
    expect(outcome.sites.map((s) => [s.line, s.outcome, s.reason])).toEqual([
      [2, 'skipped', 'options come from `opts`, which is not a const object literal declared in this file'],
      [3, 'skipped', 'options include a spread of `opts`, so an existing base URL cannot be ruled out'],
      [4, 'skipped', 'baseURL is https://example.com/v1, not an Azure OpenAI resource'],
      [6, 'skipped', 'options come from `mutable`, which is not a const object literal declared in this file'],
      [8, 'skipped', 'options spread `local`, which sets baseURL'],
      // The parameter shadows the const of the same name declared outside.
      [10, 'skipped', 'options come from `local`, which is not a const object literal declared in this file'],
      [12, 'skipped', 'options are passed as `getOptions()`, not an object literal'],
      [15, 'skipped', 'options come from `later`, which is modified after it is declared'],
    ]);
    expect(outcome.summary).toContain('Left `a.ts:8` alone: options spread `local`, which sets baseURL.');
  });

  it('follows options into a const object and through harmless spreads, editing a shared object once', async () => {
    const { read, outcome } = await run({
      'a.ts':
        "import OpenAI from 'openai';\nconst shared = { apiKey: k } as const;\nexport const a = new OpenAI(shared);\nexport const b = new OpenAI(shared);\n" +
        'const extra = { maxRetries: 2 };\nexport const c = new OpenAI({ ...extra, timeout: 5 });\n' +
        'export const d = new OpenAI({ ...shared, timeout: 9 });\n',
    });
    expect(outcome.sites.map((s) => [s.line, s.outcome])).toEqual([
      [3, 'changed'],
      [4, 'changed'],
      [6, 'changed'],
      [7, 'changed'],
    ]);
    expect(await read('a.ts')).toBe(
      "import OpenAI from 'openai';\n" +
        "const shared = { apiKey: k, baseURL: 'https://oai.helicone.ai/v1', defaultHeaders: { 'Helicone-Auth': `Bearer ${process.env.HELICONE_API_KEY}` } } as const;\n" +
        'export const a = new OpenAI(shared);\nexport const b = new OpenAI(shared);\nconst extra = { maxRetries: 2 };\n' +
        "export const c = new OpenAI({ ...extra, timeout: 5, baseURL: 'https://oai.helicone.ai/v1', defaultHeaders: { 'Helicone-Auth': `Bearer ${process.env.HELICONE_API_KEY}` } });\n" +
        // Spreads `shared`, which the edit above routes: nothing of its own to add.
        'export const d = new OpenAI({ ...shared, timeout: 9 });\n',
    );
  });

  it('routes Azure OpenAI through oai.helicone.ai/openai with the resource endpoint in Helicone-OpenAI-Api-Base', async () => {
    const { read, outcome } = await run({
      'az.ts':
        "import { AzureOpenAI } from 'openai';\nexport const a = new AzureOpenAI({ endpoint, deployment: 'gpt-4o' });\n" +
        "export const b = new AzureOpenAI({ baseURL: 'https://res.openai.azure.com/openai/', defaultHeaders: { 'X-A': '1' } });\n" +
        "export const c = new AzureOpenAI({ baseURL: 'https://oai.helicone.ai/openai' });\n",
    });
    expect(outcome.sites.map((s) => s.outcome)).toEqual(['changed', 'changed', 'already-integrated']);
    const out = await read('az.ts');
    expect(out).toContain(
      "new AzureOpenAI({ baseURL: 'https://oai.helicone.ai/openai', deployment: 'gpt-4o', defaultHeaders: { 'Helicone-Auth': `Bearer ${process.env.HELICONE_API_KEY}`, 'Helicone-OpenAI-Api-Base': endpoint } })",
    );
    expect(out).toContain(
      "new AzureOpenAI({ baseURL: 'https://oai.helicone.ai/openai', defaultHeaders: { 'X-A': '1', 'Helicone-Auth': `Bearer ${process.env.HELICONE_API_KEY}`, 'Helicone-OpenAI-Api-Base': 'https://res.openai.azure.com' } })",
    );
  });

  it('is idempotent: a second run changes nothing', async () => {
    const { dir, read } = await run({ 'x.ts': "import OpenAI from 'openai';\nexport const o = new OpenAI({\n  apiKey: k\n});\n" });
    const first = await read('x.ts');
    const again = await rewriteFile(dir, 'x.ts');
    expect(again.changed).toBe(false);
    expect(again.sites[0]?.outcome).toBe('already-integrated');
    expect(await read('x.ts')).toBe(first);
  });

  it('declares HELICONE_API_KEY in .env.example only when a client changed', async () => {
    const changed = await run({ '.env.example': 'OPENAI_API_KEY=\n', 'x.ts': "import OpenAI from 'openai';\nnew OpenAI();\n" });
    expect(await changed.read('.env.example')).toBe('OPENAI_API_KEY=\nHELICONE_API_KEY=\n');
    expect(changed.outcome.filesChanged).toEqual(['.env.example', 'x.ts']);
    const untouched = await run({ '.env.example': 'OPENAI_API_KEY=\n', 'x.ts': 'export {};\n' });
    expect(await untouched.read('.env.example')).toBe('OPENAI_API_KEY=\n');
  });

  it('integrates both clients of the bundled sample app', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'codemod-sample-'));
    await fs.cp(path.resolve(__dirname, '../../../../examples/sample-app'), dir, { recursive: true });
    const outcome = await new CodemodIntegrator().integrate({ workdir: dir, integrationId: 't', attempt: 1, feedback: [], log: () => undefined });
    expect(outcome.filesChanged).toEqual(['.env.example', 'src/anthropic-client.ts', 'src/openai-client.ts']);
    expect(outcome.sites.map((s) => [s.library, s.outcome])).toEqual([
      ['anthropic', 'changed'],
      ['openai', 'changed'],
    ]);
  });
});
