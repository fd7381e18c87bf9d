/**
 * Optional OpenTelemetry tracing through Temporal's interceptors: set OTEL_EXPORTER_OTLP_ENDPOINT (an OTLP/HTTP
 * collector, e.g. http://otel-collector:4318) and workflows, activities and the client calls they make are traced.
 * Unset, nothing is installed and nothing is exported.
 */
import { Resource } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import {
  OpenTelemetryActivityInboundInterceptor,
  OpenTelemetryActivityOutboundInterceptor,
  OpenTelemetryWorkflowClientInterceptor,
  makeWorkflowExporter,
} from '@temporalio/interceptors-opentelemetry';
import type { InjectedSinks, WorkerInterceptors } from '@temporalio/worker';
import type { Config } from '../shared/config';

export interface Tracing {
  interceptors: WorkerInterceptors;
  /** The sink through which workflow code (sandboxed, no network) hands its spans to the exporter. */
  sinks: InjectedSinks<Record<string, never>>;
  /** Sends pending spans now. */
  flush(): Promise<void>;
  /** Flushes pending spans and stops exporting; call on shutdown. */
  shutdown(): Promise<void>;
}

/** The workflow-side interceptors, bundled with the workflow code (a module path, not an object). */
export const WORKFLOW_TRACING_MODULE = require.resolve('@temporalio/interceptors-opentelemetry/lib/workflow-interceptors');

export function setupTracing(
  config: Pick<Config, 'OTEL_EXPORTER_OTLP_ENDPOINT' | 'OTEL_SERVICE_NAME'>,
  exporter?: SpanExporter,
): Tracing | undefined {
  const endpoint = config.OTEL_EXPORTER_OTLP_ENDPOINT;
  if (!endpoint) return undefined;
  const resource = new Resource({ 'service.name': config.OTEL_SERVICE_NAME });
  // The variable names the collector's base URL (OpenTelemetry's convention); traces go to its /v1/traces.
  const processor = new BatchSpanProcessor(exporter ?? new OTLPTraceExporter({ url: `${endpoint.replace(/\/+$/, '')}/v1/traces` }));
  const provider = new BasicTracerProvider({ resource, spanProcessors: [processor] });
  provider.register();
  return {
    interceptors: {
      workflowModules: [WORKFLOW_TRACING_MODULE],
      activity: [
        (ctx) => ({
          inbound: new OpenTelemetryActivityInboundInterceptor(ctx),
          outbound: new OpenTelemetryActivityOutboundInterceptor(ctx),
        }),
      ],
      client: { workflow: [new OpenTelemetryWorkflowClientInterceptor()] },
    },
    sinks: { exporter: makeWorkflowExporter(processor, resource) } as unknown as InjectedSinks<Record<string, never>>,
    flush: () => provider.forceFlush(),
    shutdown: () => provider.shutdown(),
  };
}
