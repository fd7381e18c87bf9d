import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ciScripts, displayCommand, planProof, type PlanEnvironment } from './plan';

const ENV: PlanEnvironment = {
  tools: { npm: '/usr/bin/npm', corepack: '/usr/bin/corepack' },
  python: { bin: '/usr/bin/python3' },
  toolCommands: new Set(['tsc']),
  registries: ['registry.npmjs.org'],
};

async function tree(files: Record<string, string>): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'hi-plan-'));
  for (const [f, c] of Object.entries(files)) {
    await fs.mkdir(path.dirname(path.join(dir, f)), { recursive: true });
    await fs.writeFile(path.join(dir, f), c);
  }
  return dir;
}

const ids = (p: ReturnType<typeof planProof>) => p.steps.map((s) => s.id);

describe('planProof', () => {
  it('npm with a lock: ci without scripts, the tsc build folded into the type-check, lint, test, and the scripts CI runs', async () => {
    const dir = await tree({
      'package.json': JSON.stringify({
        scripts: {
          build: 'tsc',
          lint: 'eslint .',
          test: 'vitest run',
          'test:unit': 'vitest run unit',
          deploy: 'x',
          'check:format': 'prettier -c .',
        },
        devDependencies: { typescript: '5' },
      }),
      'package-lock.json': '{}',
      'tsconfig.json': '{}',
      '.github/workflows/ci.yml':
        'jobs:\n  t:\n    steps:\n      - run: npm ci\n      - run: |\n          npm run test:unit\n          npm run check:format\n      - run: npm run deploy\n',
    });
    const p = planProof(dir, ENV);
    expect(p.ecosystems).toEqual(['node (npm)']);
    expect(ids(p)).toEqual(['install', 'typecheck', 'lint', 'test', 'ci:test:unit', 'ci:check:format']);
    expect(p.steps[0]!.argv).toEqual(['/usr/bin/npm', 'ci', '--ignore-scripts', '--no-audit', '--no-fund']);
    expect(p.steps.find((s) => s.id === 'test')!.keyDependent).toBe(true);
    expect(p.steps.find((s) => s.id === 'typecheck')!.keyDependent).toBe(false);
    expect(p.notes.join(' ')).toMatch(/build script is `tsc`/);
    expect(ciScripts(dir)).toEqual(['test:unit', 'check:format', 'deploy']);
  });

  it('pnpm and yarn through corepack when not installed, and missing when no registry may be reached', async () => {
    const pnpm = await tree({
      'package.json': JSON.stringify({ dependencies: { a: '1' }, scripts: { test: 'jest' } }),
      'pnpm-lock.yaml': '',
    });
    expect(planProof(pnpm, ENV).steps[0]!.argv).toEqual(['/usr/bin/corepack', 'pnpm', 'install', '--frozen-lockfile', '--ignore-scripts']);
    const offline = planProof(pnpm, { ...ENV, registries: [] });
    expect(
      offline.steps.every(
        (s) => s.missing === 'pnpm is not installed on this worker and corepack cannot download it (no package registry is allowed)',
      ),
    ).toBe(true);
    const yarn = await tree({ 'package.json': JSON.stringify({ dependencies: { a: '1' } }), 'yarn.lock': '' });
    expect(planProof(yarn, ENV).steps[0]!.argv).toEqual([
      '/usr/bin/corepack',
      'yarn',
      'install',
      '--frozen-lockfile',
      '--ignore-scripts',
      '--non-interactive',
    ]);
  });

  it("skips npm's placeholder test, and needs tsc from the repository or the worker", async () => {
    const dir = await tree({
      'package.json': JSON.stringify({ scripts: { test: 'echo "Error: no test specified" && exit 1' } }),
      'tsconfig.json': '{}',
    });
    const p = planProof(dir, { ...ENV, toolCommands: new Set() });
    expect(ids(p)).toEqual(['typecheck']);
    expect(p.steps[0]!.missing).toMatch(/typescript is not a dependency/);
    expect(p.notes).toContain('package.json declares no dependencies: nothing to install.');
  });

  it('Python: venv, requirements and the project with its test extra, compileall, ruff, pytest; missing without Python', async () => {
    const dir = await tree({
      'pyproject.toml':
        '[project]\nname = "x"\nversion = "0"\n[project.optional-dependencies]\ntest = ["pytest"]\n[tool.ruff]\nline-length = 100\n',
      'requirements.txt': 'httpx\n',
      'tests/test_x.py': 'def test_x(): pass\n',
    });
    const p = planProof(dir, { ...ENV, wheelhouse: '/proof-cache/wheels' });
    expect(ids(p)).toEqual(['venv', 'pip', 'compileall', 'ruff', 'pytest']);
    const pip = p.steps.find((s) => s.id === 'pip')!.argv;
    expect(pip).toEqual(expect.arrayContaining(['--find-links', '/proof-cache/wheels', '-r', 'requirements.txt', '.[test]', 'ruff']));
    expect(pip).not.toContain('pytest');
    expect(pip).not.toContain('--no-index');
    const none = planProof(dir, { ...ENV, python: undefined, pythonMissing: 'python3 is not installed on this worker' });
    expect(none.steps.every((s) => s.missing === 'python3 is not installed on this worker')).toBe(true);
  });

  it('reads nothing through links or huge files, and plans nothing for a tree without a manifest', async () => {
    const dir = await tree({ 'README.md': '# x' });
    await fs.symlink('/etc/passwd', path.join(dir, 'package.json'));
    const p = planProof(dir, ENV);
    expect(p.steps).toEqual([]);
    expect(p.notes.join(' ')).toMatch(/No package\.json/);
    expect(displayCommand(['/home/sandbox/.venv/bin/python', '-m', 'pytest', '-q'])).toBe('python -m pytest -q');
  });
});
