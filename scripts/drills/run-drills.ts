/**
 * `npm run drills -- [--only 1,2,4,5] [--n 20] [--kills 3] [--seed 7]`: the fault drills of the README, each ending
 * in an assertion that nothing was lost or duplicated. Prints a summary table, writes drill-results/latest.json and
 * exits 1 when a drill fails.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { drillBadInputs } from './drill-bad-inputs';
import { type DrillResult, ROOT } from './drill-kit';
import { drillKillWorker } from './drill-kill-worker';
import { drillSecrets } from './drill-secrets';
import { drillServerRestart } from './drill-server-restart';

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { only: { type: 'string', default: '1,2,4,5' }, n: { type: 'string', default: '20' }, kills: { type: 'string', default: '3' }, seed: { type: 'string', default: '7' } } });
  const num = (flag: string, v: string) => {
    if (!/^\d+$/.test(v) || Number(v) < 1) throw new Error(`--${flag} must be a positive whole number (got "${v}")`);
    return Number(v);
  };
  const only = new Set(values.only.split(',').map((s) => s.trim()));
  const log = (s: string) => console.error(s);
  const results: DrillResult[] = [];
  const run = async (id: string, title: string, fn: () => Promise<DrillResult>) => {
    if (!only.has(id)) return;
    log(`${id}. ${title}`);
    try {
      results.push(await fn());
    } catch (err) {
      results.push({ drill: title, passed: false, integrations: 0, lost: 0, duplicates: 0, details: [`crashed: ${(err as Error).stack ?? err}`] });
    }
  };
  await run('1', 'kill -9 the worker', () => drillKillWorker({ n: num('n', values.n), kills: num('kills', values.kills), seed: num('seed', values.seed), log }));
  await run('2', 'restart the Temporal server', () => drillServerRestart({ n: Math.min(10, num('n', values.n)), log }));
  await run('4', 'bad inputs', () => drillBadInputs({ log }));
  await run('5', 'secrets scan', () => drillSecrets({ n: 3, log }));

  const dir = path.join(ROOT, 'drill-results');
  await fs.mkdir(dir, { recursive: true });
  await fs.writeFile(path.join(dir, 'latest.json'), JSON.stringify({ at: new Date().toISOString(), results }, null, 2));
  const rows = ['| drill | passed | integrations | lost | duplicates |', '|---|---|---|---|---|', ...results.map((r) => `| ${r.drill} | ${r.passed ? 'yes' : 'NO'} | ${r.integrations} | ${r.lost} | ${r.duplicates} |`)];
  const lost = results.reduce((a, r) => a + r.lost, 0);
  const dup = results.reduce((a, r) => a + r.duplicates, 0);
  rows.push(`| **${results.length} drills** | **${results.filter((r) => r.passed).length} passed** | ${results.reduce((a, r) => a + r.integrations, 0)} | **${lost}** | **${dup}** |`);
  console.log(rows.join('\n'));
  for (const r of results.filter((x) => !x.passed)) console.log(`\n${r.drill}:\n  ${r.details.join('\n  ')}`);
  return results.every((r) => r.passed) ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.stack : err);
    process.exit(1);
  },
);
