/**
 * The real prettier (the devDependency, pinned) judges the rewrite: each fixture is formatted with prettier under a
 * repository configuration first, rewritten by the codemod, and must then pass `prettier --check` unchanged.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { CodemodIntegrator } from '.';

const run = promisify(execFile);
const PRETTIER = path.join(path.dirname(createRequire(__filename).resolve('prettier/package.json')), 'bin/prettier.cjs');

/** Client code in every form the rewrite writes: new properties, no argument, headers, a base URL, Azure, LangChain, nesting. */
const SOURCE = `
import OpenAI, { AzureOpenAI } from 'openai';
import Anthropic from '@anthropic-ai/sdk';
import { ChatOpenAI } from '@langchain/openai';
import { createAnthropic } from '@ai-sdk/anthropic';

export const openai = new OpenAI({ apiKey: process.env.OPENAI_API_KEY });

export const anthropic = new Anthropic();

export const groq = new OpenAI({ apiKey: process.env.GROQ_API_KEY, baseURL: 'https://api.groq.com/openai/v1', defaultHeaders: { 'X-Title': 'recipes' } });

export const azure = new AzureOpenAI({ endpoint: process.env.AZURE_OPENAI_ENDPOINT, apiVersion: '2024-10-21', deployment: 'gpt-4o' });

export const claude = createAnthropic({ apiKey: process.env.ANTHROPIC_API_KEY });

export function chat(temperature: number, headers: Record<string, string>) {
  const models = {
    fast: new ChatOpenAI({ model: 'gpt-4o-mini', temperature, configuration: { organization: 'org-1' } }),
    plain: new OpenAI({ defaultHeaders: headers }),
  };
  return register('chat', new Anthropic({ maxRetries: 3 }), models);
}

declare function register(name: string, client: unknown, models: object): unknown;
`;

async function prettier(dir: string, ...args: string[]): Promise<{ ok: boolean; out: string }> {
  try {
    const r = await run(process.execPath, [PRETTIER, ...args], { cwd: dir });
    return { ok: true, out: r.stdout + r.stderr };
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string };
    return { ok: false, out: `${err.stdout ?? ''}${err.stderr ?? ''}` };
  }
}

/** Formats the fixture with prettier under `config`, rewrites it, and returns prettier's verdict on the result. */
async function checkAfterRewrite(
  config: Record<string, string>,
  sources: Record<string, string> = { 'src/clients.ts': SOURCE.trimStart() },
): Promise<{ check: { ok: boolean; out: string }; text: string; changed: number; dir: string }> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'prettier-check-'));
  for (const [f, content] of Object.entries({ 'package.json': '{ "name": "fixture", "private": true }\n', ...config, ...sources })) {
    await fs.mkdir(path.dirname(path.join(dir, f)), { recursive: true });
    await fs.writeFile(path.join(dir, f), content);
  }
  const files = Object.keys(sources);
  expect((await prettier(dir, '--write', ...files)).ok).toBe(true);
  expect((await prettier(dir, '--check', ...files)).ok).toBe(true);
  const outcome = await new CodemodIntegrator().integrate({
    workdir: dir,
    integrationId: 't',
    attempt: 1,
    feedback: [],
    log: () => undefined,
  });
  const text = await fs.readFile(path.join(dir, files[0]!), 'utf8');
  const check = await prettier(dir, '--check', ...files);
  if (!check.ok) check.out += (await prettier(dir, ...files)).out;
  return { check, text, changed: outcome.sites.filter((s) => s.outcome === 'changed').length, dir };
}

describe('the rewrite passes prettier --check under the repository’s prettier configuration', () => {
  it.each([
    ['double quotes, printWidth 80 (.prettierrc.json)', { '.prettierrc.json': '{ "printWidth": 80 }\n' }, '"https://oai.helicone.ai/v1"'],
    [
      'tabs, single quotes (.prettierrc.yaml)',
      { '.prettierrc.yaml': 'useTabs: true\nsingleQuote: true\n' },
      '\t...(process.env.HELICONE_API_KEY\n\t\t? {',
    ],
    [
      'no semicolons (package.json "prettier")',
      { 'package.json': '{ "name": "fixture", "private": true, "prettier": { "semi": false, "singleQuote": true } }\n' },
      "import Anthropic from '@anthropic-ai/sdk'\n",
    ],
    [
      'trailingComma none, printWidth 120, no bracket spacing (prettier.config.mjs, read without running it)',
      {
        'prettier.config.mjs':
          "/** @type {import('prettier').Config} */\nconst config = { trailingComma: 'none', printWidth: 120, bracketSpacing: false };\n\nexport default config;\n",
      },
      '{"Helicone-Auth": `Bearer ${process.env.HELICONE_API_KEY}`}',
    ],
    [
      'tab width 4 from .editorconfig under a prettier configuration',
      { '.prettierrc': '{ "singleQuote": true }\n', '.editorconfig': 'root = true\n\n[*]\nindent_style = space\nindent_size = 4\n' },
      '\n    ...(process.env.HELICONE_API_KEY\n',
    ],
    [
      'overrides for TypeScript files',
      {
        '.prettierrc.json':
          '{ "printWidth": 100, "overrides": [{ "files": "*.ts", "options": { "singleQuote": true, "printWidth": 90 } }] }\n',
      },
      "'https://oai.helicone.ai/v1'",
    ],
  ])('%s', async (_name, config, expected) => {
    const { check, text, changed } = await checkAfterRewrite(config);
    expect(changed).toBe(8);
    expect(text).toContain(expected);
    expect(check.out).toContain('All matched files use Prettier code style!');
    expect(check.ok).toBe(true);
  });
});

describe('the code added outside the client options passes prettier --check too', () => {
  it('the settings module’s entry, the import of it, and the guarded Agents SDK default client', async () => {
    const { check, changed, dir } = await checkAfterRewrite(
      {
        '.prettierrc.json': '{ "printWidth": 80, "semi": false }\n',
        'package.json': '{ "name": "agent", "private": true, "dependencies": { "openai": "^5.0.0" } }\n',
      },
      {
        'src/env.ts':
          "import { z } from 'zod'\nexport const env = z.object({ OPENAI_API_KEY: z.string(), PORT: z.coerce.number().default(3000) }).parse(process.env)\n",
        'src/main.ts':
          "import { Agent, run } from '@openai/agents'\nimport { logger } from './logger'\n\nconst agent = new Agent({ name: 'Assistant', instructions: 'Help.' })\nlogger.info(await run(agent, 'hi'))\n",
        'src/logger.ts': 'export const logger = console\n',
      },
    );
    expect(changed).toBe(1);
    const main = await fs.readFile(path.join(dir, 'src/main.ts'), 'utf8');
    expect(main).toContain('import { env } from "./env"\n');
    expect(main).toContain('if (env.HELICONE_API_KEY) {\n  setDefaultOpenAIClient(\n');
    expect(await fs.readFile(path.join(dir, 'src/env.ts'), 'utf8')).toContain('  HELICONE_API_KEY: z.string().optional(),\n');
    expect(check.out).toContain('All matched files use Prettier code style!');
  });
});
