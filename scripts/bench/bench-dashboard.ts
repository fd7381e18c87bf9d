/**
 * Benchmark 5, the dashboard's list with many integrations: N stand-in integration workflows (the real type name, its
 * `getStatus` query and search attributes, waiting forever on a worker of their own), then the list page timed over
 * HTTP: the first page, a state filter, a repository search (which reads all N from visibility) and the next page.
 * And the campaign page of a stand-in campaign over all N, each with an upstream PR tracker (a quarter each open,
 * changes requested, merged, closed, each with the `UpstreamPrSince` of trackers since the patch `tracker-state-since`):
 * its first load (nothing cached yet) and its later loads. Target: each under 500 ms.
 */
import { Worker } from '@temporalio/worker';
import { startDevServer } from '../../src/adapters/temporal/dev-server';
import { startDashboard } from '../../src/dashboard/server';
import { INTEGRATION_STATES, type IntegrationState } from '../../src/shared/types';
import { integrationStatusKey, repositoryKey, upstreamPrStateKey } from '../../src/workflows/definitions';
import { PR_STATES } from '../../src/dashboard/burndown';
import { RESULT_READS } from '../../src/dashboard/upstream-timelines';
import { median, timed } from './bench-util';

export interface DashboardBenchResult {
  n: number;
  startMs: number;
  /** Median ms per view. */
  views: Record<string, number>;
  /** The campaign page's first load (one run: its caches are empty only once). */
  campaignFirstMs: number;
  slowestMs: number;
  met: boolean;
}

const QUEUE = 'bench-dashboard';

export async function benchDashboard(opts: { n: number; runs: number; log: (s: string) => void }): Promise<DashboardBenchResult> {
  const env = await startDevServer({});
  const worker = await Worker.create({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue: QUEUE,
    workflowsPath: require.resolve('./workflows/dashboard-bench.workflow'),
    maxCachedWorkflows: 2 * opts.n + 100,
  });
  const running = worker.run();
  const dash = await startDashboard({ client: env.client, namespace: env.namespace ?? 'default', auth: {}, host: '127.0.0.1', port: 0 });
  try {
    opts.log(`  starting ${opts.n} stand-in integrations`);
    const states = INTEGRATION_STATES.filter((s) => s !== 'awaiting_review');
    const started = await timed(async () => {
      for (let i = 0; i < opts.n; i += 50) {
        await Promise.all(
          Array.from({ length: Math.min(50, opts.n - i) }, (_, k) => {
            const j = i + k;
            const state: IntegrationState = j % 5 === 0 ? 'awaiting_review' : states[j % states.length]!;
            const repo = `bench/repo-${String(j).padStart(4, '0')}`;
            return env.client.workflow.start('repositoryIntegrationWorkflow', {
              taskQueue: QUEUE,
              workflowId: `integration-bench-${j}`,
              args: [{ repo, state }],
              typedSearchAttributes: [
                { key: integrationStatusKey, value: state },
                { key: repositoryKey, value: repo },
              ],
            });
          }),
        );
      }
    });
    opts.log(`  starting ${opts.n} stand-in trackers and a campaign over them`);
    const day = 24 * 3600_000;
    for (let i = 0; i < opts.n; i += 50) {
      await Promise.all(
        Array.from({ length: Math.min(50, opts.n - i) }, (_, k) => {
          const j = i + k;
          return env.client.workflow.start('pullRequestTrackerWorkflow', {
            taskQueue: QUEUE,
            workflowId: `track-bench-${j}`,
            args: [{ state: PR_STATES[j % 4], at: new Date(Date.now() - ((opts.n - j) % 90) * day).toISOString() }],
            typedSearchAttributes: [{ key: repositoryKey, value: `bench/repo-${String(j).padStart(4, '0')}` }],
          });
        }),
      );
    }
    await env.client.workflow.start('campaignWorkflow', { taskQueue: QUEUE, workflowId: 'campaign-bench', args: [{ n: opts.n }] });
    // Visibility catches up with the starts, and the worker runs every first task.
    const deadline = Date.now() + 120_000;
    while ((await env.client.workflow.count(`WorkflowType = 'repositoryIntegrationWorkflow'`)).count < opts.n && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 200));
    const moved = `WorkflowType = 'pullRequestTrackerWorkflow' AND ${upstreamPrStateKey.name} IN ('merged', 'closed', 'changes_requested')`;
    while ((await env.client.workflow.count(moved)).count < Math.floor((3 * opts.n) / 4) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 200));
    // Until the worker has run every workflow's first task, queries wait behind it: measure the dashboard, not that.
    for (let j = opts.n - 1; j >= 0; j -= 97) {
      await env.client.workflow
        .getHandle(`integration-bench-${j}`)
        .query('getStatus')
        .catch(() => undefined);
    }
    opts.log(`  started in ${Math.round(started.ms)} ms; all answering`);

    const first = await (await fetch(`${dash.url}/`)).text();
    const next = /href="([^"]*page=[^"]+)" data-role="next-page"/.exec(first)?.[1]?.replace(/&amp;/g, '&');
    const views: Record<string, string> = {
      'first page': '/',
      'state = awaiting_review': '/?state=awaiting_review',
      'repository search "repo-07"': '/?q=repo-07',
      ...(next ? { 'next page': next } : {}),
    };
    const campaignFirst = await timed(async () => {
      const res = await fetch(`${dash.url}/campaigns/campaign-bench`);
      const body = await res.text();
      if (res.status !== 200 || !body.includes('data-role="burndown"')) throw new Error(`campaign page: ${res.status}`);
    });
    opts.log(`  campaign page, first load: ${Math.round(campaignFirst.ms)} ms`);
    views['campaign page'] = '/campaigns/campaign-bench';
    const result: Record<string, number> = {};
    for (const url of Object.values(views)) await (await fetch(`${dash.url}${url}`)).text(); // warm-up
    // Each load reads at most RESULT_READS ended trackers' results: time the campaign page once they are all read.
    for (let k = 0; k < Math.ceil(opts.n / 2 / RESULT_READS); k++) await (await fetch(`${dash.url}/campaigns/campaign-bench`)).text();
    for (const [name, url] of Object.entries(views)) {
      const times: number[] = [];
      for (let r = 0; r < opts.runs; r++) {
        const t = await timed(async () => {
          const res = await fetch(`${dash.url}${url}`);
          if (res.status !== 200) throw new Error(`${url}: ${res.status}`);
          await res.text();
        });
        times.push(t.ms);
      }
      result[name] = median(times);
      opts.log(`  ${name}: ${Math.round(result[name])} ms`);
    }
    const slowestMs = Math.max(campaignFirst.ms, ...Object.values(result));
    return { n: opts.n, startMs: started.ms, views: result, campaignFirstMs: campaignFirst.ms, slowestMs, met: slowestMs < 500 };
  } finally {
    await dash.close();
    worker.shutdown();
    await running;
    await env.teardown();
  }
}

if (require.main === module) {
  void benchDashboard({ n: Number(process.argv[2] ?? 1000), runs: 5, log: (s) => console.error(s) }).then((r) =>
    console.log(JSON.stringify(r, null, 2)),
  );
}
