import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { createActivities, type ActivityDeps } from '../activities';
import { metricsInterceptor } from '../observability/metrics-interceptor';
import type { ServiceMetrics } from '../observability/metrics';
import type { Tracing } from '../observability/tracing';
import { TASK_QUEUE } from '../shared/types';
import { processHeartbeatInterceptor } from './heartbeat-interceptor';
import { workflowsPath } from './workflows-path';

export interface CreateWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  deps: ActivityDeps;
  taskQueue?: string;
  /** A pre-built bundle (tests build it once per process; bundling takes about a second). */
  workflowBundle?: WorkerOptions['workflowBundle'];
  /**
   * On shutdown (SIGTERM/SIGINT, handled by the Temporal Runtime) the worker stops polling and gives running
   * activities this long to finish before cancelling them; their heartbeat timeout then hands them to another
   * replica. WORKER_SHUTDOWN_GRACE; default 30 seconds.
   */
  shutdownGraceTime?: WorkerOptions['shutdownGraceTime'];
  /** The service's Prometheus counters, fed by an activity interceptor (no activity code changes). */
  metrics?: ServiceMetrics;
  /** OpenTelemetry interceptors and sink; only when OTEL_EXPORTER_OTLP_ENDPOINT is configured. */
  tracing?: Tracing;
}

/** The worker's options, separate from creating it so the choice of interceptors can be tested without a server. */
export function integrationWorkerOptions(opts: Omit<CreateWorkerOptions, 'connection'> & { connection?: NativeConnection }): WorkerOptions {
  const activityInterceptors = [
    processHeartbeatInterceptor(),
    ...(opts.tracing?.interceptors.activity ?? []),
    ...(opts.metrics ? [metricsInterceptor(opts.metrics)] : []),
  ];
  return {
    connection: opts.connection,
    namespace: opts.namespace,
    taskQueue: opts.taskQueue ?? TASK_QUEUE,
    activities: createActivities(opts.deps),
    ...(opts.workflowBundle ? { workflowBundle: opts.workflowBundle } : { workflowsPath: workflowsPath() }),
    shutdownGraceTime: opts.shutdownGraceTime ?? '30 seconds',
    interceptors: {
      activity: activityInterceptors,
      ...(opts.tracing ? { workflowModules: opts.tracing.interceptors.workflowModules, client: opts.tracing.interceptors.client } : {}),
    },
    ...(opts.tracing ? { sinks: opts.tracing.sinks } : {}),
  };
}

/** A worker that runs the integration workflow and its activities on the shared task queue. */
export async function createIntegrationWorker(opts: CreateWorkerOptions): Promise<Worker> {
  return Worker.create(integrationWorkerOptions(opts));
}
