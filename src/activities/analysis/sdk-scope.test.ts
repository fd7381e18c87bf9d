/**
 * An SDK-shaped repository (a client library in src/, examples and reproductions that call OpenAI, tests): the
 * analysis says library, and the codemod, run on it anyway, edits nothing outside the library's own sources. Files
 * whose header says they are generated are reported with that reason, never edited.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CodemodIntegrator } from '../../adapters/integrator/codemod';
import { analyzeRepository } from '../analyze-repository';

const SDK_REPO: Record<string, string> = {
  'package.json': JSON.stringify(
    {
      name: '@acme/llm-client',
      version: '1.4.0',
      description: 'A typed client for the Acme LLM gateway',
      main: 'dist/index.js',
      types: 'dist/index.d.ts',
      exports: { '.': { types: './dist/index.d.ts', require: './dist/index.js', import: './dist/index.mjs' } },
      files: ['dist'],
      keywords: ['sdk', 'openai', 'llm'],
      dependencies: { openai: '^4.80.0' },
    },
    null,
    2,
  ),
  'src/index.ts': "export { createClient } from './client';\n",
  'src/client.ts':
    "import OpenAI from 'openai';\n\nexport interface AcmeOptions {\n  apiKey?: string;\n  baseURL?: string;\n}\n\n" +
    'export function createClient(opts: AcmeOptions = {}) {\n  return new OpenAI({ apiKey: opts.apiKey ?? process.env.ACME_API_KEY, baseURL: opts.baseURL });\n}\n',
  'examples/chat.ts':
    "import OpenAI from 'openai';\n\nconst client = new OpenAI({ apiKey: process.env.OPENAI_API_KEY });\n\n" +
    "const res = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] });\nconsole.log(res.choices[0].message);\n",
  'examples/python/quickstart.py': 'from openai import OpenAI\n\nclient = OpenAI()\nprint(client.models.list())\n',
  'repro/issue-1234/index.ts': "import OpenAI from 'openai';\n\nconst openai = new OpenAI();\nawait openai.models.list();\n",
  'tests/client.test.ts':
    "import OpenAI from 'openai';\nimport { it } from 'vitest';\n\nit('builds', () => {\n  new OpenAI({ apiKey: 'test-key' });\n});\n",
  'tests/test_client.py': 'from openai import OpenAI\n\ndef test_client():\n    OpenAI(api_key="test")\n',
  'src/__mocks__/openai.ts': "import OpenAI from 'openai';\nexport const mock = new OpenAI({ apiKey: 'mock' });\n",
  'README.md': '# @acme/llm-client\n',
};

async function workingCopy(files: Record<string, string>): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'sdk-scope-'));
  for (const [f, text] of Object.entries(files)) {
    await fs.mkdir(path.dirname(path.join(dir, f)), { recursive: true });
    await fs.writeFile(path.join(dir, f), text);
  }
  const git = (...args: string[]) =>
    execFileSync('git', args, {
      cwd: dir,
      stdio: 'pipe',
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: 'T',
        GIT_AUTHOR_EMAIL: 't@example.com',
        GIT_COMMITTER_NAME: 'T',
        GIT_COMMITTER_EMAIL: 't@example.com',
      },
    });
  git('init', '-q', '-b', 'trunk');
  git('add', '-A');
  git('commit', '-q', '-m', 'Initial commit');
  return dir;
}

const integrate = (dir: string) =>
  new CodemodIntegrator().integrate({ workdir: dir, integrationId: 't', attempt: 1, feedback: [], log: () => undefined });

describe('an SDK repository', () => {
  it('is analysed as a library, and the codemod leaves its examples, reproductions, tests and mocks alone', async () => {
    const dir = await workingCopy(SDK_REPO);
    expect(await analyzeRepository(dir, { repoName: 'llm-client' })).toMatchObject({
      kind: 'library',
      kindEvidence: 'package.json is not private and declares "exports", "types" and "files": a published library.',
    });
    const outcome = await integrate(dir);
    // Nothing outside src/ was looked at; the library's own client is configured by its callers.
    expect(outcome.sites.map((s) => s.file)).toEqual(['src/client.ts']);
    expect(outcome.filesChanged.filter((f) => !f.startsWith('src/') || f.includes('__mocks__'))).toEqual([]);
    for (const [f, text] of Object.entries(SDK_REPO)) {
      if (f !== 'src/client.ts' && f !== 'src/index.ts') expect(await fs.readFile(path.join(dir, f), 'utf8')).toBe(text);
    }
  });

  it('reports the clients of a generated file with that reason and never edits it (JS/TS and Python)', async () => {
    const ts = "import OpenAI from 'openai';\n\nexport const client = new OpenAI({ apiKey: process.env.OPENAI_API_KEY });\n";
    const py = 'import os\nfrom openai import OpenAI\n\nclient = OpenAI(api_key=os.environ["OPENAI_API_KEY"])\n';
    // Without the header both files are rewritten, so the header alone is what stops it.
    const plain = await workingCopy({ 'src/client.ts': ts, 'app/client.py': py });
    expect((await integrate(plain)).sites.map((s) => [s.file, s.outcome])).toEqual([
      ['app/client.py', 'changed'],
      ['src/client.ts', 'changed'],
    ]);
    const gen = {
      'src/client.ts': `// Code generated by openapi-codegen. DO NOT EDIT.\n${ts}`,
      'app/client.py': `# @generated by protoc-gen-llm\n${py}`,
    };
    const dir = await workingCopy(gen);
    const outcome = await integrate(dir);
    expect(outcome.filesChanged).toEqual([]);
    expect(outcome.sites.map((s) => [s.file, s.outcome, s.reason])).toEqual([
      ['app/client.py', 'skipped', 'generated code (its header says `@generated`)'],
      ['src/client.ts', 'skipped', 'generated code (its header says `DO NOT EDIT`)'],
    ]);
    expect(outcome.summary).toContain('Left `src/client.ts:4` alone: generated code (its header says `DO NOT EDIT`).');
    for (const [f, text] of Object.entries(gen)) expect(await fs.readFile(path.join(dir, f), 'utf8')).toBe(text);
  });
});
