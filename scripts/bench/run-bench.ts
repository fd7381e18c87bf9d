/**
 * `npm run bench -- [--only 1,2,3,4,5,6,7,8,9] [--runs 3] [--n 20] [--files 300] [--scale-n 500] [--tree-files 30000] [--dashboard-n 1000]
 * [--codemod-base 9064a72] [--codemod-copies 20] [--real-package @fluentui/react@8.125.7]`:
 * the benchmarks of docs/benchmarks.md, each with its baseline in the same run, medians of several runs, written to
 * bench-results/bench-<timestamp>.json (and latest.json) and printed as a markdown table. Not part of `npm test`.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { benchAnalysis } from './bench-analysis';
import { benchCodemod, DEFAULT_CODEMOD_BASE } from './bench-codemod';
import { benchDashboard } from './bench-dashboard';
import { benchGitHubRequests, HAPPY_PATH_TARGET } from './bench-github-requests';
import { benchOrchestration } from './bench-orchestration';
import { benchProof } from './bench-proof';
import { benchRealEndToEnd, benchRealSites } from './bench-real-tree';
import { DEFAULT_REAL_PACKAGE, realTree, requireRipgrep } from './real-tree';
import { benchScale } from './bench-scale';

const ROOT = path.resolve(__dirname, '..', '..');

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      only: { type: 'string', default: '1,2,3,4,5,6,7,8,9' },
      runs: { type: 'string', default: '3' },
      n: { type: 'string', default: '20' },
      files: { type: 'string', default: '300' },
      'scale-n': { type: 'string', default: '500' },
      'tree-files': { type: 'string', default: '30000' },
      'dashboard-n': { type: 'string', default: '1000' },
      'codemod-base': { type: 'string', default: DEFAULT_CODEMOD_BASE },
      'codemod-copies': { type: 'string', default: '20' },
      'real-package': { type: 'string', default: DEFAULT_REAL_PACKAGE },
    },
  });
  const num = (flag: string, v: string) => {
    if (!/^\d+$/.test(v) || Number(v) < 1) throw new Error(`--${flag} must be a positive whole number (got "${v}")`);
    return Number(v);
  };
  const only = new Set(values.only.split(',').map((s) => s.trim()));
  const log = (s: string) => console.error(s);
  const machine = {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round(os.totalmem() / 1024 ** 3),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
  };
  const results: Record<string, unknown> = { startedAt: new Date().toISOString(), machine };
  const rows: string[] = ['| benchmark | measured | baseline | ratio / figure | target | met |', '|---|---|---|---|---|---|'];

  if (only.has('1')) {
    log(`1. orchestration overhead: ${values.n} repositories of ${values.files} files, ${values.runs} runs`);
    const r = await benchOrchestration({ n: num('n', values.n), runs: num('runs', values.runs), files: num('files', values.files), log });
    results.orchestration = r;
    rows.push(
      `| 1. ${r.n} integrations to awaiting_review | ${(r.medianPipelineMs / 1000).toFixed(1)} s | plain script ${(r.medianBaselineMs / 1000).toFixed(1)} s | ${r.medianRatio.toFixed(2)}x | ≤ 1.5x | ${r.met ? 'yes' : 'no'} |`,
    );
  }
  if (only.has('2')) {
    log(`2. scale: ${values['scale-n']} integrations on one worker`);
    const r = await benchScale({ n: num('scale-n', values['scale-n']), log });
    results.scale = r;
    rows.push(
      `| 2. ${r.n} integrations at once, one worker | all waiting in ${(r.allWaitingMs / 1000).toFixed(0)} s (${r.throughputPerSec.toFixed(1)}/s) | – | peak RSS ${r.peakRssMiB} MiB; idle ${r.idleRssMiB} → ${r.settledRssMiB} MiB with all waiting | ≤ 180 s, < 1024 MiB | ${r.targets.allWaitingWithin3Min && r.targets.peakUnder1GiB ? 'yes' : 'no'} |`,
    );
  }
  if (only.has('3')) {
    log(`3. analysis speed: up to ${values['tree-files']} files`);
    const r = await benchAnalysis({ maxFiles: num('tree-files', values['tree-files']), runs: num('runs', values.runs), log });
    results.analysis = r;
    rows.push(
      `| 3. client sites in ${r.files} files (${r.finderSites} found, ${r.plantedSites} planted) | ${Math.round(r.medianFinderMs)} ms | ${r.tool} ${Math.round(r.medianRipgrepMs)} ms | ${r.medianRatio.toFixed(2)}x | ≤ 2x | ${r.met ? 'yes' : 'no'} |`,
    );
  }
  if (only.has('4')) {
    log('4. GitHub requests per integration');
    const r = await benchGitHubRequests();
    results.githubRequests = r;
    rows.push(
      `| 4. GitHub REST requests, happy path | ${r.happy.total} | – | ${Object.entries(r.happy.calls)
        .map(([k, v]) => `${k} ×${v}`)
        .join('; ')} | ≤ ${HAPPY_PATH_TARGET} | ${r.met ? 'yes' : 'no'} |`,
    );
    rows.push(
      `| 4. GitHub REST requests, feedback path | ${r.feedback.total} | – | ${Object.entries(r.feedback.calls)
        .map(([k, v]) => `${k} ×${v}`)
        .join('; ')} | – | – |`,
    );
  }

  if (only.has('5')) {
    log(`5. dashboard list with ${values['dashboard-n']} integrations`);
    const r = await benchDashboard({ n: num('dashboard-n', values['dashboard-n']), runs: Math.max(3, num('runs', values.runs)), log });
    results.dashboard = r;
    rows.push(
      `| 5. dashboard list page and campaign page, ${r.n} integrations | slowest view ${Math.round(r.slowestMs)} ms | – | ${Object.entries(
        r.views,
      )
        .map(([k, v]) => `${k} ${Math.round(v)} ms`)
        .join('; ')}; campaign page first load ${Math.round(r.campaignFirstMs)} ms | < 500 ms | ${r.met ? 'yes' : 'no'} |`,
    );
  }

  if (only.has('6')) {
    log(`6. codemod time against ${values['codemod-base']}`);
    const r = await benchCodemod({
      base: values['codemod-base'],
      copies: num('codemod-copies', values['codemod-copies']),
      rounds: Math.max(3, num('runs', values.runs)),
      log,
    });
    results.codemod = r;
    rows.push(
      `| 6. codemod on ${r.files} corpus files (${r.sites.head} sites) | ${Math.round(r.medianHeadMs)} ms (CPU ${Math.round(r.cpuHeadMs)} ms) | ${r.base}: ${Math.round(r.medianBaseMs)} ms (CPU ${Math.round(r.cpuBaseMs)} ms) | ${r.ratio.toFixed(2)}x | ≤ 1.10x | ${r.met ? 'yes' : 'no'} |`,
    );
  }

  if (only.has('7')) {
    log(`7. proof sandbox overhead: this project's own checks, sandboxed and direct, ${values.runs} runs`);
    const r = await benchProof({ runs: num('runs', values.runs), log });
    results.proof = r;
    rows.push(
      `| 7. proof of a ${r.files}-file TypeScript app (${r.steps.length} steps × 3 runs) | ${(r.medianSandboxMs / 1000).toFixed(1)} s in bubblewrap | direct ${(r.medianDirectMs / 1000).toFixed(1)} s | ${(r.overhead * 100).toFixed(1)}% overhead (start cost ${r.startCostMs.toFixed(0)} ms per step: ${(r.startOverhead * 100).toFixed(2)}%) | < 10% | ${r.met ? 'yes' : 'no'} |`,
    );
  }
  if (only.has('8') || only.has('9')) {
    const tool = await requireRipgrep();
    const tree = await realTree({ spec: values['real-package'], log });
    try {
      if (only.has('8')) {
        log(`8. client sites in the real tree (${tree.spec}) against ${tool}`);
        const r = await benchRealSites(tree, { runs: Math.max(3, num('runs', values.runs)), tool, log });
        results.realSites = r;
        rows.push(
          `| 8. client sites in ${r.files} files of ${r.spec} (${r.finderSites} found, ${r.plantedSites} planted) | ${Math.round(r.medianFinderMs)} ms | ripgrep ${Math.round(r.medianRipgrepMs)} ms | ${r.medianRatio.toFixed(2)}x | ≤ 3x | ${r.met ? 'yes' : 'no'} |`,
        );
      }
      if (only.has('9')) {
        log(`9. the real tree (${tree.spec}) end to end to awaiting_review`);
        const r = await benchRealEndToEnd(tree, { runs: Math.max(3, num('runs', values.runs)), log });
        results.realEndToEnd = r;
        const phases = Object.entries(r.phases)
          .map(([k, v]) => `${k} ${v.toFixed(1)} s`)
          .join(', ');
        rows.push(
          `| 9. ${r.files} files of ${r.spec} to \`awaiting_review\` | ${(r.medianPipelineMs / 1000).toFixed(1)} s (${phases}) | clone + ripgrep + commit + push ${(r.medianBaselineMs / 1000).toFixed(1)} s | ${r.medianRatio.toFixed(2)}x | ≤ 2x | ${r.met ? 'yes' : 'no'} |`,
        );
      }
    } finally {
      await tree.remove();
    }
  }

  const dir = path.join(ROOT, 'bench-results');
  await fs.mkdir(dir, { recursive: true });
  const json = JSON.stringify(results, null, 2);
  await fs.writeFile(path.join(dir, `bench-${results.startedAt as string}.json`.replace(/:/g, '-')), json);
  await fs.writeFile(path.join(dir, 'latest.json'), json);
  console.log(`Machine: ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGiB} GiB, Node ${machine.node}\n`);
  console.log(rows.join('\n'));
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err instanceof Error ? err.stack : err);
    process.exit(1);
  },
);
