/**
 * The review dashboard's HTTP server: integration list, integration page with the diff, approve / reject (the same
 * `reviewChanges` signal as the CLI), live updates over server-sent events. Everything shown is escaped; a strict
 * Content-Security-Policy allows only the dashboard's own scripts and styles.
 */
import fs from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { Forge } from '../adapters/forge/forge';
import { projectRoot } from '../adapters/temporal/find-server';
import { cancelCampaignSignal, pauseCampaignSignal, resumeCampaignSignal } from '../workflows/campaign-definitions';
import { reviewCompleteSignal } from '../workflows/definitions';
import { MAX_FEEDBACK_CHARS } from '../shared/review-payload';
import { DashboardAuth, sameOrigin, type AuthOptions, type Session } from './auth';
import { IntegrationsSource, type IntegrationRow } from './integrations-source';
import type { IntegrationStatus } from '../shared/types';
import { CampaignsSource } from './campaigns-source';
import type { Html } from './html';
import { campaignPage, campaignsListPage } from './pages/campaign-pages';
import { detailPage } from './pages/detail-page';
import { discoveriesListPage, discoveryPage } from './pages/discovery-pages';
import { layout } from './pages/layout';
import { listPage } from './pages/list-page';
import { loginPage } from './pages/login-page';

export interface DashboardOptions {
  client: Client;
  namespace: string;
  forge?: Forge;
  auth: AuthOptions;
  /** Base URL of the Temporal web UI, for links. */
  temporalUiUrl?: string;
  /** How often live views poll Temporal (ms). */
  pollMs?: number;
}

const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
  "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

const STATIC: Record<string, { file: () => string; type: string }> = {
  'app.js': { file: () => path.join(projectRoot(__dirname), 'src', 'dashboard', 'static', 'app.js'), type: 'text/javascript' },
  'app.css': { file: () => path.join(projectRoot(__dirname), 'src', 'dashboard', 'static', 'app.css'), type: 'text/css' },
  'diff2html.min.css': { file: () => path.join(diff2htmlDir(), 'bundles', 'css', 'diff2html.min.css'), type: 'text/css' },
  'diff2html-ui.min.js': { file: () => path.join(diff2htmlDir(), 'bundles', 'js', 'diff2html-ui.min.js'), type: 'text/javascript' },
};

function diff2htmlDir(): string {
  return path.dirname(require.resolve('diff2html/package.json'));
}

