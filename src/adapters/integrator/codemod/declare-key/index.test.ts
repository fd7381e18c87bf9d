import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { declareHeliconeKey, findEnvDocs, planKeyDeclarations } from '.';

async function repo(files: Record<string, string>): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'declare-key-'));
  for (const [f, content] of Object.entries(files)) {
    await fs.mkdir(path.dirname(path.join(dir, f)), { recursive: true });
    await fs.writeFile(path.join(dir, f), content);
  }
  return dir;
}

const MONOREPO = {
  '.env.example': 'OPENAI_API_KEY=\n',
  '.env.local.example': 'PORT=3000\n',
  'README.md': '# App\n\n## Environment variables\n\n| Variable | Description |\n| --- | --- |\n| `OPENAI_API_KEY` | OpenAI key |\n',
  'docs/configuration.md': '# Configuration\n\n- `OPENAI_API_KEY`: the key\n',
  'docs/usage.md': '# Usage\n\n- `OPENAI_API_KEY`: the key\n',
  'docker-compose.yml': 'services:\n  api:\n    environment:\n      - OPENAI_API_KEY=${OPENAI_API_KEY}\n',
  'packages/api/.env.sample': 'ANTHROPIC_API_KEY=\n',
  'packages/api/src/llm.ts': "import OpenAI from 'openai';\n",
  'packages/web/.env.example': 'NEXT_PUBLIC_URL=\n',
  'deploy/chart/Chart.yaml': 'name: app\n',
  'deploy/chart/values.yaml': 'env:\n  - name: OPENAI_API_KEY\n    value: ""\n',
  'deploy/other/values.yaml': 'env:\n  - name: OPENAI_API_KEY\n    value: ""\n',
  'docs/nested/env.md': '# Environment\n\n- `OPENAI_API_KEY`: key\n',
};

describe('declareHeliconeKey', () => {
  it('declares the key in every place the repository documents its variables, and returns them sorted', async () => {
    const dir = await repo(MONOREPO);
    const changed = await declareHeliconeKey(dir, ['packages/api/src/llm.ts']);
    expect(changed).toEqual([
      '.env.example',
      '.env.local.example',
      'README.md',
      'deploy/chart/values.yaml',
      'docker-compose.yml',
      'docs/configuration.md',
      'packages/api/.env.sample',
    ]);
    const read = (f: string) => fs.readFile(path.join(dir, f), 'utf8');
    expect(await read('.env.example')).toBe('OPENAI_API_KEY=\nHELICONE_API_KEY=\n');
    expect(await read('packages/api/.env.sample')).toBe('ANTHROPIC_API_KEY=\nHELICONE_API_KEY=\n');
    expect(await read('docker-compose.yml')).toBe(
      'services:\n  api:\n    environment:\n      - OPENAI_API_KEY=${OPENAI_API_KEY}\n      - HELICONE_API_KEY=${HELICONE_API_KEY}\n',
    );
    expect(await read('deploy/chart/values.yaml')).toBe(
      'env:\n  - name: OPENAI_API_KEY\n    value: ""\n  - name: HELICONE_API_KEY\n    value: ""\n',
    );
    // Not a chart's values, a package whose code did not change, a page that is not about configuration.
    expect(await read('deploy/other/values.yaml')).toBe(MONOREPO['deploy/other/values.yaml']);
    expect(await read('packages/web/.env.example')).toBe(MONOREPO['packages/web/.env.example']);
    expect(await read('docs/usage.md')).toBe(MONOREPO['docs/usage.md']);

    // Idempotent: every file now mentions the key.
    expect(await declareHeliconeKey(dir, ['packages/api/src/llm.ts'])).toEqual([]);
  });

  it('never touches a file that already mentions HELICONE_API_KEY, nor a symlink', async () => {
    const dir = await repo({ '.env.example': '# HELICONE_API_KEY=\nOPENAI_API_KEY=\n', 'real.env': 'OPENAI_API_KEY=\n' });
    await fs.symlink(path.join(dir, 'real.env'), path.join(dir, '.env.sample'));
    expect(await planKeyDeclarations(dir)).toEqual([]);
  });

  it('finds nothing in a repository that documents no variables', async () => {
    const dir = await repo({ 'README.md': '# App\n\nSet OPENAI_API_KEY and run it.\n', 'src/a.ts': '' });
    expect(await declareHeliconeKey(dir, ['src/a.ts'])).toEqual([]);
  });
});

describe('findEnvDocs', () => {
  it('lists the root places, declared or not', async () => {
    const dir = await repo({ ...MONOREPO, '.env.example': 'OPENAI_API_KEY=\nHELICONE_API_KEY=\n' });
    expect(await findEnvDocs(dir)).toEqual([
      '.env.example',
      '.env.local.example',
      'README.md',
      'deploy/chart/values.yaml',
      'docker-compose.yml',
      'docs/configuration.md',
    ]);
    // A listing answers for the working copy: only what it holds is looked at.
    expect(await findEnvDocs(dir, ['deploy/chart/Chart.yaml', 'deploy/chart/values.yaml'])).toEqual(['deploy/chart/values.yaml']);
    expect(await findEnvDocs(dir, ['deploy/chart/values.yaml'])).toEqual([]);
    expect(await findEnvDocs(dir, [])).toEqual([]);
  });
});
