/** Git repositories for tests, made with real git in temporary directories. */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

const SAMPLE_APP = path.resolve(__dirname, '..', '..', 'examples', 'sample-app');

function git(cwd: string, ...args: string[]) {
  execFileSync('git', args, {
    cwd,
    stdio: 'pipe',
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 'Fixture',
      GIT_AUTHOR_EMAIL: 'f@example.com',
      GIT_COMMITTER_NAME: 'Fixture',
      GIT_COMMITTER_EMAIL: 'f@example.com',
    },
  });
}

/** A work-tree repository with the given files committed on `branch` (not `main`, to catch assumed defaults). */
export async function makeRepo(name: string, files: Record<string, string>, branch = 'trunk'): Promise<string> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'hi-fixture-'));
  const dir = path.join(root, name.includes(`-${process.pid}-`) ? name : unique(name));
  await fs.mkdir(dir);
  git(dir, 'init', '-q', '-b', branch);
  for (const [file, content] of Object.entries(files)) {
    await fs.mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await fs.writeFile(path.join(dir, file), content);
  }
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'Initial commit');
  return dir;
}

let fixtureCount = 0;
/** A name no other fixture of this process has, so forks and PRs of different tests never mix. */
function unique(name: string): string {
  fixtureCount++;
  return `${name}-${process.pid}-${fixtureCount}`;
}

/** The bundled sample app as a git repository on branch `trunk`. */
export async function sampleAppRepo(): Promise<string> {
  const files: Record<string, string> = {};
  const walk = async (rel: string) => {
    for (const e of await fs.readdir(path.join(SAMPLE_APP, rel), { withFileTypes: true })) {
      const p = path.join(rel, e.name);
      if (e.isDirectory()) {
        if (e.name !== 'node_modules') await walk(p);
      } else files[p] = await fs.readFile(path.join(SAMPLE_APP, p), 'utf8');
    }
  };
  await walk('');
  return makeRepo(unique('sample-app'), files);
}

export async function noClientsRepo(): Promise<string> {
  return makeRepo(unique('no-llm'), { 'src/index.ts': 'export const add = (a: number, b: number) => a + b;\n', 'README.md': '# no llm\n' });
}