export function createDashboardHandler(opts: DashboardOptions): http.RequestListener {
  const auth = new DashboardAuth(opts.auth);
  const source = new IntegrationsSource(opts.client, opts.forge);
  const campaigns = new CampaignsSource(opts.client);
  const uiBase = (opts.temporalUiUrl ?? 'http://localhost:8233').replace(/\/+$/, '');
  const temporalUi = (id: string) => `${uiBase}/namespaces/${encodeURIComponent(opts.namespace)}/workflows/${encodeURIComponent(id)}`;
  const pollMs = opts.pollMs ?? 1000;

  return (req, res) => {
    for (const [k, v] of Object.entries({
      'Content-Security-Policy': CSP,
      'X-Content-Type-Options': 'nosniff',
      // same-origin, not no-referrer: with no-referrer browsers send "Origin: null" and the CSRF origin check fails.
      'Referrer-Policy': 'same-origin',
      'X-Frame-Options': 'DENY',
      'Cache-Control': 'no-store',
    })) res.setHeader(k, v);
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) send(res, 500, 'text/plain', `Dashboard error: ${(err as Error).message}`);
      else res.end();
    });
  };

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://dashboard');
    const method = req.method ?? 'GET';
    const p = url.pathname;

    const staticFile = /^\/static\/([\w.-]+)$/.exec(p);
    if (method === 'GET' && staticFile) {
      const entry = STATIC[staticFile[1]!];
      if (!entry) return send(res, 404, 'text/plain', 'Not found');
      return send(res, 200, entry.type, await fs.readFile(entry.file()));
    }
    if (p === '/login') {
      if (method === 'GET') return send(res, 200, 'text/html', layout('Sign in', loginPage()));
      if (method === 'POST') {
        if (!sameOrigin(req)) return send(res, 403, 'text/plain', 'Cross-site request refused');
        const form = await readForm(req);
        const reviewer = (form.get('reviewer') ?? '').trim().slice(0, 100);
        if (!auth.required) return redirect(res, '/');
        if (!reviewer || !auth.checkToken(form.get('token') ?? '')) {
          return send(res, 401, 'text/html', layout('Sign in', loginPage('Wrong token, or no name given.')));
        }
        res.setHeader('Set-Cookie', auth.sessionCookie(reviewer));
        return redirect(res, '/');
      }
    }
    if (p === '/logout' && method === 'POST') {
      res.setHeader('Set-Cookie', auth.clearCookie());
      return redirect(res, '/login');
    }

    const session = auth.session(req);
    if (!session) {
      if (method === 'GET' && !p.endsWith('/events')) return redirect(res, '/login');
      return send(res, 401, 'text/plain', 'Sign in first');
    }
    const fragment = url.searchParams.get('fragment') === '1';

    if (method === 'GET' && p === '/') {
      const filter = { state: url.searchParams.get('state') ?? undefined, search: url.searchParams.get('q') ?? undefined };
      const rows = await source.list(filter);
      const body = listPage(rows, filter, temporalUi, listSnapshot(rows));
      return send(res, 200, 'text/html', fragment ? body.value : layout('Integrations', body, { reviewer: session.reviewer }));
    }
    if (method === 'GET' && p === '/events') {
      const filter = { state: url.searchParams.get('state') ?? undefined, search: url.searchParams.get('q') ?? undefined };
      return stream(req, res, async () => listSnapshot(await source.list(filter, { details: !!filter.search })));
    }

    if (method === 'GET' && p === '/campaigns') return page(res, 'Campaigns', campaignsListPage(await campaigns.listOf('campaignWorkflow')), session);
    if (method === 'GET' && p === '/discoveries') return page(res, 'Discoveries', discoveriesListPage(await campaigns.listOf('discoveryWorkflow')), session);
    const c = /^\/campaigns\/([^/]+)(\/control)?$/.exec(p);
    if (c) {
      const workflowId = decodeURIComponent(c[1]!);
      if (method === 'GET' && !c[2]) {
        const view = await campaigns.campaign(workflowId).catch((err: unknown) => (err instanceof WorkflowNotFoundError ? undefined : Promise.reject(err)));
        if (!view) return send(res, 404, 'text/plain', `No campaign ${workflowId}`);
        return page(res, workflowId, campaignPage(workflowId, view, auth.csrfToken(session), temporalUi(workflowId)), session);
      }
      if (method === 'POST' && c[2]) return controlCampaign(req, res, workflowId, session);
    }
    const d = /^\/discoveries\/([^/]+)$/.exec(p);
    if (method === 'GET' && d) {
      const workflowId = decodeURIComponent(d[1]!);
      const result = await campaigns.discovery(workflowId).catch((err: unknown) => (err instanceof WorkflowNotFoundError ? undefined : Promise.reject(err)));
      if (!result) return send(res, 404, 'text/plain', `No discovery ${workflowId}`);
      return page(res, workflowId, discoveryPage(workflowId, result), session);
    }

    const m = /^\/integrations\/([^/]+)(\/review|\/events)?$/.exec(p);
    if (m) {
      const workflowId = decodeURIComponent(m[1]!);
      if (method === 'GET' && !m[2]) return detail(res, workflowId, session, fragment);
      if (method === 'GET' && m[2] === '/events') {
        return stream(req, res, async () => detailSnapshot(await source.status(workflowId)));
      }
      if (method === 'POST' && m[2] === '/review') return review(req, res, workflowId, session);
    }
    return send(res, 404, 'text/plain', 'Not found');
  }

  async function detail(res: http.ServerResponse, workflowId: string, session: Session, fragment: boolean): Promise<void> {
    let status;
    try {
      status = await source.status(workflowId);
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return send(res, 404, 'text/plain', `No integration ${workflowId}`);
      throw err;
    }
    const body = detailPage({
      workflowId,
      status,
      diff: await source.diff(status),
      csrf: auth.csrfToken(session),
      temporalUi: temporalUi(workflowId),
      snapshot: detailSnapshot(status),
      upstream: status.finalPr ? await campaigns.tracking(status.integrationId) : undefined,
    });
    return send(res, 200, 'text/html', fragment ? body.value : layout(status.repo, body, { reviewer: session.reviewer }));
  }

  function page(res: http.ServerResponse, title: string, body: Html, session: Session): void {
    send(res, 200, 'text/html', layout(title, body, { reviewer: session.reviewer }));
  }

  /** Pause, resume or cancel a campaign: the same signals as `npm run campaign`, behind the same CSRF checks as reviews. */
  async function controlCampaign(req: http.IncomingMessage, res: http.ServerResponse, workflowId: string, session: Session): Promise<void> {
    if (!sameOrigin(req)) return send(res, 403, 'text/plain', 'Cross-site request refused');
    const form = await readForm(req);
    if (!auth.checkCsrf(session, form.get('csrf') ?? undefined)) return send(res, 403, 'text/plain', 'Missing or invalid CSRF token');
    const signal = { pause: pauseCampaignSignal, resume: resumeCampaignSignal, cancel: cancelCampaignSignal }[form.get('action') ?? ''];
    if (!signal) return send(res, 400, 'text/plain', 'action must be pause, resume or cancel');
    await opts.client.workflow.getHandle(workflowId).signal(signal);
    return redirect(res, `/campaigns/${encodeURIComponent(workflowId)}`);
  }

  async function review(req: http.IncomingMessage, res: http.ServerResponse, workflowId: string, session: Session): Promise<void> {
    if (!sameOrigin(req)) return send(res, 403, 'text/plain', 'Cross-site request refused');
    const form = await readForm(req);
    if (!auth.checkCsrf(session, form.get('csrf') ?? undefined)) return send(res, 403, 'text/plain', 'Missing or invalid CSRF token');
    const decision = form.get('decision');
    const feedback = (form.get('feedback') ?? '').trim();
    if (decision !== 'approve' && decision !== 'reject') return send(res, 400, 'text/plain', 'decision must be approve or reject');
    if (feedback.length > MAX_FEEDBACK_CHARS) return send(res, 400, 'text/plain', `Feedback is limited to ${MAX_FEEDBACK_CHARS} characters`);
    const status = await source.status(workflowId);
    if (status.state !== 'awaiting_review') return send(res, 409, 'text/plain', `${workflowId} is ${status.state}, not awaiting review`);
    await opts.client.workflow.getHandle(workflowId).signal(reviewCompleteSignal, {
      approved: decision === 'approve',
      ...(decision === 'reject' && feedback ? { feedback } : {}),
      reviewer: session.reviewer,
    });
    return redirect(res, `/integrations/${encodeURIComponent(workflowId)}`);
  }

  /** Server-sent events: polls `snapshot` and sends `change` whenever it differs. Cheap: one query per tick. */
  function stream(req: http.IncomingMessage, res: http.ServerResponse, snapshot: () => Promise<string>): void {
    res.writeHead(200, { 'Content-Type': 'text/event-stream', Connection: 'keep-alive' });
    let last = '';
    let closed = false;
    const tick = async () => {
      if (closed) return;
      const now = await snapshot().catch(() => last);
      if (now !== last) {
        res.write(`event: change\ndata: ${now}\n\n`);
        last = now;
      } else res.write(': keep-alive\n\n');
      if (!closed) timer = setTimeout(tick, pollMs);
    };
    let timer = setTimeout(tick, 0);
    req.on('close', () => {
      closed = true;
      clearTimeout(timer);
    });
  }
}

