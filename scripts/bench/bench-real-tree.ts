/**
 * Benchmarks 7 and 8, on the real tree of real-tree.ts (a published npm package plus planted client files):
 * 7. finding the client sites with the project's finder (`scanClientSites`, the codemod's scan) against ripgrep
 *    over the same files; target at most 3x.
 * 8. one integration end to end to `awaiting_review` (dev server, worker, local forge, codemod, verifier, review PR)
 *    against the unavoidable work done by hand on the same tree: clone, ripgrep, edit the files it found, commit,
 *    push; target at most 2x.
 * Each comparison is interleaved (the order alternates run by run) and the figures are medians.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { scanClientSites } from '../../src/adapters/integrator/codemod/codemod-integrator';
import { startDevServer } from '../../src/adapters/temporal/dev-server';
import { startIntegration } from '../../src/cli/start-integration';
import type { IntegrationStatus } from '../../src/shared/types';
import { awaitingReview, startHarness, waitFor } from '../../test/helpers/integration-harness';
import { git, median, tempDir, timed } from './bench-util';
import type { AnalysisResult } from './bench-analysis';
import { ripgrepSites, type RealTree } from './real-tree';

/** Benchmark 3's result, for the real tree named by `spec`. */
export type RealSitesResult = AnalysisResult & { spec: string };

export async function benchRealSites(
  tree: RealTree,
  opts: { runs: number; tool: string; log: (s: string) => void },
): Promise<RealSitesResult> {
  // Warm the page cache for both before timing.
  await scanClientSites(tree.dir);
  await ripgrepSites(tree.dir);
  const runs: RealSitesResult['runs'] = [];
  let finderSites = 0;
  let ripgrepFiles = 0;
  for (let i = 0; i < opts.runs; i++) {
    const finder = () => timed(() => scanClientSites(tree.dir));
    const rg = () => timed(() => ripgrepSites(tree.dir));
    const [f, r] =
      i % 2
        ? await (async () => {
            const r1 = await rg();
            return [await finder(), r1] as const;
          })()
        : ([await finder(), await rg()] as const);
    finderSites = f.value.length;
    ripgrepFiles = r.value.length;
    runs.push({ finderMs: f.ms, ripgrepMs: r.ms, ratio: f.ms / r.ms });
    opts.log(
      `  run ${i + 1}: finder ${Math.round(f.ms)} ms (${finderSites} sites), ripgrep ${Math.round(r.ms)} ms (${ripgrepFiles} files)`,
    );
  }
  const medianRatio = median(runs.map((r) => r.ratio));
  return {
    spec: tree.spec,
    files: tree.files,
    plantedSites: tree.planted,
    finderSites,
    ripgrepFiles,
    tool: opts.tool,
    runs,
    medianFinderMs: median(runs.map((r) => r.finderMs)),
    medianRipgrepMs: median(runs.map((r) => r.ripgrepMs)),
    medianRatio,
    target: 'within 3x of ripgrep',
    met: medianRatio <= 3,
  };
}

export interface RealEndToEndResult {
  spec: string;
  files: number;
  runs: { pipelineMs: number; baselineMs: number; ratio: number; phases: Record<string, number> }[];
  medianPipelineMs: number;
  medianBaselineMs: number;
  medianRatio: number;
  /** Median seconds from entering each state to the next, over the runs. */
  phases: Record<string, number>;
  target: string;
  met: boolean;
}

export async function benchRealEndToEnd(tree: RealTree, opts: { runs: number; log: (s: string) => void }): Promise<RealEndToEndResult> {
  const env = await startDevServer({});
  const h = await startHarness(env);
  const root = await tempDir('bench-real-e2e-');
  const runs: RealEndToEndResult['runs'] = [];
  try {
    for (let i = 0; i < opts.runs; i++) {
      // Each run gets its own upstream (so its own forge copy and fork) and its own remote for the plain script,
      // both made before the clock starts: they are what exists before an integration.
      const upstream = path.join(root, `real-${i}.git`);
      const remote = path.join(root, `plain-${i}.git`);
      await git(root, 'clone', '-q', '--bare', tree.dir, upstream);
      await git(root, 'clone', '-q', '--bare', tree.dir, remote);
      const pipeline = async () => {
        let last: IntegrationStatus | undefined;
        const t = await timed(async () => {
          const handle = await startIntegration(env.client, {
            repoUrl: upstream,
            repoOwner: 'local',
            repoName: `real-${i}`,
            integrationId: `real-${process.pid}-${i}`,
          });
          last = await waitFor(handle, awaitingReview(1), 900_000);
        });
        if (last?.state !== 'awaiting_review') throw new Error(`pipeline: the integration ended ${last?.state}: ${last?.message}`);
        return { ms: t.ms, phases: phasesOf(last) };
      };
      const baseline = () => timed(() => plainIntegration(remote, path.join(root, `plain-${i}`)));
      const [p, b] =
        i % 2
          ? await (async () => {
              const b1 = await baseline();
              return [await pipeline(), b1] as const;
            })()
          : ([await pipeline(), await baseline()] as const);
      runs.push({ pipelineMs: p.ms, baselineMs: b.ms, ratio: p.ms / b.ms, phases: p.phases });
      opts.log(
        `  run ${i + 1}: pipeline ${Math.round(p.ms)} ms (${Object.entries(p.phases)
          .map(([k, v]) => `${k} ${v.toFixed(2)} s`)
          .join(', ')}), plain script ${Math.round(b.ms)} ms`,
      );
      await fs.rm(path.join(root, `plain-${i}`), { recursive: true, force: true });
    }
  } finally {
    await h.stop();
    await env.teardown();
    await fs.rm(root, { recursive: true, force: true });
  }
  const medianRatio = median(runs.map((r) => r.ratio));
  const phases: Record<string, number> = {};
  for (const k of Object.keys(runs[0]?.phases ?? {})) phases[k] = median(runs.map((r) => r.phases[k] ?? 0));
  return {
    spec: tree.spec,
    files: tree.files,
    runs,
    medianPipelineMs: median(runs.map((r) => r.pipelineMs)),
    medianBaselineMs: median(runs.map((r) => r.baselineMs)),
    medianRatio,
    phases,
    target: 'within 2x of clone + ripgrep + commit + push',
    met: medianRatio <= 2,
  };
}

/** Seconds spent in each state of the timeline up to `awaiting_review` (the integration's own clock). */
function phasesOf(s: IntegrationStatus): Record<string, number> {
  const out: Record<string, number> = {};
  for (let k = 0; k + 1 < s.timeline.length; k++) {
    const { state, at } = s.timeline[k]!;
    out[state] = (out[state] ?? 0) + (Date.parse(s.timeline[k + 1]!.at) - Date.parse(at)) / 1000;
  }
  return out;
}

/** The unavoidable work by hand: clone, find the client files with ripgrep, edit them, commit, push a branch. */
async function plainIntegration(remote: string, work: string): Promise<void> {
  await git(path.dirname(work), 'clone', '-q', remote, work);
  await git(work, 'checkout', '-q', '-b', 'helicone/integration');
  const found = await ripgrepSites(work);
  if (!found.length) throw new Error('plain script: ripgrep found no client file');
  for (const file of found) await fs.appendFile(file, '// routed through Helicone\n');
  await git(work, 'commit', '-q', '-am', 'Add Helicone observability');
  await git(work, 'push', '-q', 'origin', 'helicone/integration');
}
