/**
 * Drill 2: stop the Temporal dev server (persisted to a SQLite file) in the middle of a batch, leave it down for a
 * few seconds, start it again on the same port with the same database. The worker, which stays up, reconnects by
 * itself; every integration reaches review, then `completed` after approval, with no duplicate fork, branch or PR.
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
  freePort,
  keepLog,
  kill,
  sleep,
  startWorker,
  tempDir,
  type DrillResult,
  type Log,
} from './drill-kit';

export async function drillServerRestart(opts: { n: number; downSeconds?: number; log: Log }): Promise<DrillResult> {
  const started = Date.now();
  const root = await tempDir('drill-restart-');
  const dataDir = path.join(root, 'data');
  const dbFilename = path.join(root, 'temporal.sqlite');
  const port = await freePort();
  let env = await startDevServer({ port, dbFilename });
  const logFile = path.join(root, 'worker.log');
  const worker = startWorker({ address: env.address, dataDir, logFile });
  const details: string[] = [];
  try {
    const names = Array.from({ length: opts.n }, (_, i) => `restart-${String(i).padStart(2, '0')}`);
    const integrationIds = names.map((n) => `drill-${n}`);
    const repos = await Promise.all(names.map((n) => fixtureRepo(path.join(root, 'src'), n)));
    const config = loadConfig({ FORGE: 'local', DATA_DIR: dataDir }, root);
    const client = clientFor(env.connection);
    const ids = await Promise.all(
      repos.map(async (r, i) => (await startIntegration(client, buildIntegrationInput(r, config, integrationIds[i]))).workflowId),
    );
    // "Mid-batch": once the worker is doing the first integration's work, not before it has connected.
    const line = await worker.waitForLine(/"msg":"git clone /, 90_000);
    details.push(line ? 'server stopped while the worker was cloning' : 'server stopped 90 s after the start (no clone seen)');
    opts.log(`  stopping the Temporal server (${details[0]})`);
    await env.teardown();
    await sleep((opts.downSeconds ?? 10) * 1000);
    env = await startDevServer({ port, dbFilename });
    opts.log('  server back on the same port and database; waiting for every integration');
    const fresh = clientFor(env.connection);
    const { notReviewed, lost } = await approveAll(fresh, ids, { reviewMs: 10 * 60_000, endMs: 5 * 60_000 });
    details.push(...notReviewed, ...lost);
    const audit = await forgeAudit(dataDir, names, { upstreamPr: true });
    details.push(...audit.problems);
    const leftovers = await diskLeftovers(dataDir, integrationIds);
    if (leftovers.length) details.push(`left on disk, belonging to nothing: ${leftovers.join(', ')}`);
    return {
      drill: `restart the Temporal server (persisted) during ${opts.n} integrations`,
      passed: !notReviewed.length && !lost.length && !audit.problems.length && !leftovers.length,
      integrations: ids.length,
      lost: new Set([...notReviewed, ...lost].map((l) => l.split(':')[0])).size,
      duplicates: audit.duplicates,
      seconds: Math.round((Date.now() - started) / 1000),
      details,
    };
  } finally {
    await kill(worker);
    await env.teardown().catch(() => undefined);
    await keepLog(logFile, 'server-restart');
    if (!process.env.DRILL_KEEP) await fs.rm(root, { recursive: true, force: true });
  }
}
