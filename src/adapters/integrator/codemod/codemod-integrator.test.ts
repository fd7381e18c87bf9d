import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RoutingMode } from '../../../shared/types';
import { CodemodIntegrator, rewriteFile, scanClientSites } from '.';

async function run(files: Record<string, string>, routing?: RoutingMode) {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'codemod-'));
  for (const [f, content] of Object.entries(files)) {
    await fs.mkdir(path.dirname(path.join(dir, f)), { recursive: true });
    await fs.writeFile(path.join(dir, f), content);
  }
  const outcome = await new CodemodIntegrator().integrate({
    workdir: dir,
    integrationId: 't',
    attempt: 1,
    feedback: [],
    routing,
    log: () => undefined,
  });
  const read = (f: string) => fs.readFile(path.join(dir, f), 'utf8');
  return { dir, outcome, read };
}

/** A file's text from its lines. */
const lines = (...l: string[]) => `${l.join('\n')}\n`;
const AUTH = "'Helicone-Auth': `Bearer ${process.env.HELICONE_API_KEY}`";
const KEY = 'process.env.HELICONE_API_KEY';

describe('CodemodIntegrator, routing optional (the default): Helicone only when HELICONE_API_KEY is set', () => {
  it('adds ONE conditional spread holding the base URL and the header, laid out as prettier would', async () => {
    const { outcome, read } = await run({
      'src/ai.ts': lines(
        "import OpenAI from 'openai';",
        '',
        'export const ai = new OpenAI({',
        '  apiKey: process.env.OPENAI_API_KEY,',
        '});',
      ),
    });
    expect(await read('src/ai.ts')).toBe(
      lines(
        "import OpenAI from 'openai';",
        '',
        'export const ai = new OpenAI({',
        '  apiKey: process.env.OPENAI_API_KEY,',
        `  ...(${KEY}`,
        '    ? {',
        "        baseURL: 'https://oai.helicone.ai/v1',",
        `        defaultHeaders: { ${AUTH} },`,
        '      }',
        '    : {}),',
        '});',
      ),
    );
    expect(outcome.sites).toEqual([{ file: 'src/ai.ts', line: 3, library: 'openai', outcome: 'changed' }]);
    expect(outcome.filesChanged).toEqual(['src/ai.ts']);
  });

  it('breaks a one-line object that no longer fits in 100 columns, and follows double quotes and the comma habit', async () => {
    const { read } = await run({
      'a.js': lines('const Anthropic = require("@anthropic-ai/sdk");', 'const c = new Anthropic({ apiKey: key });'),
      'b.ts': lines("import OpenAI from 'openai';", 'const o = new OpenAI({', '  apiKey: k // the key', '});'),
    });
    expect(await read('a.js')).toBe(
      lines(
        'const Anthropic = require("@anthropic-ai/sdk");',
        'const c = new Anthropic({',
        '  apiKey: key,',
        `  ...(${KEY}`,
        '    ? {',
        '        baseURL: "https://anthropic.helicone.ai",',
        '        defaultHeaders: { "Helicone-Auth": `Bearer ${process.env.HELICONE_API_KEY}` },',
        '      }',
        '    : {}),',
        '});',
      ),
    );
    // No trailing commas in this file; the comment stays with its property.
    expect(await read('b.ts')).toBe(
      lines(
        "import OpenAI from 'openai';",
        'const o = new OpenAI({',
        '  apiKey: k, // the key',
        `  ...(${KEY}`,
        '    ? {',
        "        baseURL: 'https://oai.helicone.ai/v1',",
        `        defaultHeaders: { ${AUTH} }`,
        '      }',
        '    : {})',
        '});',
      ),
    );
  });

  it('gives a no-argument constructor `key ? { ... } : {}`, in the file indentation, also inside another call', async () => {
    const { read } = await run({
      'x.ts': lines("import { Anthropic } from '@anthropic-ai/sdk';", 'function f() {', '    return new Anthropic();', '}'),
      'y.js': lines("const OpenAI = require('openai');", 'module.exports = function run(fn) {', '  return fn(new OpenAI());', '};'),
    });
    expect(await read('x.ts')).toBe(
      lines(
        "import { Anthropic } from '@anthropic-ai/sdk';",
        'function f() {',
        '    return new Anthropic(',
        `        ${KEY}`,
        '            ? {',
        "                  baseURL: 'https://anthropic.helicone.ai',",
        `                  defaultHeaders: { ${AUTH} },`,
        '              }',
        '            : {},',
        '    );',
        '}',
      ),
    );
    // Prettier breaks the arguments of the enclosing call first.
    expect(await read('y.js')).toBe(
      lines(
        "const OpenAI = require('openai');",
        'module.exports = function run(fn) {',
        '  return fn(',
        '    new OpenAI(',
        `      ${KEY}`,
        '        ? {',
        "            baseURL: 'https://oai.helicone.ai/v1',",
        `            defaultHeaders: { ${AUTH} },`,
        '          }',
        '        : {},',
        '    ),',
        '  );',
        '};',
      ),
    );
  });

  it('adds the header to existing headers only with the key: a conditional spread in a literal, a ternary around a variable', async () => {
    const { read } = await run({
      'lit.ts': lines(
        "import OpenAI from 'openai';",
        'const o = new OpenAI({',
        '    apiKey: k, // the key',
        "    defaultHeaders: { 'X-App': 'demo' }",
        '});',
      ),
      'var.ts': lines(
        "import OpenAI from 'openai';",
        'const o = new OpenAI({ defaultHeaders: extra });',
        'const p = new OpenAI({ defaultHeaders });',
      ),
    });
    expect(await read('lit.ts')).toBe(
      lines(
        "import OpenAI from 'openai';",
        'const o = new OpenAI({',
        '    apiKey: k, // the key',
        '    defaultHeaders: {',
        "        'X-App': 'demo',",
        `        ...(${KEY}`,
        `            ? { ${AUTH} }`,
        '            : {})',
        '    },',
        `    ...(${KEY} ? { baseURL: 'https://oai.helicone.ai/v1' } : {})`,
        '});',
      ),
    );
    expect(await read('var.ts')).toBe(
      lines(
        "import OpenAI from 'openai';",
        'const o = new OpenAI({',
        `  defaultHeaders: ${KEY}`,
        `    ? { ...extra, ${AUTH} }`,
        '    : extra,',
        `  ...(${KEY} ? { baseURL: 'https://oai.helicone.ai/v1' } : {}),`,
        '});',
        'const p = new OpenAI({',
        `  defaultHeaders: ${KEY}`,
        `    ? { ...defaultHeaders, ${AUTH} }`,
        '    : defaultHeaders,',
        `  ...(${KEY} ? { baseURL: 'https://oai.helicone.ai/v1' } : {}),`,
        '});',
      ),
    );
  });

  it('keeps an explicit base URL as the else branch: the default URL and other providers get their own Helicone host', async () => {
    const { read, outcome } = await run({
      'c.ts': lines(
        "import OpenAI from 'openai';",
        "export const c = new OpenAI({ baseURL: 'https://api.groq.com/openai/v1', apiKey: process.env.GROQ_API_KEY });",
      ),
      'a.ts': lines("import OpenAI from 'openai';", "export const a = new OpenAI({ baseURL: 'https://api.openai.com/v1' });"),
      'd.ts': lines("import OpenAI from 'openai';", "export const d = new OpenAI({ baseURL: 'http://localhost:11434/v1' });"),
    });
    expect(await read('c.ts')).toBe(
      lines(
        "import OpenAI from 'openai';",
        'export const c = new OpenAI({',
        `  baseURL: ${KEY}`,
        "    ? 'https://groq.helicone.ai/openai/v1'",
        "    : 'https://api.groq.com/openai/v1',",
        '  apiKey: process.env.GROQ_API_KEY,',
        `  ...(${KEY}`,
        `    ? { defaultHeaders: { ${AUTH} } }`,
        '    : {}),',
        '});',
      ),
    );
    expect(await read('a.ts')).toContain(`  baseURL: ${KEY}\n    ? 'https://oai.helicone.ai/v1'\n    : 'https://api.openai.com/v1',\n`);
    expect(await read('d.ts')).toBe(
      lines("import OpenAI from 'openai';", "export const d = new OpenAI({ baseURL: 'http://localhost:11434/v1' });"),
    );
    expect(outcome.sites.find((s) => s.file === 'd.ts')).toMatchObject({
      outcome: 'skipped',
      reason: 'baseURL points at http://localhost:11434/v1, which has no Helicone proxy host',
    });
  });

  it('uses the option names of the Vercel AI SDK (createAnthropic keeps /v1) and LangChain (inside or as the container)', async () => {
    const { read, outcome } = await run({
      'va.ts': lines("import { createAnthropic } from '@ai-sdk/anthropic';", 'export const p = createAnthropic({});'),
      'lc.ts': lines("import { ChatOpenAI } from '@langchain/openai';", "export const m = new ChatOpenAI({ model: 'gpt-4o' });"),
      'lcc.ts': lines(
        "import { ChatOpenAI } from '@langchain/openai';",
        "export const m = new ChatOpenAI({ configuration: { organization: 'o' } });",
      ),
      'la.ts': lines("import { ChatAnthropic } from '@langchain/anthropic';", 'export const m = new ChatAnthropic();'),
    });
    expect(await read('va.ts')).toBe(
      lines(
        "import { createAnthropic } from '@ai-sdk/anthropic';",
        'export const p = createAnthropic({',
        `  ...(${KEY}`,
        '    ? {',
        "        baseURL: 'https://anthropic.helicone.ai/v1',",
        `        headers: { ${AUTH} },`,
        '      }',
        '    : {}),',
        '});',
      ),
    );
    expect(await read('lc.ts')).toBe(
      lines(
        "import { ChatOpenAI } from '@langchain/openai';",
        'export const m = new ChatOpenAI({',
        "  model: 'gpt-4o',",
        `  ...(${KEY}`,
        '    ? {',
        '        configuration: {',
        "          baseURL: 'https://oai.helicone.ai/v1',",
        `          defaultHeaders: { ${AUTH} },`,
        '        },',
        '      }',
        '    : {}),',
        '});',
      ),
    );
    expect(await read('lcc.ts')).toBe(
      lines(
        "import { ChatOpenAI } from '@langchain/openai';",
        'export const m = new ChatOpenAI({',
        '  configuration: {',
        "    organization: 'o',",
        `    ...(${KEY}`,
        '      ? {',
        "          baseURL: 'https://oai.helicone.ai/v1',",
        `          defaultHeaders: { ${AUTH} },`,
        '        }',
        '      : {}),',
        '  },',
        '});',
      ),
    );
    expect(await read('la.ts')).toBe(
      lines(
        "import { ChatAnthropic } from '@langchain/anthropic';",
        'export const m = new ChatAnthropic(',
        `  ${KEY}`,
        '    ? {',
        '        clientOptions: {',
        "          baseURL: 'https://anthropic.helicone.ai',",
        `          defaultHeaders: { ${AUTH} },`,
        '        },',
        '      }',
        '    : {},',
        ');',
      ),
    );
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
    expect(await read('ns.ts')).toContain(`const c = new sdk.OpenAI({\n  apiKey: k,\n  ...(${KEY}\n`);
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
      'a.ts': lines(
        "import OpenAI from 'openai';",
        'const shared = { apiKey: k } as const;',
        'export const a = new OpenAI(shared);',
        'export const b = new OpenAI(shared);',
        'const extra = { maxRetries: 2 };',
        'export const c = new OpenAI({ ...extra, timeout: 5 });',
        'export const d = new OpenAI({ ...shared, timeout: 9 });',
      ),
    });
    expect(outcome.sites.map((s) => [s.line, s.outcome])).toEqual([
      [3, 'changed'],
      [4, 'changed'],
      [6, 'changed'],
      [7, 'changed'],
    ]);
    const routed = [
      `  ...(${KEY}`,
      '    ? {',
      "        baseURL: 'https://oai.helicone.ai/v1',",
      `        defaultHeaders: { ${AUTH} },`,
      '      }',
      '    : {}),',
    ];
    expect(await read('a.ts')).toBe(
      lines(
        "import OpenAI from 'openai';",
        'const shared = {',
        '  apiKey: k,',
        ...routed,
        '} as const;',
        'export const a = new OpenAI(shared);',
        'export const b = new OpenAI(shared);',
        'const extra = { maxRetries: 2 };',
        'export const c = new OpenAI({',
        '  ...extra,',
        '  timeout: 5,',
        ...routed,
        '});',
        // Spreads `shared`, which the edit above routes: nothing of its own to add.
        'export const d = new OpenAI({ ...shared, timeout: 9 });',
      ),
    );
  });

  it('moves an Azure endpoint into the else branch; a baseURL literal becomes a ternary; no endpoint reads AZURE_OPENAI_ENDPOINT', async () => {
    const { read, outcome } = await run({
      'az.ts': lines(
        "import { AzureOpenAI } from 'openai';",
        "export const a = new AzureOpenAI({ endpoint, deployment: 'gpt-4o' });",
        "export const b = new AzureOpenAI({ baseURL: 'https://res.openai.azure.com/openai/', defaultHeaders: { 'X-A': '1' } });",
        'export const c = new AzureOpenAI();',
        "export const d = new AzureOpenAI({ baseURL: 'https://oai.helicone.ai/openai' });",
      ),
    });
    expect(outcome.sites.map((s) => s.outcome)).toEqual(['changed', 'changed', 'changed', 'already-integrated']);
    expect(await read('az.ts')).toBe(
      lines(
        "import { AzureOpenAI } from 'openai';",
        'export const a = new AzureOpenAI({',
        `  ...(${KEY}`,
        '    ? {',
        "        baseURL: 'https://oai.helicone.ai/openai',",
        '        defaultHeaders: {',
        `          ${AUTH},`,
        "          'Helicone-OpenAI-Api-Base': endpoint,",
        '        },',
        '      }',
        '    : { endpoint }),',
        "  deployment: 'gpt-4o',",
        '});',
        'export const b = new AzureOpenAI({',
        `  baseURL: ${KEY}`,
        "    ? 'https://oai.helicone.ai/openai'",
        "    : 'https://res.openai.azure.com/openai/',",
        '  defaultHeaders: {',
        "    'X-A': '1',",
        `    ...(${KEY}`,
        '      ? {',
        `          ${AUTH},`,
        "          'Helicone-OpenAI-Api-Base': 'https://res.openai.azure.com',",
        '        }',
        '      : {}),',
        '  },',
        '});',
        'export const c = new AzureOpenAI(',
        `  ${KEY}`,
        '    ? {',
        "        baseURL: 'https://oai.helicone.ai/openai',",
        '        defaultHeaders: {',
        `          ${AUTH},`,
        "          'Helicone-OpenAI-Api-Base': process.env.AZURE_OPENAI_ENDPOINT,",
        '        },',
        '      }',
        '    : {},',
        ');',
        "export const d = new AzureOpenAI({ baseURL: 'https://oai.helicone.ai/openai' });",
      ),
    );
  });

  it('is idempotent in both modes: a second run changes nothing and reports every client already integrated', async () => {
    const files = {
      'a.ts': lines(
        "import OpenAI, { AzureOpenAI } from 'openai';",
        "import { ChatOpenAI } from '@langchain/openai';",
        'const shared = { apiKey: k };',
        'export const a = new OpenAI(shared);',
        'export const b = new OpenAI({ ...shared, timeout: 9 });',
        'export const c = new OpenAI();',
        "export const d = new OpenAI({ baseURL: 'https://api.groq.com/openai/v1', defaultHeaders: { 'X-A': '1' } });",
        'export const e = new AzureOpenAI({ endpoint, apiVersion });',
        "export const f = new ChatOpenAI({ configuration: { organization: 'o' } });",
        'export const g = new ChatOpenAI({ temperature: 0 });',
      ),
    };
    for (const routing of ['optional', 'always'] as const) {
      const { dir, read, outcome } = await run(files, routing);
      expect(outcome.sites.every((s) => s.outcome === 'changed')).toBe(true);
      const first = await read('a.ts');
      const again = await rewriteFile(dir, 'a.ts', { routing });
      expect(again.changed).toBe(false);
      expect(again.sites.map((s) => s.outcome)).toEqual(new Array(7).fill('already-integrated'));
      expect(await read('a.ts')).toBe(first);
    }
  });

  it('scans without writing, in the mode it is given', async () => {
    const { dir } = await run({ 'keep.ts': 'export {};\n' });
    const file = "import OpenAI from 'openai';\nnew OpenAI();\n";
    await fs.writeFile(path.join(dir, 'x.ts'), file);
    expect(await scanClientSites(dir, 'always')).toEqual([{ file: 'x.ts', line: 2, library: 'openai', outcome: 'changed' }]);
    expect(await fs.readFile(path.join(dir, 'x.ts'), 'utf8')).toBe(file);
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
    const outcome = await new CodemodIntegrator().integrate({
      workdir: dir,
      integrationId: 't',
      attempt: 1,
      feedback: [],
      log: () => undefined,
    });
    expect(outcome.filesChanged).toEqual(['.env.example', 'src/anthropic-client.ts', 'src/openai-client.ts']);
    expect(outcome.sites.map((s) => [s.library, s.outcome])).toEqual([
      ['anthropic', 'changed'],
      ['openai', 'changed'],
    ]);
  });
});

