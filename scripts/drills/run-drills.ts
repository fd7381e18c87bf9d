/**
 * `npm run drills -- [--only 1,4] [--n 20] [--seed 7] [--outage-seconds 60]`: the fault drills of docs/drills.md, each
 * ending in an assertion that nothing was lost or duplicated. Prints a summary table, writes
 * drill-results/latest.json and exits 1 when a drill fails (or a flag is wrong).
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { drillBadInputs } from './drill-bad-inputs';
import { drillForgeOutage } from './drill-forge-outage';
import { type DrillResult, ROOT } from './drill-kit';
import { drillKillWorker } from './drill-kill-worker';
import { drillSecrets } from './drill-secrets';
import { drillServerRestart } from './drill-server-restart';
import { summaryTable } from './summary-table';

const ALL = ['1', '2', '3', '4', '5'];

function positive(flag: string, v: string): number {
  if (!/^\d+$/.test(v) || Number(v) < 1) throw new Error(`--${flag} must be a positive whole number (got "${v}")`);
  return Number(v);
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      only: { type: 'string', default: ALL.join(',') },
      n: { type: 'string', default: '20' },
      seed: { type: 'string', default: '7' },
      'outage-seconds': { type: 'string', default: '60' },
    },
  });
  const only = values.only.split(',').map((s) => s.trim());
  const unknown = only.filter((d) => !ALL.includes(d));
  if (unknown.length) throw new Error(`--only: no drill ${unknown.join(', ')}; the drills are ${ALL.join(', ')}`);
  const n = positive('n', values.n);
  const seed = positive('seed', values.seed);
  const outageSeconds = positive('outage-seconds', values['outage-seconds']);
  const log = (s: string) => console.error(s);

  const results: DrillResult[] = [];
  const run = async (id: string, title: string, fn: () => Promise<DrillResult>) => {
    if (!only.includes(id)) return;
    log(`\n${id}. ${title}`);
    const t0 = Date.now();
    try {
      results.push(await fn());
    } catch (err) {
      // A drill that throws is a failed drill, never a skipped one.
      results.push({
        drill: title,
        passed: false,
        integrations: 0,
        lost: 0,
        duplicates: 0,
        seconds: Math.round((Date.now() - t0) / 1000),
        details: [`crashed: ${(err as Error).stack ?? String(err)}`],
      });
    }
    const r = results.at(-1)!;
    log(`  -> ${r.passed ? 'passed' : 'FAILED'} in ${r.seconds ?? Math.round((Date.now() - t0) / 1000)} s`);
  };
  const started = Date.now();
  await run('1', 'kill -9 the worker', () => drillKillWorker({ n, seed, log }));
  await run('2', 'restart the Temporal server', () => drillServerRestart({ n: Math.min(10, n), log }));
  await run('3', 'forge down', () => drillForgeOutage({ n: Math.min(6, n), outageSeconds, log }));
  await run('4', 'bad inputs', () => drillBadInputs({ log }));
  await run('5', 'secrets scan', () => drillSecrets({ n: 3, log }));

  const dir = path.join(ROOT, 'drill-results');
  await fs.mkdir(dir, { recursive: true });
  const args = { only, n, seed, outageSeconds };
  await fs.writeFile(
    path.join(dir, 'latest.json'),
    `${JSON.stringify({ at: new Date().toISOString(), seconds: Math.round((Date.now() - started) / 1000), args, results }, null, 2)}\n`,
  );
  console.log(summaryTable(results));
  for (const r of results) {
    if (r.details.length) console.log(`\n${r.passed ? '' : 'FAILED: '}${r.drill}\n  ${r.details.join('\n  ')}`);
  }
  return results.every((r) => r.passed) ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
