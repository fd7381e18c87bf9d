/**
 * Benchmark 1, orchestration overhead: N repositories integrated to `awaiting_review` through the real pipeline (dev
 * server, worker, local forge, codemod), against a plain script doing the unavoidable work on the same repositories
 * (a bare copy to push to, clone, the same codemod edit, commit, push), both with every repository at once.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { CodemodIntegrator } from '../../src/adapters/integrator/codemod';
import { startDevServer } from '../../src/adapters/temporal/dev-server';
import { startIntegration } from '../../src/cli/start-integration';
import { awaitingReview, inputFor, startHarness, waitFor } from '../../test/helpers/integration-harness';
import { generateRepo, git, median, tempDir, timed } from './bench-util';

export interface OrchestrationResult {
  n: number;
  filesPerRepo: number;
  runs: { pipelineMs: number; baselineMs: number; ratio: number }[];
  medianPipelineMs: number;
  medianBaselineMs: number;
  medianRatio: number;
  target: string;
  met: boolean;
}

export async function benchOrchestration(opts: {
  n: number;
  runs: number;
  files: number;
  log: (s: string) => void;
}): Promise<OrchestrationResult> {
  const env = await startDevServer({});
  const h = await startHarness(env);
  const runs: OrchestrationResult['runs'] = [];
  try {
    for (let run = 0; run < opts.runs; run++) {
      const root = await tempDir('bench-orch-');
      const repos = await Promise.all(
        Array.from({ length: opts.n }, (_, i) => generateRepo(root, `app-${run}-${i}`, { files: opts.files, clients: 3, seed: i + 1 })),
      );
      const pipeline = await timed(async () => {
        const handles = await Promise.all(repos.map((r) => startIntegration(env.client, inputFor(r))));
        const states = await Promise.all(handles.map((hd) => waitFor(hd, awaitingReview(1), 900_000)));
        const bad = states.filter((s) => s.state !== 'awaiting_review');
        if (bad.length) throw new Error(`pipeline: ${bad.length} integration(s) ended ${bad[0]!.state}: ${bad[0]!.message}`);
      });
      const baseline = await timed(() => Promise.all(repos.map((r) => plainIntegration(r, root))));
      runs.push({ pipelineMs: pipeline.ms, baselineMs: baseline.ms, ratio: pipeline.ms / baseline.ms });
      opts.log(`  run ${run + 1}: pipeline ${Math.round(pipeline.ms)} ms, plain script ${Math.round(baseline.ms)} ms`);
      await fs.rm(root, { recursive: true, force: true });
    }
  } finally {
    await h.stop();
    await env.teardown();
  }
  const medianRatio = median(runs.map((r) => r.ratio));
  return {
    n: opts.n,
    filesPerRepo: opts.files,
    runs,
    medianPipelineMs: median(runs.map((r) => r.pipelineMs)),
    medianBaselineMs: median(runs.map((r) => r.baselineMs)),
    medianRatio,
    target: 'pipeline within 1.5x of the plain script',
    met: medianRatio <= 1.5,
  };
}

/** The unavoidable work of one integration, with nothing around it. */
async function plainIntegration(repo: string, root: string): Promise<void> {
  const name = path.basename(repo);
  const bare = path.join(root, 'plain', `${name}.git`);
  const work = path.join(root, 'plain', name);
  await fs.mkdir(path.dirname(bare), { recursive: true });
  await git(root, 'clone', '-q', '--bare', repo, bare);
  await git(root, 'clone', '-q', bare, work);
  await git(work, 'checkout', '-q', '-b', 'helicone/integration');
  await new CodemodIntegrator().integrate({ workdir: work, integrationId: name, attempt: 1, feedback: [], log: () => undefined });
  await git(work, 'commit', '-q', '-am', 'Add Helicone observability');
  await git(work, 'push', '-q', 'origin', 'helicone/integration');
}
