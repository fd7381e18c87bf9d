import fs from 'node:fs';
import { trace } from '@opentelemetry/api';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import { CodemodIntegrator } from '../adapters/integrator/codemod';
import { createStatusReporter } from '../adapters/status/helicone-status-reporter';
import { LocalForge } from '../adapters/forge/local/local-forge';
import type { ActivityDeps } from '../activities';
import { createServiceMetrics } from '../observability/metrics';
import { setupTracing, WORKFLOW_TRACING_MODULE } from '../observability/tracing';
import { integrationWorkerOptions } from './create-worker';
import { heartbeatIntervalMs } from './heartbeat-interceptor';

const deps: ActivityDeps = {
  config: { DATA_DIR: '/tmp/none', BRANCH_PREFIX: 'b-', COMMIT_AUTHOR_NAME: 'n', COMMIT_AUTHOR_EMAIL: 'e@x.y' },
  forge: new LocalForge({ dataDir: '/tmp/none' }),
  integrator: new CodemodIntegrator(),
  reporter: createStatusReporter({}),
};

describe('integrationWorkerOptions', () => {
  it('installs no tracing when OTEL_EXPORTER_OTLP_ENDPOINT is unset', () => {
    expect(setupTracing({ OTEL_EXPORTER_OTLP_ENDPOINT: undefined, OTEL_SERVICE_NAME: 'svc' })).toBeUndefined();
    const o = integrationWorkerOptions({
      namespace: 'default',
      deps,
      metrics: createServiceMetrics({ defaultMetrics: false }),
      shutdownGraceTime: 12_000,
    });
    expect(o.interceptors?.workflowModules).toBeUndefined();
    expect(o.interceptors?.client).toBeUndefined();
    expect(o.sinks).toBeUndefined();
    // The process heartbeat and the metrics observer.
    expect(o.interceptors?.activity).toHaveLength(2);
    expect(o.shutdownGraceTime).toBe(12_000);
    expect(integrationWorkerOptions({ namespace: 'default', deps }).shutdownGraceTime).toBe('30 seconds');
  });

  it('installs the workflow, activity and client interceptors and the span sink when configured, and exports spans', async () => {
    const exporter = new InMemorySpanExporter();
    const tracing = setupTracing({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_SERVICE_NAME: 'helicone-test' }, exporter)!;
    expect(tracing).toBeDefined();
    const o = integrationWorkerOptions({ namespace: 'default', deps, tracing });
    expect(o.interceptors?.workflowModules).toEqual([WORKFLOW_TRACING_MODULE]);
    expect(fs.existsSync(WORKFLOW_TRACING_MODULE)).toBe(true);
    expect(o.interceptors?.activity).toHaveLength(2); // heartbeat + OpenTelemetry (no metrics given)
    expect(o.interceptors?.client?.workflow).toHaveLength(1);
    expect(Object.keys(o.sinks ?? {})).toEqual(['exporter']);

    // The global tracer provider is registered: spans made anywhere reach the exporter with the service name.
    trace.getTracer('test').startSpan('probe').end();
    await tracing.flush();
    const spans = exporter.getFinishedSpans();
    await tracing.shutdown();
    expect(spans.map((s) => s.name)).toContain('probe');
    expect(spans[0]!.resource.attributes['service.name']).toBe('helicone-test');
  });
});

describe('heartbeatIntervalMs', () => {
  it('beats well inside the heartbeat timeout, at most every 20 s, and not at all without one', () => {
    expect(heartbeatIntervalMs(undefined)).toBeUndefined();
    expect(heartbeatIntervalMs(120_000)).toBe(20_000);
    expect(heartbeatIntervalMs(9_000)).toBe(3_000);
    expect(heartbeatIntervalMs(1_500)).toBe(1_000);
  });
});
