/**
 * What every fault drill needs: a worker as a separate process (so it can be killed with SIGKILL and restarted) whose
 * output is captured to a file and watched line by line, fixture repositories, a seeded random source, waiting on
 * integration states through Temporal, and the local forge's view of forks, branches and PRs for duplicate checks.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { Client } from '@temporalio/client';
import type { IntegrationStatus } from '../../src/shared/types';
import { getStatusQuery, reviewCompleteSignal } from '../../src/workflows/definitions';
import { freePort } from '../../test/helpers/free-port';
import { git, rng, sleep, tempDir } from '../lib/script-util';

export { freePort, git, rng, sleep, tempDir };

export const ROOT = path.resolve(__dirname, '..', '..');

export interface DrillResult {
  drill: string;
  passed: boolean;
  integrations: number;
  /** Integrations that did not reach the state the drill expects. */
  lost: number;
  /** Extra forks, branches or PRs (or lines of a table that wedged or crashed, for the bad-inputs drill). */
  duplicates: number;
  seconds?: number;
  details: string[];
}

export type Log = (line: string) => void;

export interface WorkerProcess {
  child: ChildProcess;
  logFile: string;
  /** Resolves with the first output line (after this call) that matches, or undefined after `timeoutMs`. */
  waitForLine(re: RegExp, timeoutMs: number, skip?: number): Promise<string | undefined>;
}

export interface WorkerOptions {
  address: string;
  dataDir: string;
  logFile: string;
  env?: Record<string, string>;
}

/**
 * Starts `src/cli/worker.ts` under tsx as its own process, as `npm run worker` does. Every line it prints is
 * appended to `logFile` (the secrets drill searches it) and offered to `waitForLine` (the kill drill aims with it).
 */
export function startWorker(opts: WorkerOptions): WorkerProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src', 'cli', 'worker.ts')], {
    cwd: ROOT,
    env: {
      ...process.env,
      TEMPORAL_ADDRESS: opts.address,
      TEMPORAL_NAMESPACE: 'default',
      DATA_DIR: opts.dataDir,
      FORGE: 'local',
      INTEGRATOR: 'codemod',
      LOG_FORMAT: 'json',
      METRICS_PORT: '',
      // The proof runs in its sandbox, offline: a drill reaches no package registry.
      PROOF_REGISTRIES: 'none',
      ...opts.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out = createWriteStream(opts.logFile, { flags: 'a' });
  const watchers = new Set<(line: string) => void>();
  let partial = '';
  const onData = (chunk: Buffer) => {
    out.write(chunk);
    const text = partial + chunk.toString('utf8');
    const lines = text.split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) for (const w of watchers) w(line);
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  child.on('exit', () => out.end());
  return {
    child,
    logFile: opts.logFile,
    waitForLine: (re, timeoutMs, skip = 0) =>
      new Promise((resolve) => {
        let left = skip;
        const done = (line: string | undefined) => {
          watchers.delete(watch);
          clearTimeout(timer);
          resolve(line);
        };
        const watch = (line: string) => {
          if (re.test(line) && left-- <= 0) done(line);
        };
        const timer = setTimeout(() => done(undefined), timeoutMs);
        watchers.add(watch);
      }),
  };
}

export async function kill(w: WorkerProcess | undefined, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
  if (!w || w.child.exitCode !== null || w.child.signalCode !== null) return;
  const exited = new Promise((r) => w.child.once('exit', r));
  w.child.kill(signal);
  await exited;
}

export const OPENAI_CLIENT = "import OpenAI from 'openai';\nexport const ai = new OpenAI();\n";

