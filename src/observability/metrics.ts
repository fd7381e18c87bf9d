/**
 * The service's own Prometheus metrics (Temporal's runtime metrics are served separately by the Rust core on
 * TEMPORAL_METRICS_BIND): state changes of integrations, agent cost, GitHub API requests, activity outcomes. Each
 * worker counts what it ran; sum over replicas in Prometheus (`sum by (state) (rate(...))`).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Counter, Registry, collectDefaultMetrics } from 'prom-client';

export interface ServiceMetrics {
  registry: Registry;
  /** Transitions into each state, observed from the status activity the workflow runs on every change (noteStatus, or reportStatus before the patch status-reports-local). */
  integrationStates: Counter<'state'>;
  agentCostUsd: Counter<'integrator'>;
  agentRuns: Counter<'integrator'>;
  githubRequests: Counter<'activity'>;
  activities: Counter<'activity' | 'outcome'>;
}

export function createServiceMetrics(opts: { defaultMetrics?: boolean } = {}): ServiceMetrics {
  const registry = new Registry();
  if (opts.defaultMetrics ?? true) collectDefaultMetrics({ register: registry, prefix: 'helicone_integrator_' });
  const registers = [registry];
  return {
    registry,
    integrationStates: new Counter({
      name: 'helicone_integration_state_transitions_total',
      help: 'Integrations entering each state (forking … awaiting_review, completed, rejected, failed)',
      labelNames: ['state'],
      registers,
    }),
    agentCostUsd: new Counter({
      name: 'helicone_agent_cost_usd_total',
      help: 'Cost in USD reported by the coding agent (Claude Code) runs',
      labelNames: ['integrator'],
      registers,
    }),
    agentRuns: new Counter({
      name: 'helicone_agent_runs_total',
      help: 'Integrator runs that used the coding agent',
      labelNames: ['integrator'],
      registers,
    }),
    githubRequests: new Counter({
      name: 'helicone_github_requests_total',
      help: 'GitHub REST API requests made by forge activities',
      labelNames: ['activity'],
      registers,
    }),
    activities: new Counter({
      name: 'helicone_activities_total',
      help: 'Activity executions on this worker by outcome',
      labelNames: ['activity', 'outcome'],
      registers,
    }),
  };
}

export interface MetricsServer {
  url: string;
  close(): Promise<void>;
}

/** Serves GET /metrics (Prometheus text format) and GET /healthz; port 0 picks a free port. */
export async function startMetricsServer(registry: Registry, port: number, host = '0.0.0.0'): Promise<MetricsServer> {
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method === 'GET' && path === '/metrics') {
      registry.metrics().then(
        (body) => res.writeHead(200, { 'Content-Type': registry.contentType }).end(body),
        (err: unknown) => res.writeHead(500, { 'Content-Type': 'text/plain' }).end(String(err)),
      );
      return;
    }
    if (req.method === 'GET' && path === '/healthz') {
      res.writeHead(200, { 'Content-Type': 'text/plain' }).end('ok\n');
      return;
    }
    res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found\n');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const addr = server.address() as AddressInfo;
  const shownHost = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  return {
    url: `http://${shownHost === '0.0.0.0' ? '127.0.0.1' : shownHost}:${addr.port}/metrics`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
