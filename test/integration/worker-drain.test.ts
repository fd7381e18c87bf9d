/**
 * Graceful shutdown with two real worker processes: SIGTERM reaches worker A while it runs the (slowed) integrate
 * activity; A stops polling, finishes the activity within WORKER_SHUTDOWN_GRACE, logs the drain as JSON lines and
 * exits 0. Worker B, with its own disk (only the local forge, the "remote", is shared), carries the integration on:
 * its push finds no commit on its disk (WorkspaceLost), integrates again, and opens the review PR. B also serves
 * its /metrics (service counters) and the Temporal runtime metrics (TEMPORAL_METRICS_BIND).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startDevServer } from '../../src/adapters/temporal/dev-server';
import { buildIntegrationInput, startIntegration } from '../../src/cli/start-integration';
import { waitForStatus } from '../../src/cli/wait-for-state';
import { loadConfig } from '../../src/shared/config';
import { reviewCompleteSignal } from '../../src/workflows/definitions';
import { sampleAppRepo } from '../helpers/fixture-repos';
import { freePort } from '../helpers/free-port';

const ROOT = path.resolve(__dirname, '..', '..');
const ENTRY = path.join(ROOT, 'test', 'helpers', 'slow-worker.ts');

interface WorkerProcess {
  child: ChildProcess;
  lines: Record<string, unknown>[];
  raw: string[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  waitForLine(pred: (l: Record<string, unknown>) => boolean, timeoutMs?: number): Promise<Record<string, unknown>>;
}

let env: TestWorkflowEnvironment;
let root: string;
const workers: WorkerProcess[] = [];

function startWorker(name: string, dataDir: string, extra: Record<string, string>): WorkerProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', ENTRY], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: root,
      TEMPORAL_ADDRESS: env.address,
      TEMPORAL_NAMESPACE: 'default',
      DATA_DIR: dataDir,
      FORGE: 'local',
      INTEGRATOR: 'codemod',
      LOG_FORMAT: 'json',
      LOG_LEVEL: 'INFO',
      // The proof runs in its sandbox as in production, but offline: tests reach no registry.
      PROOF_REGISTRIES: 'none',
      ...extra,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: Record<string, unknown>[] = [];
  const raw: string[] = [];
  const waiters: { pred: (l: Record<string, unknown>) => boolean; resolve: (l: Record<string, unknown>) => void }[] = [];
  let buf = '';
  child.stdout!.on('data', (d: Buffer) => {
    buf += d.toString();
    let nl: number;
    while ((nl = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, nl);
      buf = buf.slice(nl + 1);
      raw.push(line);
      let parsed: Record<string, unknown>;
      try {
        parsed = JSON.parse(line) as Record<string, unknown>;
      } catch {
        parsed = { notJson: line };
      }
      lines.push(parsed);
      for (const w of [...waiters]) {
        if (!w.pred(parsed)) continue;
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(parsed);
      }
    }
  });
  child.stderr!.on('data', (d: Buffer) => process.stderr.write(`[${name}] ${d.toString()}`));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const w: WorkerProcess = {
    child,
    lines,
    raw,
    exited,
    waitForLine(pred, timeoutMs = 90_000) {
      const found = lines.find(pred);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const t = setTimeout(
          () => reject(new Error(`${name}: no matching log line within ${timeoutMs} ms; got:\n${raw.slice(-30).join('\n')}`)),
          timeoutMs,
        );
        waiters.push({ pred, resolve: (l) => (clearTimeout(t), resolve(l)) });
        void exited.then(({ code }) =>
          reject(new Error(`${name} exited (${code}) before the expected log line:\n${raw.slice(-30).join('\n')}`)),
        );
      });
    },
  };
  workers.push(w);
  return w;
}

const msg = (re: RegExp) => (l: Record<string, unknown>) => typeof l.msg === 'string' && re.test(l.msg);

beforeAll(async () => {
  env = await startDevServer({});
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'hi-drain-'));
});

afterAll(async () => {
  for (const w of workers) if (w.child.exitCode === null) w.child.kill('SIGKILL');
  await env?.teardown();
  if (root) await fs.rm(root, { recursive: true, force: true });
});

it('drains on SIGTERM during a running activity, exits 0, and a second worker process completes the integration', async () => {
  // Separate disks, one forge: B's data directory links to A's forge (the shared "remote").
  const dataA = path.join(root, 'a');
  const dataB = path.join(root, 'b');
  await fs.mkdir(path.join(dataA, 'forge'), { recursive: true });
  await fs.mkdir(dataB, { recursive: true });
  await fs.symlink(path.join(dataA, 'forge'), path.join(dataB, 'forge'));

  // A's integrate waits until just after its SIGTERM (40 s at most): B's start-up, however slow, cannot outlast it.
  const a = startWorker('worker-a', dataA, { SLOW_INTEGRATE_MS: '40000', SLOW_INTEGRATE_UNTIL: 'sigterm', WORKER_SHUTDOWN_GRACE: '45s' });
  await a.waitForLine(msg(/^Worker polling/));

  const repo = await sampleAppRepo();
  const input = buildIntegrationInput(repo, loadConfig({ FORGE: 'local' }));
  const handle = await startIntegration(env.client, input);
  const slowStarted = await a.waitForLine(msg(/slow integrator: waiting/));
  // Activity log lines carry the workflow and the activity.
  expect(slowStarted).toMatchObject({ level: 'info', workflowId: handle.workflowId, activity: 'integrate' });
  expect(typeof slowStarted.time).toBe('string');

  const temporalMetrics = `127.0.0.1:${await freePort()}`;
  const b = startWorker('worker-b', dataB, { METRICS_PORT: '0', METRICS_HOST: '127.0.0.1', TEMPORAL_METRICS_BIND: temporalMetrics });
  const served = await b.waitForLine(msg(/^Service metrics served/));
  await b.waitForLine(msg(/^Worker polling/));

  a.child.kill('SIGTERM');
  const draining = await a.waitForLine(msg(/SIGTERM received: draining/));
  expect(draining).toMatchObject({ runningActivities: 1, graceMs: 45_000 });
  const exit = await a.exited;
  expect(exit).toEqual({ code: 0, signal: null });
  // A finished the activity it had (the integrator got past its wait) before stopping.
  expect(a.lines.some(msg(/slow integrator: done waiting/))).toBe(true);
  expect(a.lines.some(msg(/^Worker drained and stopped/))).toBe(true);
  // Every stdout line of A was one JSON object.
  expect(a.lines.filter((l) => 'notJson' in l)).toEqual([]);

  const review = await Promise.race([
    waitForStatus(handle, (s) => s.state === 'awaiting_review' || ['failed', 'rejected', 'completed'].includes(s.state), undefined, 200),
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`no review in time; B said:\n${b.raw.slice(-20).join('\n')}`)), 90_000),
    ),
  ]);
  expect(review.state).toBe('awaiting_review');

  const history = await handle.fetchHistory();
  const started = history.events!.filter((e) => e.activityTaskStartedEventAttributes);
  const scheduled = new Map(
    history
      .events!.filter((e) => e.activityTaskScheduledEventAttributes)
      .map((e) => [String(e.eventId), e.activityTaskScheduledEventAttributes!.activityType!.name!]),
  );
  const byWorker = started.map((e) => ({
    activity: scheduled.get(String(e.activityTaskStartedEventAttributes!.scheduledEventId)),
    pid: Number(String(e.activityTaskStartedEventAttributes!.identity).split('@')[0]),
  }));
  // A ran the first integrate and completed it; B did the rest (including the re-integration its own disk needed).
  const integrates = byWorker.filter((x) => x.activity === 'integrate');
  expect(integrates[0]!.pid).toBe(a.child.pid);
  expect(
    history.events!.some(
      (e) =>
        e.activityTaskCompletedEventAttributes &&
        e.activityTaskCompletedEventAttributes.startedEventId?.toString() ===
          String(
            started.find((s) => scheduled.get(String(s.activityTaskStartedEventAttributes!.scheduledEventId)) === 'integrate')!.eventId,
          ),
    ),
  ).toBe(true);
  const afterA = byWorker.slice(byWorker.findIndex((x) => x.activity === 'integrate') + 1);
  expect(afterA.length).toBeGreaterThan(0);
  expect(afterA.every((x) => x.pid === b.child.pid)).toBe(true);
  expect(afterA.map((x) => x.activity)).toContain('openReviewPullRequest');

  // B's own counters saw the states it reported and its activities; the Temporal runtime's metrics are served too.
  const metrics = await (await fetch(String(served.url))).text();
  expect(metrics).toMatch(/^helicone_integration_state_transitions_total\{state="awaiting_review"\} 1$/m);
  expect(metrics).toMatch(/^helicone_activities_total\{activity="integrate",outcome="completed"\} 1$/m);
  expect(metrics).toMatch(/^helicone_activities_total\{activity="pushBranch",outcome="failed"\} 1$/m); // WorkspaceLost on B's disk
  const runtime = await (await fetch(`http://${temporalMetrics}/metrics`)).text();
  expect(runtime).toMatch(/^temporal_activity_execution_latency/m);

  await handle.signal(reviewCompleteSignal, { approved: true });
  expect((await handle.result()).state).toBe('completed');

  b.child.kill('SIGTERM');
  expect(await b.exited).toEqual({ code: 0, signal: null });
}, 240_000);