describe('CodemodIntegrator, routing always: the unconditional forms', () => {
  it('adds the properties themselves, merges headers as entries, and replaces an explicit base URL', async () => {
    const { read } = await run(
      {
        'a.ts': lines(
          "import OpenAI from 'openai';",
          'export const a = new OpenAI({',
          '  apiKey: process.env.OPENAI_API_KEY,',
          '});',
          "export const g = new OpenAI({ baseURL: 'https://api.groq.com/openai/v1' });",
          "export const h = new OpenAI({ defaultHeaders: { 'X-Team': 'search' } });",
          'export const v = new OpenAI({ defaultHeaders: extra });',
        ),
      },
      'always',
    );
    expect(await read('a.ts')).toBe(
      lines(
        "import OpenAI from 'openai';",
        'export const a = new OpenAI({',
        '  apiKey: process.env.OPENAI_API_KEY,',
        "  baseURL: 'https://oai.helicone.ai/v1',",
        `  defaultHeaders: { ${AUTH} },`,
        '});',
        'export const g = new OpenAI({',
        "  baseURL: 'https://groq.helicone.ai/openai/v1',",
        `  defaultHeaders: { ${AUTH} },`,
        '});',
        'export const h = new OpenAI({',
        `  defaultHeaders: { 'X-Team': 'search', ${AUTH} },`,
        "  baseURL: 'https://oai.helicone.ai/v1',",
        '});',
        'export const v = new OpenAI({',
        `  defaultHeaders: { ...extra, ${AUTH} },`,
        "  baseURL: 'https://oai.helicone.ai/v1',",
        '});',
      ),
    );
  });

  it('routes no-argument clients, Vercel createAnthropic (with /v1) and Azure (endpoint becomes the baseURL)', async () => {
    const { read } = await run(
      {
        'b.ts': lines(
          "import Anthropic from '@anthropic-ai/sdk';",
          "import { createAnthropic } from '@ai-sdk/anthropic';",
          "import { AzureOpenAI } from 'openai';",
          'export const a = new Anthropic();',
          'export const v = createAnthropic();',
          "export const z = new AzureOpenAI({ endpoint: process.env.AZURE_ENDPOINT, apiVersion: '2024-10-21' });",
        ),
      },
      'always',
    );
    expect(await read('b.ts')).toBe(
      lines(
        "import Anthropic from '@anthropic-ai/sdk';",
        "import { createAnthropic } from '@ai-sdk/anthropic';",
        "import { AzureOpenAI } from 'openai';",
        'export const a = new Anthropic({',
        "  baseURL: 'https://anthropic.helicone.ai',",
        `  defaultHeaders: { ${AUTH} },`,
        '});',
        'export const v = createAnthropic({',
        "  baseURL: 'https://anthropic.helicone.ai/v1',",
        `  headers: { ${AUTH} },`,
        '});',
        'export const z = new AzureOpenAI({',
        "  baseURL: 'https://oai.helicone.ai/openai',",
        "  apiVersion: '2024-10-21',",
        '  defaultHeaders: {',
        `    ${AUTH},`,
        "    'Helicone-OpenAI-Api-Base': process.env.AZURE_ENDPOINT,",
        '  },',
        '});',
      ),
    );
  });
});

