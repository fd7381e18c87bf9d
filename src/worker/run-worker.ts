/**
 * A production worker's life: logging, metrics and tracing set up first, then the connection, the worker, the
 * retention sweeper, and a drain on SIGTERM/SIGINT (the Temporal Runtime calls `worker.shutdown()` on those
 * signals; this file logs the drain and closes everything after it). Used by `npm start` and by the drain test.
 */
import { Runtime, type Logger } from '@temporalio/worker';
import type { ActivityDeps } from '../activities';
import { connectWorker } from '../adapters/temporal/connect';
import { requireSearchAttributes } from '../adapters/temporal/search-attributes';
import { defaultLogFormat, LineLogger } from '../observability/json-logger';
import { createServiceMetrics, startMetricsServer, type MetricsServer } from '../observability/metrics';
import { setupTracing } from '../observability/tracing';
import type { Config } from '../shared/config';
import { requireDurationMs } from '../shared/duration';
import { TASK_QUEUE } from '../shared/types';
import { buildActivityDeps } from './build-deps';
import { createIntegrationWorker } from './create-worker';
import { createProofDeps, proofStartupLines } from './proof-deps';
import { describeWith, startRetentionSweeper } from './retention-sweeper';

export interface RunWorkerOptions {
  config: Config;
  /** Replaces or wraps adapters (the drain test slows the integrator down this way). */
  customizeDeps?: (deps: ActivityDeps) => ActivityDeps;
}

/** Installs the Runtime's logger and Temporal's own Prometheus endpoint; must run before any connection exists. */
export function installRuntime(config: Pick<Config, 'LOG_FORMAT' | 'LOG_LEVEL' | 'TEMPORAL_METRICS_BIND'>): Logger {
  const logger = new LineLogger(config.LOG_FORMAT ?? defaultLogFormat(), config.LOG_LEVEL);
  Runtime.install({
    logger,
    telemetryOptions: {
      // The Rust core's own lines go through the same logger, so every line has one format.
      logging: { filter: { core: 'WARN', other: 'WARN' }, forward: {} },
      ...(config.TEMPORAL_METRICS_BIND ? { metrics: { prometheus: { bindAddress: config.TEMPORAL_METRICS_BIND } } } : {}),
    },
  });
  return logger;
}

export async function runWorker(opts: RunWorkerOptions): Promise<void> {
  const { config } = opts;
  const log = installRuntime(config);
  const metrics = createServiceMetrics();
  let metricsServer: MetricsServer | undefined;
  if (config.METRICS_PORT !== undefined) {
    metricsServer = await startMetricsServer(metrics.registry, config.METRICS_PORT, config.METRICS_HOST);
    log.info('Service metrics served', { url: metricsServer.url });
  }
  const tracing = setupTracing(config);
  if (tracing) log.info('OpenTelemetry tracing on', { endpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT });

  const proof = await createProofDeps(config);
  for (const l of proofStartupLines(proof)) log[l.level](l.message, l.meta);
  const base = { ...buildActivityDeps(config), ...(proof ? { proof } : {}) };
  const deps = opts.customizeDeps ? opts.customizeDeps(base) : base;
  const connection = await connectWorker(config);
  try {
    // A plain `temporal server start-dev` lacks the search attributes: register them before polling. Temporal Cloud
    // does not let a worker add them; there they are created once in the namespace's settings (see docs/production.md).
    await requireSearchAttributes(connection, config, 'The worker');
    const graceMs = requireDurationMs(config.WORKER_SHUTDOWN_GRACE, 'WORKER_SHUTDOWN_GRACE');
    const worker = await createIntegrationWorker({
      connection,
      namespace: config.TEMPORAL_NAMESPACE,
      deps,
      shutdownGraceTime: graceMs,
      metrics,
      ...(tracing ? { tracing } : {}),
    });
    const sweeper = startRetentionSweeper({
      dataDir: config.DATA_DIR,
      retentionMs: requireDurationMs(config.RETENTION, 'RETENTION'),
      describe: describeWith(connection, config.TEMPORAL_NAMESPACE),
      log: (level, message, meta) => log[level](message, meta),
    });

    let drainLog: NodeJS.Timeout | undefined;
    const onSignal = (signal: NodeJS.Signals) => {
      if (drainLog) return;
      const s = worker.getStatus();
      log.info(`${signal} received: draining`, {
        signal,
        runningActivities: s.numInFlightNonLocalActivities,
        graceMs,
        note: 'polling stops now; running activities get the grace period, then are cancelled and retried on another worker',
      });
      drainLog = setInterval(() => {
        log.info('Still draining', { runningActivities: worker.getStatus().numInFlightNonLocalActivities });
      }, 5_000);
      drainLog.unref();
    };
    for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, onSignal);

    log.info(`Worker polling ${TASK_QUEUE}`, {
      address: config.TEMPORAL_ADDRESS,
      namespace: config.TEMPORAL_NAMESPACE,
      forge: deps.forge.kind,
      integrator: deps.integrator.name,
      dataDir: config.DATA_DIR,
      shutdownGraceMs: graceMs,
      retention: config.RETENTION,
    });
    try {
      await worker.run();
    } finally {
      if (drainLog) clearInterval(drainLog);
      for (const signal of ['SIGTERM', 'SIGINT'] as const) process.off(signal, onSignal);
      await sweeper.stop();
    }
    log.info('Worker drained and stopped');
  } finally {
    await tracing?.shutdown().catch(() => undefined);
    await metricsServer?.close();
    await connection.close();
  }
}
