/**
 * What every fault drill needs: a worker as a separate process (so it can be killed with SIGKILL and restarted),
 * its logs captured to a file, fixture repositories, and waiting on integration states through Temporal.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { Client } from '@temporalio/client';
import type { IntegrationStatus } from '../../src/shared/types';
import { getStatusQuery } from '../../src/workflows/definitions';
import { git } from '../bench/bench-util';

export const ROOT = path.resolve(__dirname, '..', '..');

export interface DrillResult {
  drill: string;
  passed: boolean;
  integrations: number;
  lost: number;
  duplicates: number;
  details: string[];
}

export interface WorkerProcess {
  child: ChildProcess;
  logFile: string;
}

/** Starts `src/cli/worker.ts` as its own process; every line it prints goes to `logFile` (appended). */
export function startWorker(opts: { address: string; dataDir: string; logFile: string; env?: Record<string, string> }): WorkerProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src', 'cli', 'worker.ts')], {
    cwd: ROOT,
    env: { ...process.env, TEMPORAL_ADDRESS: opts.address, DATA_DIR: opts.dataDir, FORGE: 'local', INTEGRATOR: 'codemod', LOG_FORMAT: 'json', METRICS_PORT: '', ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out = createWriteStream(opts.logFile, { flags: 'a' });
  child.stdout!.pipe(out);
  child.stderr!.pipe(out);
  return { child, logFile: opts.logFile };
}

export async function kill(w: WorkerProcess, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
  if (w.child.exitCode !== null || w.child.signalCode !== null) return;
  const exited = new Promise((r) => w.child.once('exit', r));
  w.child.kill(signal);
  await exited;
}

/** A tiny application repository with one OpenAI client (or the given files). */
export async function fixtureRepo(root: string, name: string, files?: Record<string, string>): Promise<string> {
  const dir = path.join(root, name);
  for (const [rel, text] of Object.entries(files ?? { 'src/ai.ts': "import OpenAI from 'openai';\nexport const ai = new OpenAI();\n", 'README.md': `# ${name}\n` })) {
    await fs.mkdir(path.dirname(path.join(dir, rel)), { recursive: true });
    await fs.writeFile(path.join(dir, rel), text);
  }
  await git(dir, 'init', '-q', '-b', 'main');
  await git(dir, 'add', '-A');
  await git(dir, 'commit', '-q', '-m', 'init', '--allow-empty');
  return dir;
}

export function clientFor(connection: Client['connection']): Client {
  return new Client({ connection, namespace: 'default' });
}

export async function statusOf(client: Client, workflowId: string): Promise<IntegrationStatus | undefined> {
  return client.workflow.getHandle(workflowId).query(getStatusQuery).catch(() => undefined);
}

/** Polls until every workflow satisfies `done`, or the time runs out; returns the last statuses. */
export async function waitAll(client: Client, ids: string[], done: (s: IntegrationStatus) => boolean, timeoutMs: number): Promise<Map<string, IntegrationStatus | undefined>> {
  const end = Date.now() + timeoutMs;
  let last = new Map<string, IntegrationStatus | undefined>();
  for (;;) {
    last = new Map(await Promise.all(ids.map(async (id) => [id, await statusOf(client, id)] as const)));
    if ([...last.values()].every((s) => s && done(s))) return last;
    if (Date.now() > end) return last;
    await new Promise((r) => setTimeout(r, 1000));
  }
}

/**
 * The local forge's view of duplicates: more than one fork of an upstream, more than one integration branch in a
 * fork, more than one review PR or upstream PR per integration.
 */
export async function forgeDuplicates(dataDir: string, names: string[]): Promise<string[]> {
  const problems: string[] = [];
  const forksDir = path.join(dataDir, 'forge', 'repos', 'helicone-bot');
  const forks = await fs.readdir(forksDir).catch(() => [] as string[]);
  for (const name of names) {
    const mine = forks.filter((f) => f === `${name}.git` || f.startsWith(`${name}-`));
    if (mine.length !== 1) problems.push(`${name}: ${mine.length} forks (${mine.join(', ')})`);
    for (const f of mine) {
      const branches = (await git(path.join(forksDir, f), 'for-each-ref', '--format=%(refname)', 'refs/heads/helicone/')).split('\n').filter(Boolean);
      if (branches.length > 1) problems.push(`${name}: ${branches.length} integration branches`);
    }
    for (const owner of ['helicone-bot', 'local']) {
      const prs = await fs.readdir(path.join(dataDir, 'forge', 'pulls', owner, name)).catch(() => [] as string[]);
      const records = await Promise.all(prs.filter((p) => p.endsWith('.json')).map(async (p) => JSON.parse(await fs.readFile(path.join(dataDir, 'forge', 'pulls', owner, name, p), 'utf8')) as { head: { branch: string } }));
      const heads = records.map((r) => r.head.branch);
      if (new Set(heads).size !== heads.length) problems.push(`${owner}/${name}: duplicate PRs for one branch (${heads.join(', ')})`);
    }
  }
  return problems;
}
