/**
 * Drill 1: SIGKILL the worker at random moments while N integrations run (clone, integrate, push, PR creation…),
 * restart it each time; every integration must reach review, then completion after approval, with exactly one fork,
 * one integration branch and one PR per head, and no clone on disk that belongs to no integration.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { startDevServer } from '../../src/adapters/temporal/dev-server';
import { buildIntegrationInput, startIntegration } from '../../src/cli/start-integration';
import { loadConfig } from '../../src/shared/config';
import { reviewCompleteSignal } from '../../src/workflows/definitions';
import { rng, tempDir } from '../bench/bench-util';
import { clientFor, fixtureRepo, forgeDuplicates, kill, startWorker, waitAll, type DrillResult } from './drill-kit';

export async function drillKillWorker(opts: { n: number; kills: number; seed: number; log: (s: string) => void }): Promise<DrillResult> {
  const rand = rng(opts.seed);
  const root = await tempDir('drill-kill-');
  const dataDir = path.join(root, 'data');
  const env = await startDevServer({});
  const client = clientFor(env.connection);
  const logFile = path.join(root, 'worker.log');
  let worker = startWorker({ address: env.address, dataDir, logFile });
  const details: string[] = [];
  try {
    const names = Array.from({ length: opts.n }, (_, i) => `kill-${String(i).padStart(2, '0')}`);
    const repos = await Promise.all(names.map((n) => fixtureRepo(path.join(root, 'src'), n)));
    const config = loadConfig({ FORGE: 'local', DATA_DIR: dataDir }, root);
    const ids = await Promise.all(repos.map(async (r, i) => (await startIntegration(client, buildIntegrationInput(r, config, `drill-${opts.seed}-${names[i]}`))).workflowId));
    for (let k = 0; k < opts.kills; k++) {
      await new Promise((r) => setTimeout(r, 1500 + rand() * 4000));
      const states = await Promise.all(ids.map(async (id) => (await client.workflow.getHandle(id).query('getStatus').catch(() => undefined)) as { state: string } | undefined));
      const busy = states.filter((s) => s && !['awaiting_review', 'completed', 'failed'].includes(s.state)).map((s) => s!.state);
      details.push(`kill ${k + 1}: SIGKILL with ${busy.length} integration(s) mid-way (${[...new Set(busy)].join(', ') || 'none'})`);
      opts.log(`  ${details.at(-1)}`);
      await kill(worker);
      worker = startWorker({ address: env.address, dataDir, logFile });
    }
    // A killed worker's activities come back after their heartbeat timeout (2 minutes).
    const review = await waitAll(client, ids, (s) => s.state === 'awaiting_review' || s.state === 'failed', 10 * 60_000);
    const notReviewed = ids.filter((id) => review.get(id)?.state !== 'awaiting_review');
    for (const id of ids) await client.workflow.getHandle(id).signal(reviewCompleteSignal, { approved: true }).catch(() => undefined);
    const end = await waitAll(client, ids, (s) => s.state === 'completed' || s.state === 'failed', 10 * 60_000);
    const lost = ids.filter((id) => end.get(id)?.state !== 'completed');
    for (const id of lost) details.push(`${id}: ${end.get(id)?.state ?? 'no status'} ${end.get(id)?.message ?? ''}`);
    if (notReviewed.length) details.push(`${notReviewed.length} never reached review`);
    const duplicates = await forgeDuplicates(dataDir, names);
    details.push(...duplicates);
    // Clones on disk must each belong to an integration of this run.
    const known = new Set(ids.map((id) => id.replace(/^integration-/, '')));
    const orphans = (await fs.readdir(path.join(dataDir, 'workspaces')).catch(() => [] as string[])).filter((d) => !known.has(d));
    if (orphans.length) details.push(`orphaned clones: ${orphans.join(', ')}`);
    return { drill: `kill -9 the worker ${opts.kills}× during ${opts.n} integrations`, passed: !lost.length && !duplicates.length && !orphans.length, integrations: ids.length, lost: lost.length, duplicates: duplicates.length, details };
  } finally {
    await kill(worker);
    await env.teardown();
    await fs.rm(root, { recursive: true, force: true });
  }
}
