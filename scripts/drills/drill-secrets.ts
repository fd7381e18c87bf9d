/**
 * Drill 5: run integrations with unique fake secrets in the worker's environment (GitHub token, Anthropic key,
 * Helicone key, status signing secret), then search every workflow history of the run, the worker's log, every file
 * under the data directory (clones, forge, PR records, artifacts) for them: zero hits.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { startDevServer } from '../../src/adapters/temporal/dev-server';
import { buildIntegrationInput, startIntegration } from '../../src/cli/start-integration';
import { loadConfig } from '../../src/shared/config';
import { reviewCompleteSignal } from '../../src/workflows/definitions';
import {
  clientFor,
  fixtureRepo,
  keepLog,
  kill,
  notIn,
  OPENAI_CLIENT,
  startWorker,
  tempDir,
  waitAll,
  type DrillResult,
  type Log,
} from './drill-kit';

export async function drillSecrets(opts: { n: number; log: Log }): Promise<DrillResult> {
  const started = Date.now();
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
  const worker = startWorker({
    address: env.address,
    dataDir,
    logFile,
    env: { ...secrets, FORGE: 'local', INTEGRATOR: 'codemod', HELICONE_API_URL: 'http://127.0.0.1:9/status' },
  });
  const details: string[] = [];
  try {
    const config = loadConfig({ FORGE: 'local', DATA_DIR: dataDir }, root);
    const repos = await Promise.all(
      Array.from({ length: opts.n }, (_, i) =>
        fixtureRepo(path.join(root, 'src'), `secret-${i}`, { 'src/ai.ts': OPENAI_CLIENT, '.env.example': 'OPENAI_API_KEY=\n' }),
      ),
    );
    const ids = await Promise.all(
      repos.map(async (r, i) => (await startIntegration(client, buildIntegrationInput(r, config, `secrets-${stamp}-${i}`))).workflowId),
    );
    const review = await waitAll(client, ids, (s) => ['awaiting_review', 'failed', 'completed'].includes(s.state), 5 * 60_000);
    // One rejected with feedback (the signal: the codemod cannot act on it, so no v2 but a comment on the review PR
    // saying why, and a second integrator run), the others approved (upstream PRs).
    await client.workflow
      .getHandle(ids[0]!)
      .signal(reviewCompleteSignal, { approved: false, feedback: 'Please also mention the Helicone dashboard.' });
    await waitAll(
      client,
      [ids[0]!],
      (s) => (s.state === 'awaiting_review' && /^v2 not published/.test(s.message)) || s.state === 'failed',
      3 * 60_000,
    );
    for (const id of ids) await client.workflow.getHandle(id).signal(reviewCompleteSignal, { approved: true });
    const end = await waitAll(client, ids, (s) => s.state === 'completed' || s.state === 'failed', 5 * 60_000);
    const lost = [
      ...notIn(review, 'awaiting_review').map((l) => `not in review: ${l}`),
      ...notIn(end, 'completed').map((l) => `not completed: ${l}`),
    ];
    details.push(...lost);
    const scanned = await scan(client, dataDir, logFile);
    // Positive control: the scan must see what the run wrote, or "zero hits" would prove nothing.
    const controls = [
      ['an integration id in the histories', scanned.some(([w, t]) => w.startsWith('history') && t.includes(ids[0]!))],
      ['the Helicone-Auth header named in a PR body', scanned.some(([w, t]) => w.startsWith('PR body') && t.includes('Helicone-Auth'))],
      ['a git clone line in the worker log', scanned.some(([w, t]) => w === 'worker log' && t.includes('git clone'))],
      ["a clone's rewritten source file", scanned.some(([w, t]) => w.startsWith('file workspaces/') && t.includes('Helicone-Auth'))],
    ] as const;
    for (const [what, seen] of controls) if (!seen) details.push(`scan is blind: did not see ${what}`);
    let hits = 0;
    for (const [where, text] of scanned) {
      for (const [name, value] of Object.entries(secrets)) {
        if (text.includes(value)) {
          hits++;
          details.push(`${name} found in ${where}`);
        }
      }
    }
    const kinds = (p: string) => scanned.filter(([w]) => w.startsWith(p)).length;
    details.unshift(
      `searched ${kinds('history')} workflow histories, ${kinds('PR body')} PR bodies, ${kinds('worker log')} worker log and ${kinds('file')} files (clones, forge, artifacts) for ${Object.keys(secrets).length} secrets: ${hits} hit(s)`,
    );
    opts.log(`  ${details[0]}`);
    return {
      drill: 'secrets in histories, logs, clones and PRs',
      passed: hits === 0 && !lost.length && controls.every(([, seen]) => seen),
      integrations: ids.length,
      lost: new Set(lost.map((l) => l.split(': ')[1])).size,
      duplicates: 0,
      seconds: Math.round((Date.now() - started) / 1000),
      details,
    };
  } finally {
    await kill(worker);
    await env.teardown();
    await keepLog(logFile, 'secrets');
    if (!process.env.DRILL_KEEP) await fs.rm(root, { recursive: true, force: true });
  }
}

/** Every workflow history on the server, every PR body, the worker log and every file under DATA_DIR, as text. */
async function scan(client: Client, dataDir: string, logFile: string): Promise<[string, string][]> {
  const out: [string, string][] = [];
  for await (const wf of client.workflow.list()) {
    out.push([
      `history of ${wf.workflowId}`,
      JSON.stringify(historyToJSON(await client.workflow.getHandle(wf.workflowId, wf.runId).fetchHistory())),
    ]);
  }
  out.push(['worker log', await fs.readFile(logFile, 'utf8')]);
  for (const f of (await fs.readdir(dataDir, { recursive: true })).map(String)) {
    const abs = path.join(dataDir, f);
    if (!(await fs.lstat(abs)).isFile()) continue;
    const text = (await fs.readFile(abs)).toString('latin1');
    out.push([`file ${f}`, text]);
    if (/^forge\/pulls\/.*\.json$/.test(f)) out.push([`PR body ${f}`, (JSON.parse(text) as { body: string }).body]);
  }
  return out;
}