describe('CodemodIntegrator and the OpenAI Agents SDK', () => {
  const pkg =
    '{ "name": "agent", "private": true, "type": "module", "dependencies": { "@openai/agents": "^0.1.0", "openai": "^5.0.0" } }\n';
  const main = lines(
    "import { Agent, run } from '@openai/agents';",
    "import { tools } from './tools.js';",
    '',
    "const agent = new Agent({ name: 'Helper', instructions: 'Help.', tools });",
    "console.log((await run(agent, 'hi')).finalOutput);",
  );

  it('gives a module that runs agents on the default client a guarded setDefaultOpenAIClient after its imports', async () => {
    const { outcome, read, dir } = await run({ 'package.json': pkg, 'src/main.ts': main, 'src/tools.ts': 'export const tools = [];\n' });
    expect(await read('src/main.ts')).toBe(
      lines(
        "import { Agent, run, setDefaultOpenAIClient } from '@openai/agents';",
        "import OpenAI from 'openai';",
        "import { tools } from './tools.js';",
        '',
        `if (${KEY}) {`,
        '  setDefaultOpenAIClient(',
        '    new OpenAI({',
        "      baseURL: 'https://oai.helicone.ai/v1',",
        `      defaultHeaders: { ${AUTH} },`,
        '    }),',
        '  );',
        '}',
        '',
        "const agent = new Agent({ name: 'Helper', instructions: 'Help.', tools });",
        "console.log((await run(agent, 'hi')).finalOutput);",
      ),
    );
    expect(outcome.sites).toEqual([{ file: 'src/main.ts', line: 7, library: 'openai-agents', outcome: 'changed' }]);
    // A second run finds the client it set and changes nothing.
    const again = await new CodemodIntegrator().integrate({
      workdir: dir,
      integrationId: 't',
      attempt: 2,
      feedback: [],
      log: () => undefined,
    });
    expect(again.filesChanged).toEqual([]);
    expect(again.sites).toEqual([
      {
        file: 'src/main.ts',
        line: 7,
        library: 'openai-agents',
        outcome: 'already-integrated',
        reason: 'baseURL already points at Helicone',
      },
    ]);
  });

  it('with routing always, sets the client unconditionally', async () => {
    const { read } = await run({ 'package.json': pkg, 'src/main.ts': main, 'src/tools.ts': 'export const tools = [];\n' }, 'always');
    expect(await read('src/main.ts')).toContain(
      "import { tools } from './tools.js';\n\nsetDefaultOpenAIClient(\n  new OpenAI({\n    baseURL: 'https://oai.helicone.ai/v1',\n",
    );
  });

  it('routes the clients an app hands the SDK itself, reported as openai-agents', async () => {
    const { outcome, read } = await run({
      'package.json': pkg,
      'src/setup.ts': lines(
        "import { OpenAIChatCompletionsModel, OpenAIProvider, setDefaultOpenAIClient } from '@openai/agents';",
        "import OpenAI from 'openai';",
        'setDefaultOpenAIClient(new OpenAI());',
        "export const model = new OpenAIChatCompletionsModel(new OpenAI({ apiKey: k }), 'gpt-4o');",
        'export const provider = new OpenAIProvider({ openAIClient: new OpenAI({ apiKey: k }) });',
      ),
    });
    expect(outcome.sites.map((s) => [s.line, s.library, s.outcome])).toEqual([
      [3, 'openai-agents', 'changed'],
      [4, 'openai-agents', 'changed'],
      [5, 'openai-agents', 'changed'],
    ]);
    expect(await read('src/setup.ts')).toContain(`setDefaultOpenAIClient(\n  new OpenAI(\n    ${KEY}\n      ? {\n`);
  });

  it('leaves an app on the default client alone, with a reason, where a default client cannot be set safely', async () => {
    const key = await run({
      'package.json': pkg,
      'src/main.ts': main.replace(
        "import { Agent, run } from '@openai/agents';",
        "import { Agent, run, setDefaultOpenAIKey } from '@openai/agents';\nsetDefaultOpenAIKey(process.env.MY_KEY!);",
      ),
      'src/tools.ts': 'export const tools = [];\n',
    });
    expect(key.outcome.sites).toEqual([
      {
        file: 'src/main.ts',
        line: 6,
        library: 'openai-agents',
        outcome: 'skipped',
        reason: 'the app sets its OpenAI key with setDefaultOpenAIKey, which a default client built at import time would not see',
      },
    ]);
    const noDep = await run({
      'package.json': pkg.replace(', "openai": "^5.0.0"', ''),
      'src/main.ts': main,
      'src/tools.ts': 'export const tools = [];\n',
    });
    expect(noDep.outcome.sites[0]).toMatchObject({
      outcome: 'skipped',
      reason: expect.stringContaining('does not depend on `openai` itself'),
    });
    const provider = await run({
      'package.json': pkg,
      'src/main.ts': lines(
        "import { Agent, OpenAIProvider, Runner } from '@openai/agents';",
        'const runner = new Runner({ modelProvider: new OpenAIProvider({ apiKey: process.env.KEY }) });',
        'export { runner, Agent };',
      ),
    });
    expect(provider.outcome.sites.map((s) => [s.line, s.outcome, s.reason])).toEqual([
      [
        2,
        'skipped',
        'OpenAIProvider is given its own client options (apiKey, baseURL…) and builds a client that takes no headers; pass it `openAIClient: new OpenAI(...)` instead',
      ],
    ]);
    expect(provider.outcome.filesChanged).toEqual([]);
  });
});