/**
 * What a live view shows, reduced to a string: the page embeds it and the event stream sends it, so the browser
 * refreshes exactly when what it shows is out of date (including a change between page load and stream start).
 */
export function detailSnapshot(s: IntegrationStatus): string {
  return JSON.stringify([s.state, s.attempt, s.timeline.length, s.ignoredSignals.length]);
}

/** Visibility data only (id and state), so the stream can compute it without a query per integration. */
export function listSnapshot(rows: IntegrationRow[]): string {
  return JSON.stringify(rows.map((r) => [r.workflowId, r.state]));
}

export async function startDashboard(opts: DashboardOptions & { host: string; port: number }): Promise<{ server: http.Server; url: string; close(): Promise<void> }> {
  if (!isLoopback(opts.host) && !opts.auth.token) {
    throw new Error(`DASHBOARD_TOKEN is required when the dashboard listens beyond loopback (DASHBOARD_HOST=${opts.host})`);
  }
  const server = http.createServer(createDashboardHandler(opts));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${opts.host.includes(':') ? `[${opts.host}]` : opts.host}:${port}`;
  return {
    server,
    url,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\./.test(host);
}

function send(res: http.ServerResponse, status: number, type: string, body: string | Buffer): void {
  res.writeHead(status, { 'Content-Type': `${type}; charset=utf-8` }).end(body);
}

function redirect(res: http.ServerResponse, location: string): void {
  res.writeHead(303, { Location: location }).end();
}

async function readForm(req: http.IncomingMessage): Promise<URLSearchParams> {
  let body = '';
  for await (const chunk of req) {
    body += chunk;
    if (body.length > 64 * 1024) throw new Error('Form too large');
  }
  return new URLSearchParams(body);
}
