/**
 * Benchmark 2, scale: N integrations of tiny repositories started at once on ONE worker process (sampled for RSS),
 * all the way to `awaiting_review`; then, with all N waiting for a review, the worker's memory after a settle period
 * against its idle memory (a waiting workflow is a timer on the server, not memory on the worker).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { Client } from '@temporalio/client';
import { startDevServer } from '../../src/adapters/temporal/dev-server';
import { buildIntegrationInput, startIntegration } from '../../src/cli/start-integration';
import { loadConfig } from '../../src/shared/config';
import { git, mib, sampleRss, tempDir, timed } from './bench-util';

const ROOT = path.resolve(__dirname, '..', '..');

export interface ScaleResult {
  n: number;
  allWaitingMs: number;
  throughputPerSec: number;
  idleRssMiB: number;
  peakRssMiB: number;
  settledRssMiB: number;
  targets: { allWaitingWithin3Min: boolean; peakUnder1GiB: boolean };
}

export async function benchScale(opts: { n: number; log: (s: string) => void }): Promise<ScaleResult> {
  const root = await tempDir('bench-scale-');
  const dataDir = path.join(root, 'data');
  const env = await startDevServer({});
  const worker = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src', 'cli', 'worker.ts')], {
    cwd: ROOT,
    env: {
      ...process.env,
      TEMPORAL_ADDRESS: env.address,
      DATA_DIR: dataDir,
      FORGE: 'local',
      INTEGRATOR: 'codemod',
      LOG_FORMAT: 'json',
      LOG_LEVEL: 'WARN',
      METRICS_PORT: '',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  worker.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  const rss = sampleRss(worker.pid!);
  try {
    opts.log(`  creating ${opts.n} repositories`);
    const repos: string[] = [];
    for (let i = 0; i < opts.n; i++) {
      const dir = path.join(root, 'src', `tiny-${i}`);
      await fs.mkdir(path.join(dir, 'src'), { recursive: true });
      await fs.writeFile(path.join(dir, 'src', 'ai.ts'), "import OpenAI from 'openai';\nexport const ai = new OpenAI();\n");
      await git(dir, 'init', '-q', '-b', 'main');
      await git(dir, 'add', '-A');
      await git(dir, 'commit', '-q', '-m', 'init');
      repos.push(dir);
    }
    await new Promise((r) => setTimeout(r, 8_000)); // the worker bundles its workflows and starts polling
    if (worker.exitCode !== null) throw new Error(`worker exited: ${stderr}`);
    const idle = rss.last();
    const client = new Client({ connection: env.connection, namespace: 'default' });
    const config = loadConfig({ FORGE: 'local', DATA_DIR: dataDir }, ROOT);
    const waiting = async () =>
      (await client.workflow.count(`WorkflowType = 'repositoryIntegrationWorkflow' AND IntegrationStatus = 'awaiting_review'`)).count;
    const { ms } = await timed(async () => {
      await Promise.all(repos.map((r, i) => startIntegration(client, buildIntegrationInput(r, config, `scale-${i}`))));
      for (;;) {
        const n = await waiting();
        if (n >= opts.n) return;
        if (worker.exitCode !== null) throw new Error(`worker exited: ${stderr}`);
        await new Promise((r) => setTimeout(r, 1000));
      }
    });
    opts.log(`  all ${opts.n} awaiting review after ${Math.round(ms / 1000)} s; settling`);
    await new Promise((r) => setTimeout(r, 20_000));
    return {
      n: opts.n,
      allWaitingMs: ms,
      throughputPerSec: opts.n / (ms / 1000),
      idleRssMiB: mib(idle),
      peakRssMiB: mib(rss.peak()),
      settledRssMiB: mib(rss.last()),
      targets: { allWaitingWithin3Min: ms <= 180_000, peakUnder1GiB: rss.peak() < 1024 ** 3 },
    };
  } finally {
    rss.stop();
    worker.kill('SIGTERM');
    await new Promise((r) => worker.once('exit', r));
    await env.teardown();
    await fs.rm(root, { recursive: true, force: true });
  }
}