describe('CodemodIntegrator reads the key the way the repository reads its settings', () => {
  it('a GitHub Action: the input in action.yml and core.getInput in the code', async () => {
    const { outcome, read } = await run({
      'action.yml': lines(
        'name: x',
        'inputs:',
        '  openai-key:',
        '    description: key',
        'runs:',
        '  using: node20',
        '  main: dist/index.js',
      ),
      'src/main.ts': lines(
        "import * as core from '@actions/core';",
        "import OpenAI from 'openai';",
        "const ai = new OpenAI({ apiKey: core.getInput('openai-key') });",
        'core.info(String(ai));',
      ),
    });
    expect(await read('src/main.ts')).toContain("  ...(core.getInput('helicone-api-key')\n    ? {\n");
    expect(await read('src/main.ts')).toContain("defaultHeaders: { 'Helicone-Auth': `Bearer ${core.getInput('helicone-api-key')}` },");
    expect(await read('action.yml')).toContain('  helicone-api-key:\n');
    expect(outcome.filesChanged).toEqual(['action.yml', 'src/main.ts']);
    expect(outcome.summary).toContain('Added the optional input `helicone-api-key` to `action.yml`, which the code reads the key from.');
  });

  it('an application analysed as such is not treated as an action, even with an action.yml', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'codemod-'));
    await fs.writeFile(path.join(dir, 'action.yml'), 'runs:\n  using: node20\n  main: a.js\n');
    await fs.writeFile(path.join(dir, 'a.ts'), "import OpenAI from 'openai';\nnew OpenAI();\n");
    const analysis = {
      files: 2,
      languages: {},
      conventionalCommits: false,
      hasContributing: false,
      hasPullRequestTemplate: false,
      requiresSignOff: false,
      kind: 'application' as const,
    };
    const outcome = await new CodemodIntegrator().integrate({
      workdir: dir,
      integrationId: 't',
      attempt: 1,
      feedback: [],
      analysis,
      log: () => undefined,
    });
    expect(outcome.filesChanged).toEqual(['a.ts']);
    expect(await fs.readFile(path.join(dir, 'a.ts'), 'utf8')).toContain(KEY);
  });
});
