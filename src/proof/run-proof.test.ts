/**
 * The proof on fixture repositories, in the real sandbox and offline (see test/helpers/proof-sandbox.ts: tools come
 * from the worker's node_modules read-only, wheels from the proof wheelhouse). Each fixture is a base commit and a
 * change, as the integrator would leave them.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeRepo } from '../../test/helpers/fixture-repos';
import { testProof } from '../../test/helpers/proof-sandbox';
import type { ProofReport, ProofRow } from '../shared/proof-types';
import { proofFeedback, proofSection, proofTestingLines, proofWarning } from './proof-text';
import { DUMMY_HELICONE_KEY, runProof } from './run-proof';
import type { ProofLimits } from './settings';

let artifacts: string;
const SECRET = `ghp_proofRunSecret${process.pid}`;

beforeAll(async () => {
  artifacts = await fs.mkdtemp(path.join(os.tmpdir(), 'hi-proof-art-'));
  process.env.PROOF_TEST_SECRET = SECRET;
});
afterAll(async () => {
  delete process.env.PROOF_TEST_SECRET;
  await fs.rm(artifacts, { recursive: true, force: true });
});

/** A repository with `base` committed, then `change` (file → content, null deletes) committed on top. */
async function fixture(
  name: string,
  base: Record<string, string>,
  change: Record<string, string | null>,
): Promise<{ dir: string; base: string; head: string }> {
  const dir = await makeRepo(name, base);
  const sha = () => execFileSync('git', ['-C', dir, 'rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
  const baseSha = sha();
  for (const [f, c] of Object.entries(change)) {
    if (c === null) await fs.rm(path.join(dir, f));
    else {
      await fs.mkdir(path.dirname(path.join(dir, f)), { recursive: true });
      await fs.writeFile(path.join(dir, f), c);
    }
  }
  execFileSync('git', ['-C', dir, 'add', '-A']);
  execFileSync('git', ['-C', dir, '-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-qm', 'change']);
  return { dir, base: baseSha, head: sha() };
}

async function prove(f: { dir: string; base: string; head: string }, limits: Partial<ProofLimits> = {}): Promise<ProofReport> {
  const { sandbox, settings } = await testProof({ limits });
  const ref = `artifacts/${path.basename(f.dir)}/proof-v1`;
  return runProof({
    sandbox,
    settings,
    clone: f.dir,
    baseSha: f.base,
    headSha: f.head,
    artifacts: { abs: path.join(artifacts, ref), ref },
    label: path.basename(f.dir),
  });
}

const row = (r: ProofReport, id: string): ProofRow => {
  const found = r.rows.find((x) => x.id === id);
  if (!found) throw new Error(`no row ${id} in ${JSON.stringify(r.rows.map((x) => x.id))}`);
  return found;
};

const OPENAI_APP = `import OpenAI from 'openai';\nexport const client = new OpenAI({ apiKey: process.env.OPENAI_API_KEY ?? 'sk-test' });\n`;
const OPT_IN_APP = `import OpenAI from 'openai';\nexport const client = new OpenAI({ apiKey: process.env.OPENAI_API_KEY ?? 'sk-test', ...(process.env.HELICONE_API_KEY ? { baseURL: 'https://oai.helicone.ai/v1', defaultHeaders: { 'Helicone-Auth': \`Bearer \${process.env.HELICONE_API_KEY}\` } } : {}) });\n`;

describe('runProof', () => {
  it('blocks a change that breaks a test only with HELICONE_API_KEY set (vitest, on purpose)', async () => {
    const f = await fixture(
      'proof-breaks-with-key',
      {
        'package.json': JSON.stringify({ name: 'breaks', private: true, type: 'module', scripts: { test: 'vitest run' } }),
        'src/client.mjs': OPENAI_APP.replace(/: string/g, ''),
        // The test pins the exact client configuration: true without the key, false with it.
        'test/client.test.mjs':
          "import { expect, test } from 'vitest';\nimport { client } from '../src/client.mjs';\ntest('default base URL', () => expect(client.baseURL).toBe('https://api.openai.com/v1'));\n",
      },
      { 'src/client.mjs': OPT_IN_APP },
    );
    const r = await prove(f);
    expect(r.outcome).toBe('blocked');
    const test = row(r, 'test');
    expect(test.before?.status).toBe('passed');
    expect(test.after?.status).toBe('passed');
    expect(test.afterWithKey?.status).toBe('failed');
    expect(test.verdict).toBe('blocking');
    expect(test.note).toMatch(/with HELICONE_API_KEY set/);
    // Full logs are files under the artifacts folder, referenced from the report.
    const log = await fs.readFile(path.join(artifacts, test.afterWithKey!.logRef!), 'utf8');
    expect(log).toMatch(/1 failed/);
    expect(log).toMatch(/oai\.helicone\.ai/);
    expect(JSON.parse(await fs.readFile(path.join(artifacts, r.reportRef!), 'utf8')).outcome).toBe('blocked');
    // Its words: a warning on top of the review PR, the table, and what the integrator is sent back.
    expect(proofWarning(r).join('\n')).toMatch(/CAUTION[\s\S]*npm run test/);
    const section = proofSection(r).join('\n');
    expect(section).toMatch(
      /\| `npm run test` \| ✅ passed \(exit 0, [\d.]+ s\) \| ✅ passed[^|]*\| ❌ failed \(exit 1[^|]*\| \*\*newly fails\*\* \|/,
    );
    expect(proofFeedback(r)).toMatch(/pass on the base commit and fail with this change[\s\S]*with HELICONE_API_KEY set/);
    expect(proofTestingLines(r).join('\n')).toMatch(/Failing after this change/);
  });

  it('does not block a step that fails before the change as well (TypeScript, node --test)', async () => {
    const f = await fixture(
      'proof-base-fails',
      {
        'package.json': JSON.stringify({ name: 'base-fails', private: true, scripts: { test: 'node --test' } }),
        'tsconfig.json': JSON.stringify({
          compilerOptions: { strict: true, noEmit: true, target: 'ES2022', module: 'commonjs', types: [] },
          include: ['src'],
        }),
        'src/add.ts': 'export const add = (a: number, b: number): number => a + b;\n',
        'test/add.test.js':
          "const test = require('node:test');\nconst assert = require('node:assert');\ntest('already broken', () => assert.strictEqual(1 + 1, 3));\n",
      },
      { 'src/add.ts': '// Helicone: nothing to route here.\nexport const add = (a: number, b: number): number => a + b;\n' },
    );
    const r = await prove(f);
    expect(row(r, 'typecheck')).toMatchObject({
      command: 'tsc --noEmit -p tsconfig.json',
      verdict: 'ok',
      before: { status: 'passed' },
      after: { status: 'passed' },
      afterWithKey: { status: 'skipped' },
    });
    expect(row(r, 'test')).toMatchObject({
      verdict: 'pre-existing',
      note: 'fails before the change as well',
      before: { status: 'failed' },
      after: { status: 'failed' },
      afterWithKey: { status: 'failed' },
    });
    expect(r.outcome).toBe('passed');
    expect(r.summary).toMatch(/1 fails before the change as well/);
    expect(proofWarning(r)).toEqual([]);
    expect(proofTestingLines(r).join('\n')).toMatch(/Already failing on the base branch, unchanged by this change: `npm run test`/);
  });

  it('proves a Python app: venv, pip from the wheelhouse, compileall, flake8 and pytest', async () => {
    const app = 'def base_url():\n    return "https://api.openai.com/v1"\n';
    const f = await fixture(
      'proof-python',
      {
        'requirements-dev.txt': 'pytest\nflake8\n',
        '.flake8': '[flake8]\nmax-line-length = 120\nexclude = .venv\n',
        'app.py': app,
        'tests/test_app.py': 'import app\n\n\ndef test_base_url():\n    assert app.base_url().startswith("https://")\n',
      },
      {
        'app.py':
          'import os\n\n\ndef base_url():\n    if os.environ.get("HELICONE_API_KEY"):\n        return "https://oai.helicone.ai/v1"\n    return "https://api.openai.com/v1"\n',
      },
    );
    const r = await prove(f);
    expect(r.ecosystems).toEqual(['python']);
    expect(r.rows.map((x) => x.id)).toEqual(['venv', 'pip', 'compileall', 'flake8', 'pytest']);
    for (const x of r.rows) expect([x.id, x.verdict]).toEqual([x.id, 'ok']);
    expect(row(r, 'pip').command).toMatch(/--no-index/);
    expect(row(r, 'pip').after?.reason).toMatch(/install of the base is reused/);
    expect(row(r, 'pytest').afterWithKey?.status).toBe('passed');
    expect(r.outcome).toBe('passed');
  });

  it('stops an install that hangs (a build backend that never returns) at its time limit', async () => {
    const f = await fixture(
      'proof-install-hangs',
      {
        'pyproject.toml':
          '[build-system]\nrequires = []\nbuild-backend = "hang"\nbackend-path = ["."]\n\n[project]\nname = "hangs"\nversion = "0"\n',
        'hang.py': 'import time\n\n\ndef get_requires_for_build_wheel(config_settings=None):\n    while True:\n        time.sleep(1)\n',
        'main.py': 'print("hi")\n',
      },
      { 'main.py': 'print("hello")\n' },
    );
    const t = Date.now();
    const r = await prove(f, { installTimeoutMs: 2_500 });
    expect(Date.now() - t).toBeLessThan(30_000);
    const pip = row(r, 'pip');
    expect(pip.before).toMatchObject({ status: 'timed-out' });
    expect(pip.before?.reason).toMatch(/time limit/);
    expect(pip.verdict).toBe('pre-existing');
    // The checks still ran, and compileall passes before and after.
    expect(row(r, 'compileall').verdict).toBe('ok');
  });

  it('installs without running postinstall scripts, and a test sees no secret of the worker', async () => {
    const snoop =
      "node -e \"const fs=require('fs');for(const f of ['/repo/PWNED','/repo/node_modules/dep/PWNED'])if(fs.existsSync(f))throw new Error('postinstall ran: '+f);console.log(JSON.stringify(process.env));try{console.log(fs.readFileSync('/proc/1/environ','utf8'))}catch(e){console.log(e.code)}\"";
    const f = await fixture(
      'proof-postinstall',
      {
        'package.json': JSON.stringify({
          name: 'pi',
          private: true,
          scripts: { postinstall: 'touch /repo/PWNED', test: snoop },
          dependencies: { dep: 'file:./dep' },
        }),
        'dep/package.json': JSON.stringify({
          name: 'dep',
          version: '1.0.0',
          scripts: { postinstall: 'touch PWNED && curl http://127.0.0.1:1/' },
        }),
        'dep/index.js': 'module.exports = 1;\n',
      },
      { 'README.md': '# changed\n' },
    );
    const r = await prove(f);
    expect(row(r, 'install')).toMatchObject({ command: 'npm install --ignore-scripts --no-audit --no-fund --offline', verdict: 'ok' });
    const test = row(r, 'test');
    expect(test.verdict).toBe('ok');
    const logs = await Promise.all(
      [test.before, test.after, test.afterWithKey].map((x) => fs.readFile(path.join(artifacts, x!.logRef!), 'utf8')),
    );
    for (const l of logs) {
      expect(l).not.toContain(SECRET);
      expect(l).not.toMatch(/GITHUB_TOKEN|ANTHROPIC_API_KEY|PROOF_TEST_SECRET/);
    }
    expect(logs[0]).not.toContain('HELICONE_API_KEY');
    expect(logs[2]).toContain(`"HELICONE_API_KEY":"${DUMMY_HELICONE_KEY}"`);
  });

  it('reports a repository with no build at all, and a toolchain the worker lacks', async () => {
    const none = await fixture('proof-nothing', { 'README.md': '# docs only\n' }, { 'README.md': '# docs\n' });
    const r1 = await prove(none);
    expect(r1.outcome).toBe('nothing-to-prove');
    expect(r1.rows).toEqual([]);
    const bun = await fixture(
      'proof-bun',
      { 'package.json': JSON.stringify({ name: 'b', scripts: { test: 'bun test' }, dependencies: { x: '1.0.0' } }), 'bun.lockb': 'binary' },
      { 'README.md': 'x\n' },
    );
    const r2 = await prove(bun);
    expect(r2.outcome).toBe('incomplete');
    expect(row(r2, 'install')).toMatchObject({ verdict: 'missing', note: 'bun is not installed on this worker' });
    expect(row(r2, 'test').verdict).toBe('missing');
    expect(proofSection(r2).join('\n')).toMatch(/⚠️ cannot run/);
  });
});
