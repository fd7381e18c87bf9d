/**
 * Drill 1: SIGKILL the worker process in the middle of N integrations, aimed at each phase in turn (fork, clone,
 * integrate, push, review-PR creation, and after approval the upstream PR), and restart it every time. Every
 * integration must reach review, then `completed` after approval, with exactly one fork, at most one integration
 * branch, one review PR and one upstream PR each, and no clone or half-made repository on disk that belongs to nothing.
 *
 * Aim: the worker's own log line that an activity prints as it starts its work (e.g. `git clone …`) is the trigger;
 * the seed picks which occurrence of the line to wait for, a delay after it (0–400 ms) and the staggered start
 * times of the integrations, so a failing run repeats with the same --seed.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { startDevServer } from '../../src/adapters/temporal/dev-server';
import { buildIntegrationInput, startIntegration } from '../../src/cli/start-integration';
import { loadConfig } from '../../src/shared/config';
import {
  approveAll,
  clientFor,
  diskLeftovers,
  fixtureRepo,
  forgeAudit,
  keepLog,
  kill,
  rng,
  sleep,
  startWorker,
  tempDir,
  type DrillResult,
  type Log,
  type WorkerProcess,
} from './drill-kit';

/** What each activity logs as it begins the work the kill should interrupt. */
const PHASES: { phase: string; line: RegExp }[] = [
  { phase: 'fork', line: /"msg":"Upstream / },
  { phase: 'clone', line: /"msg":"git clone / },
  { phase: 'integrate', line: /"msg":"Running the codemod integrator/ },
  { phase: 'push', line: /"msg":"git push --force / },
  // Logged once the PR record exists but before the activity reports back: the retry must find it, not add one.
  { phase: 'review PR creation', line: /"msg":"Review PR v1: / },
];
const UPSTREAM_PHASE = { phase: 'upstream PR creation', line: /"msg":"Upstream PR: / };

export async function drillKillWorker(opts: { n: number; seed: number; log: Log }): Promise<DrillResult> {
  const started = Date.now();
  const rand = rng(opts.seed);
  const root = await tempDir('drill-kill-');
  const dataDir = path.join(root, 'data');
  const env = await startDevServer({});
  const client = clientFor(env.connection);
  const logFile = path.join(root, 'worker.log');
  const spawnWorker = () => startWorker({ address: env.address, dataDir, logFile });
  let worker: WorkerProcess = spawnWorker();
  const details: string[] = [];
  /**
   * Kills the worker when it next prints `phase.line` (the `skip`-th occurrence after the restart), then starts a new
   * one. A phase not seen in time is skipped rather than hit at an arbitrary moment: an aimed kill says what it tested.
   */
  const killAt = async (phase: { phase: string; line: RegExp }, timeoutMs: number) => {
    const skip = Math.floor(rand() * 2);
    const delay = Math.floor(rand() * 400);
    const line = await worker.waitForLine(phase.line, timeoutMs, skip);
    if (!line) {
      details.push(`no kill during ${phase.phase}: not seen within ${timeoutMs / 1000} s`);
      opts.log(`  ${details.at(-1)}`);
      return;
    }
    await sleep(delay);
    await kill(worker);
    kills++;
    details.push(`SIGKILL during ${phase.phase} (occurrence ${skip + 1} of its log line, +${delay} ms)`);
    opts.log(`  ${details.at(-1)}; restarting the worker`);
    worker = spawnWorker();
  };
  let kills = 0;
  try {
    const names = Array.from({ length: opts.n }, (_, i) => `kill-${String(i).padStart(2, '0')}`);
    const repos = await Promise.all(names.map((n) => fixtureRepo(path.join(root, 'src'), n)));
    const config = loadConfig({ FORGE: 'local', DATA_DIR: dataDir }, root);
    const integrationIds = names.map((n) => `drill-${opts.seed}-${n}`);
    // Staggered starts, so that at any kill some integrations are early and others late in their pipeline.
    const offsets = names.map(() => Math.floor(rand() * 40_000));
    const ids: string[] = [];
    const starting = Promise.all(
      repos.map(async (r, i) => {
        await sleep(offsets[i]!);
        ids.push((await startIntegration(client, buildIntegrationInput(r, config, integrationIds[i]))).workflowId);
      }),
    );
    // In pipeline order: integrations that started later reach each phase on the new worker, and those whose
    // activity died with a worker resume after the 2-minute heartbeat timeout and reach the later phases.
    for (const phase of PHASES) await killAt(phase, 150_000);
    await starting;
    // A killed worker's activities are retried after their heartbeat timeout (2 minutes), on the new worker.
    const { notReviewed, lost } = await approveAll(client, ids, {
      reviewMs: 12 * 60_000,
      endMs: 10 * 60_000,
      afterApproval: () => killAt(UPSTREAM_PHASE, 150_000),
    });
    details.push(...notReviewed, ...lost);
    const audit = await forgeAudit(dataDir, names, { upstreamPr: true });
    details.push(...audit.problems);
    const leftovers = await diskLeftovers(dataDir, integrationIds);
    if (leftovers.length) details.push(`left on disk, belonging to nothing: ${leftovers.join(', ')}`);
    if (kills < 3) details.push(`only ${kills} kill(s) landed during an activity: too few to call this a drill`);
    const passed = kills >= 3 && !notReviewed.length && !lost.length && !audit.problems.length && !leftovers.length;
    return {
      drill: `kill -9 the worker ${kills}× during ${opts.n} integrations (seed ${opts.seed})`,
      passed,
      integrations: ids.length,
      lost: new Set([...notReviewed, ...lost].map((l) => l.split(':')[0])).size,
      duplicates: audit.duplicates,
      seconds: Math.round((Date.now() - started) / 1000),
      details,
    };
  } finally {
    await kill(worker);
    await env.teardown();
    await keepLog(logFile, 'kill-worker');
    if (!process.env.DRILL_KEEP) await fs.rm(root, { recursive: true, force: true });
  }
}
