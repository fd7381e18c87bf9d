/**
 * Drill 2: restart the Temporal dev server (persisted database, same port) in the middle of a batch; the worker
 * reconnects and every integration reaches review.
 */
import fs from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { startDevServer } from '../../src/adapters/temporal/dev-server';
import { buildIntegrationInput, startIntegration } from '../../src/cli/start-integration';
import { loadConfig } from '../../src/shared/config';
import { tempDir } from '../bench/bench-util';
import { clientFor, fixtureRepo, forgeDuplicates, kill, startWorker, waitAll, type DrillResult } from './drill-kit';

async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise((r) => srv.close(r));
  return port;
}

export async function drillServerRestart(opts: { n: number; log: (s: string) => void }): Promise<DrillResult> {
  const root = await tempDir('drill-restart-');
  const dataDir = path.join(root, 'data');
  const dbFilename = path.join(root, 'temporal.sqlite');
  const port = await freePort();
  let env = await startDevServer({ port, dbFilename });
  const worker = startWorker({ address: env.address, dataDir, logFile: path.join(root, 'worker.log') });
  const details: string[] = [];
  try {
    const names = Array.from({ length: opts.n }, (_, i) => `restart-${String(i).padStart(2, '0')}`);
    const repos = await Promise.all(names.map((n) => fixtureRepo(path.join(root, 'src'), n)));
    const config = loadConfig({ FORGE: 'local', DATA_DIR: dataDir }, root);
    const ids = await Promise.all(repos.map(async (r, i) => (await startIntegration(clientFor(env.connection), buildIntegrationInput(r, config, `drill-${names[i]}`))).workflowId));
    await new Promise((r) => setTimeout(r, 3000));
    opts.log('  stopping the Temporal server mid-batch');
    await env.teardown();
    await new Promise((r) => setTimeout(r, 5000));
    env = await startDevServer({ port, dbFilename });
    opts.log('  server back (same database); waiting for every integration');
    const end = await waitAll(clientFor(env.connection), ids, (s) => s.state === 'awaiting_review' || s.state === 'failed', 10 * 60_000);
    const lost = ids.filter((id) => end.get(id)?.state !== 'awaiting_review');
    for (const id of lost) details.push(`${id}: ${end.get(id)?.state ?? 'no status'} ${end.get(id)?.message ?? ''}`);
    const duplicates = await forgeDuplicates(dataDir, names);
    details.push(...duplicates);
    return { drill: `restart the Temporal server during ${opts.n} integrations`, passed: !lost.length && !duplicates.length, integrations: ids.length, lost: lost.length, duplicates: duplicates.length, details };
  } finally {
    await kill(worker);
    await env.teardown();
    await fs.rm(root, { recursive: true, force: true });
  }
}
