/**
 * Drill 5: run integrations with unique fake secrets in the worker's environment (GitHub token, Anthropic key,
 * Helicone key, status signing secret), then search every workflow history of the run, the worker's log, every file
 * under the data directory (clones, forge, PR records, artifacts) for them: zero hits.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { startDevServer } from '../../src/adapters/temporal/dev-server';
import { buildIntegrationInput, startIntegration } from '../../src/cli/start-integration';
import { loadConfig } from '../../src/shared/config';
import { reviewCompleteSignal } from '../../src/workflows/definitions';
import { tempDir } from '../bench/bench-util';
import { clientFor, fixtureRepo, kill, startWorker, waitAll, type DrillResult } from './drill-kit';

export async function drillSecrets(opts: { n: number; log: (s: string) => void }): Promise<DrillResult> {
  const root = await tempDir('drill-secrets-');
  const dataDir = path.join(root, 'data');
  const stamp = Date.now().toString(36);
  const secrets = {
    GITHUB_TOKEN: `ghp_drill${stamp}SECRETgithub0000000`,
    ANTHROPIC_API_KEY: `sk-ant-drill-${stamp}-SECRETanthropic`,
    HELICONE_API_KEY: `sk-helicone-drill-${stamp}-SECRET`,
    HELICONE_STATUS_SIGNING_SECRET: `whsec_drill_${stamp}_SECRET`,
  };
  const env = await startDevServer({});
  const client = clientFor(env.connection);
  const logFile = path.join(root, 'worker.log');
  // FORGE and INTEGRATOR pinned: the token and key are present but unused (nothing here reaches GitHub or Anthropic).
  const worker = startWorker({ address: env.address, dataDir, logFile, env: { ...secrets, FORGE: 'local', INTEGRATOR: 'codemod', HELICONE_API_URL: 'http://127.0.0.1:9/status' } });
  const details: string[] = [];
  try {
    const config = loadConfig({ FORGE: 'local', DATA_DIR: dataDir }, root);
    const repos = await Promise.all(Array.from({ length: opts.n }, (_, i) => fixtureRepo(path.join(root, 'src'), `secret-${i}`, { 'src/ai.ts': "import OpenAI from 'openai';\nexport const ai = new OpenAI();\n", '.env.example': 'OPENAI_API_KEY=\n' })));
    const ids = await Promise.all(repos.map(async (r, i) => (await startIntegration(client, buildIntegrationInput(r, config, `secrets-${stamp}-${i}`))).workflowId));
    await waitAll(client, ids, (s) => s.state === 'awaiting_review' || s.state === 'failed', 5 * 60_000);
    for (const id of ids) await client.workflow.getHandle(id).signal(reviewCompleteSignal, { approved: true });
    const end = await waitAll(client, ids, (s) => s.state === 'completed' || s.state === 'failed', 5 * 60_000);
    const lost = ids.filter((id) => end.get(id)?.state !== 'completed').length;
    const haystacks: [string, string][] = [];
    for await (const wf of client.workflow.list()) haystacks.push([`history of ${wf.workflowId}`, JSON.stringify(historyToJSON(await client.workflow.getHandle(wf.workflowId, wf.runId).fetchHistory()))]);
    haystacks.push(['worker log', await fs.readFile(logFile, 'utf8')]);
    for (const f of (await fs.readdir(dataDir, { recursive: true })).map(String)) {
      const abs = path.join(dataDir, f);
      if ((await fs.stat(abs)).isFile()) haystacks.push([`file ${f}`, (await fs.readFile(abs)).toString('latin1')]);
    }
    let hits = 0;
    for (const [where, text] of haystacks) {
      for (const [name, value] of Object.entries(secrets)) {
        if (text.includes(value)) {
          hits++;
          details.push(`${name} found in ${where}`);
        }
      }
    }
    details.unshift(`searched ${haystacks.length} histories, logs and files for ${Object.keys(secrets).length} secrets: ${hits} hit(s)`);
    opts.log(`  ${details[0]}`);
    return { drill: 'secrets in histories, logs, clones and PRs', passed: hits === 0 && lost === 0, integrations: ids.length, lost, duplicates: 0, details };
  } finally {
    await kill(worker);
    await env.teardown();
    await fs.rm(root, { recursive: true, force: true });
  }
}
