/**
 * Starts the review dashboard: the Hono app (app.ts) on Node's HTTP server through `@hono/node-server`, listening
 * with the helper the webhook receiver uses too. Beyond loopback it refuses to start without a way to sign in.
 */
import type http from 'node:http';
import { createAdaptorServer } from '@hono/node-server';
import { listen, type Listening } from '../adapters/http/listen';
import { createDashboardApp } from './app';
import type { DashboardOptions } from './context';

export type { DashboardOptions } from './context';
export { detailSnapshot, listSnapshot } from './live';

export async function startDashboard(opts: DashboardOptions & { host: string; port: number }): Promise<Listening> {
  const signIn = !!opts.auth.token || !!opts.auth.reviewers?.length || !!(opts.auth.trustProxy && opts.auth.authHeader);
  if (!isLoopback(opts.host) && !signIn) {
    throw new Error(
      `DASHBOARD_TOKEN is required when the dashboard listens beyond loopback (DASHBOARD_HOST=${opts.host}); or DASHBOARD_REVIEWERS_FILE, or DASHBOARD_AUTH_HEADER with DASHBOARD_TRUST_PROXY`,
    );
  }
  const app = createDashboardApp({ ...opts, listenHost: opts.listenHost ?? opts.host });
  const server = createAdaptorServer({
    fetch: app.fetch,
    // Keep Node's own Request and Response: the worker, the Temporal client and Octokit may share this process.
    overrideGlobalObjects: false,
    // A request without Host (HTTP/1.0) still reaches the app, whose Host check refuses it with the allowed names.
    hostname: 'no-host.invalid',
  }) as http.Server;
  return listen(server, opts.host, opts.port);
}

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\./.test(host);
}