/** A tiny application repository with one OpenAI client (or the given files), committed on `main`. */
export async function fixtureRepo(root: string, name: string, files?: Record<string, string>): Promise<string> {
  const dir = path.join(root, name);
  for (const [rel, text] of Object.entries(files ?? { 'src/ai.ts': OPENAI_CLIENT, 'README.md': `# ${name}\n` })) {
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

/** The workflow's own status (a query: needs a live worker, so undefined while none runs). */
export async function statusOf(client: Client, workflowId: string): Promise<IntegrationStatus | undefined> {
  return client.workflow
    .getHandle(workflowId)
    .query(getStatusQuery)
    .catch(() => undefined);
}

/** Polls until every workflow satisfies `done`, or the time runs out; returns the last statuses. */
export async function waitAll(
  client: Client,
  ids: string[],
  done: (s: IntegrationStatus) => boolean,
  timeoutMs: number,
): Promise<Map<string, IntegrationStatus | undefined>> {
  const end = Date.now() + timeoutMs;
  const last = new Map<string, IntegrationStatus | undefined>();
  for (;;) {
    const fresh = new Map(await Promise.all(ids.map(async (id) => [id, await statusOf(client, id)] as const)));
    // A query that failed (worker restarting) keeps the previous answer rather than forgetting it.
    for (const [id, s] of fresh) if (s || !last.has(id)) last.set(id, s);
    if ([...last.values()].every((s) => s && done(s))) return last;
    if (Date.now() > end) return last;
    await sleep(1000);
  }
}

/**
 * The end of every batch drill: waits until each integration reaches review (or ends), approves them all, runs
 * `afterApproval` (the kill drill kills the worker there), waits until each ends; lists those that did not make it.
 */
export async function approveAll(
  client: Client,
  ids: string[],
  opts: { reviewMs: number; endMs: number; afterApproval?: () => Promise<void> },
): Promise<{ notReviewed: string[]; lost: string[] }> {
  const review = await waitAll(client, ids, (s) => ['awaiting_review', 'failed', 'completed'].includes(s.state), opts.reviewMs);
  for (const id of ids)
    await client.workflow
      .getHandle(id)
      .signal(reviewCompleteSignal, { approved: true })
      .catch(() => undefined);
  await opts.afterApproval?.();
  const end = await waitAll(client, ids, (s) => s.state === 'completed' || s.state === 'failed', opts.endMs);
  return {
    notReviewed: notIn(review, 'awaiting_review').map((l) => `not in review: ${l}`),
    lost: notIn(end, 'completed').map((l) => `not completed: ${l}`),
  };
}

export const SETTLED = (s: { state: string }) => ['awaiting_review', 'completed', 'failed', 'rejected'].includes(s.state);

/** Integration ids whose last status is not `want`, with what they showed instead. */
export function notIn(states: Map<string, IntegrationStatus | undefined>, want: string): string[] {
  return [...states]
    .filter(([, s]) => s?.state !== want)
    .map(
      ([id, s]) =>
        `${id}: ${s ? `${s.state}: ${s.message}${s.lastError && s.lastError !== s.message ? ` (${s.lastError})` : ''}` : 'no status'}`,
    );
}

interface PullRecord {
  number: number;
  head: { owner: string; branch: string };
  state: string;
  body: string;
}

async function pullRecords(dataDir: string, owner: string, name: string): Promise<PullRecord[]> {
  const dir = path.join(dataDir, 'forge', 'pulls', owner, name);
  const files = (await fs.readdir(dir).catch(() => [] as string[])).filter((f) => /^\d+\.json$/.test(f));
  return Promise.all(files.map(async (f) => JSON.parse(await fs.readFile(path.join(dir, f), 'utf8')) as PullRecord));
}

/**
 * The local forge's view of each integrated repository (upstream owner `local`, bot `helicone-bot`): exactly one
 * fork, at most one integration branch in it, exactly one review PR and, when `upstreamPr`, exactly one upstream PR.
 * Returns one line per problem; `duplicates` counts the extra objects (missing ones are reported, not counted).
 */
export async function forgeAudit(
  dataDir: string,
  names: string[],
  opts: { upstreamPr: boolean },
): Promise<{ problems: string[]; duplicates: number }> {
  const problems: string[] = [];
  let duplicates = 0;
  const forksDir = path.join(dataDir, 'forge', 'repos', 'helicone-bot');
  const forks = await fs.readdir(forksDir).catch(() => [] as string[]);
  const count = (what: string, n: number, want: 'one' | 'at most one') => {
    if (n > 1) duplicates += n - 1;
    if (n > 1 || (want === 'one' && n === 0)) problems.push(`${what}: ${n} (expected ${want})`);
  };
  for (const name of names) {
    const mine = forks.filter((f) => f === `${name}.git` || new RegExp(`^${name}-\\d+\\.git$`).test(f));
    count(`${name}: forks`, mine.length, 'one');
    for (const f of mine) {
      const branches = (await git(path.join(forksDir, f), 'for-each-ref', '--format=%(refname)', 'refs/heads/helicone/'))
        .split('\n')
        .filter(Boolean);
      count(`${name}: integration branches in ${f}`, branches.length, 'at most one');
    }
    count(`${name}: review PRs`, (await pullRecords(dataDir, 'helicone-bot', name)).length, 'one');
    if (opts.upstreamPr) count(`${name}: upstream PRs`, (await pullRecords(dataDir, 'local', name)).length, 'one');
  }
  return { problems, duplicates };
}

/**
 * Clones and half-made repositories on disk that belong to nothing: a working copy under `workspaces/` of no
 * integration of the run, and staging directories (`.name-XXXX`) a killed fork or import left beside the forge's
 * repositories.
 */
export async function diskLeftovers(dataDir: string, integrationIds: string[]): Promise<string[]> {
  const known = new Set(integrationIds);
  const leftovers = (await fs.readdir(path.join(dataDir, 'workspaces')).catch(() => [] as string[]))
    .filter((d) => !known.has(d))
    .map((d) => `workspaces/${d}`);
  const reposDir = path.join(dataDir, 'forge', 'repos');
  for (const owner of await fs.readdir(reposDir).catch(() => [] as string[])) {
    for (const entry of await fs.readdir(path.join(reposDir, owner)).catch(() => [] as string[])) {
      if (entry.startsWith('.')) leftovers.push(`forge/repos/${owner}/${entry}`);
    }
  }
  return leftovers;
}

/** Keeps a drill's worker log under drill-results/ (the temporary directory is removed), for a failed run's post-mortem. */
export async function keepLog(logFile: string, name: string): Promise<void> {
  const dir = path.join(ROOT, 'drill-results');
  await fs.mkdir(dir, { recursive: true });
  await fs.copyFile(logFile, path.join(dir, `${name}-worker.log`)).catch(() => undefined);
}
