import { afterEach, describe, expect, it } from 'vitest';
import { observeActivity } from './metrics-interceptor';
import { createServiceMetrics, startMetricsServer, type MetricsServer } from './metrics';

let server: MetricsServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** The value of one sample line `name{labels} value` in Prometheus text format. */
function sample(text: string, name: string, labels: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${name}{${labels}} `));
  return line === undefined ? undefined : Number(line.split(' ').pop());
}

describe('service metrics', () => {
  it('serves the counters observed from activity calls on /metrics', async () => {
    const metrics = createServiceMetrics();
    const report = (state: string) => observeActivity(metrics, 'reportStatus', [{ state, integrationId: 'x' }], undefined);
    report('forking');
    report('awaiting_review');
    report('awaiting_review');
    observeActivity(metrics, 'integrate', [{}], { integrator: 'codemod+claude-code', agent: { costUsd: 0.25 } });
    observeActivity(metrics, 'integrate', [{}], { integrator: 'codemod+claude-code', agent: { costUsd: 0.5 } });
    observeActivity(metrics, 'integrate', [{}], { integrator: 'codemod' }); // no agent: no cost, no run
    observeActivity(metrics, 'forkRepository', [{}], { value: {}, forgeRequests: 4 });
    observeActivity(metrics, 'openReviewPullRequest', [{}], { value: {}, forgeRequests: 3 });
    observeActivity(metrics, 'pushBranch', [{}], { value: undefined, forgeRequests: 0 });
    metrics.activities.inc({ activity: 'integrate', outcome: 'failed' });

    server = await startMetricsServer(metrics.registry, 0, '127.0.0.1');
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    const res = await fetch(server.url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();

    expect(sample(text, 'helicone_integration_state_transitions_total', 'state="awaiting_review"')).toBe(2);
    expect(sample(text, 'helicone_integration_state_transitions_total', 'state="forking"')).toBe(1);
    expect(sample(text, 'helicone_agent_cost_usd_total', 'integrator="codemod+claude-code"')).toBeCloseTo(0.75);
    expect(sample(text, 'helicone_agent_runs_total', 'integrator="codemod+claude-code"')).toBe(2);
    expect(sample(text, 'helicone_agent_runs_total', 'integrator="codemod"')).toBeUndefined();
    expect(sample(text, 'helicone_github_requests_total', 'activity="forkRepository"')).toBe(4);
    expect(sample(text, 'helicone_github_requests_total', 'activity="openReviewPullRequest"')).toBe(3);
    expect(sample(text, 'helicone_github_requests_total', 'activity="pushBranch"')).toBeUndefined();
    expect(sample(text, 'helicone_activities_total', 'activity="integrate",outcome="failed"')).toBe(1);
    expect(text).toContain('# TYPE helicone_integration_state_transitions_total counter');
    expect(text).toMatch(/^helicone_integrator_process_cpu_seconds_total /m);
  });

  it('answers /healthz and 404 elsewhere; a taken port fails to start', async () => {
    const metrics = createServiceMetrics({ defaultMetrics: false });
    server = await startMetricsServer(metrics.registry, 0, '127.0.0.1');
    const base = server.url.replace(/\/metrics$/, '');
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect((await fetch(`${base}/other`)).status).toBe(404);
    const port = Number(new URL(base).port);
    await expect(startMetricsServer(metrics.registry, port, '127.0.0.1')).rejects.toThrow(/EADDRINUSE/);
  });
});
