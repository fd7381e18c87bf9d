/**
 * The review dashboard's HTTP server: integration list, integration page with the diff, approve / reject (the same
 * `submitReview` update as the CLI, so a refused decision shows the workflow's reason), live updates over
 * server-sent events. Everything shown is escaped; a strict
 * Content-Security-Policy allows only the dashboard's own scripts and styles.
 */
import http from 'node:http';
import { listen } from '../adapters/http/listen';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { Forge } from '../adapters/forge/forge';
import { cancelCampaignSignal, pauseCampaignSignal, resumeCampaignSignal } from '../workflows/campaign-definitions';
import { MAX_FEEDBACK_CHARS } from '../shared/review-payload';
import { submitReview } from '../adapters/temporal/submit-review';
import { asset } from './assets';
import { allowedHosts, DashboardAuth, hostAllowed, originAllowed, type AuthOptions, type Session } from './auth';
import { unquoteDiffHeaders } from './diff-names';
import {
  DEFAULT_PAGE_SIZE,
  IntegrationsSource,
  isUnavailable,
  TemporalUnavailableError,
  type IntegrationRow,
  type ListFilter,
} from './integrations-source';
import type { IntegrationStatus, ReviewRefusal } from '../shared/types';
import { CampaignsSource } from './campaigns-source';
import type { Html } from './html';
import { campaignPage, campaignsListPage } from './pages/campaign-pages';
import { detailPage } from './pages/detail-page';
import { discoveriesListPage, discoveryPage } from './pages/discovery-pages';
import { errorPage, layout } from './pages/layout';
import { listPage } from './pages/list-page';
import { confirmPage, loginPage } from './pages/login-page';

export interface DashboardOptions {
  client: Client;
  namespace: string;
  forge?: Forge;
  auth: AuthOptions;
  /** Base URL of the Temporal web UI, for links. */
  temporalUiUrl?: string;
  /** How often live views poll Temporal (ms). */
  pollMs?: number;
  /** Deadline of each Temporal call (ms, default 2000): past it a page says Temporal is unreachable. */
  temporalTimeoutMs?: number;
  /** Shown when Temporal is unreachable (TEMPORAL_ADDRESS). */
  temporalAddress?: string;
  /** The address the server listens on (a literal IP there is an allowed Host). */
  listenHost?: string;
  /** Integrations per list page (default 50). */
  pageSize?: number;
  /** How long a review waits for a worker to take it (ms, default 10000) before the page says none answered. */
  reviewTimeoutMs?: number;
}

/** How long the Temporal-unreachable page waits before it tries again (s). */
const RETRY_SECONDS = 3;

const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
  "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

export function createDashboardHandler(opts: DashboardOptions): http.RequestListener {
  const auth = new DashboardAuth(opts.auth);
  const source = new IntegrationsSource(opts.client, opts.forge, opts.namespace, opts.temporalTimeoutMs ?? 2000);
  const campaigns = new CampaignsSource(opts.client, (fn) => source.temporal(fn));
  const pageSize = opts.pageSize ?? DEFAULT_PAGE_SIZE;
  const temporalAddress =
    opts.temporalAddress ?? (opts.client.connection as { options?: { address?: string } }).options?.address ?? 'TEMPORAL_ADDRESS';
  const hostsByPort = new Map<number, Set<string>>();
  const allowedFor = (req: http.IncomingMessage): Set<string> => {
    const port = req.socket.localPort ?? 0;
    let hosts = hostsByPort.get(port);
    if (!hosts) hostsByPort.set(port, (hosts = allowedHosts(port, opts.listenHost ?? '127.0.0.1', opts.auth.publicUrl)));
    return hosts;
  };
  /** Origin (or Referer) in the Host allow-list: never compared with the request's own Host, which a rebinding page sets. */
  const sameOrigin = (req: http.IncomingMessage): boolean => originAllowed(req, allowedFor(req));
  const uiBase = (opts.temporalUiUrl ?? 'http://localhost:8233').replace(/\/+$/, '');
  const temporalUi = (id: string) => `${uiBase}/namespaces/${encodeURIComponent(opts.namespace)}/workflows/${encodeURIComponent(id)}`;
  const pollMs = opts.pollMs ?? 1000;
  const reviewTimeoutMs = opts.reviewTimeoutMs ?? 10_000;

  return (req, res) => {
    for (const [k, v] of Object.entries({
      'Content-Security-Policy': CSP,
      'X-Content-Type-Options': 'nosniff',
      // same-origin, not no-referrer: with no-referrer browsers send "Origin: null" and the CSRF origin check fails.
      'Referrer-Policy': 'same-origin',
      'X-Frame-Options': 'DENY',
      'Cache-Control': 'no-store',
    }))
      res.setHeader(k, v);
    if (!hostAllowed(req, allowedFor(req))) {
      // DNS rebinding: a page on evil.test (resolving to 127.0.0.1) must not be able to read or drive the dashboard.
      const allowed = [...allowedFor(req)].join(', ');
      res.writeHead(421, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(
        `Refused: this dashboard answers only to ${allowed}, not to Host "${req.headers.host ?? ''}".\n` +
          'If you reach it under another name (a proxy, a DNS name), set DASHBOARD_PUBLIC_URL to that URL.\n',
      );
      return;
    }
    handle(req, res).catch((err: unknown) => {
      if (res.headersSent) return void res.end();
      if (err instanceof WorkflowNotFoundError)
        return send(res, 404, 'text/plain', `No integration or workflow ${err.workflowId ?? ''}`.trim());
      if (err instanceof TemporalUnavailableError || isUnavailable(err)) {
        const body = errorPage(
          503,
          `Temporal does not answer at ${temporalAddress} (${(err as Error).message}). This page tries again every ${RETRY_SECONDS} seconds; nothing was changed.`,
          { href: req.url ?? '/', label: 'Try again now' },
        );
        res.writeHead(503, { 'Content-Type': 'text/html; charset=utf-8', 'Retry-After': String(RETRY_SECONDS) });
        return void res.end(layout('Temporal is unreachable', body, { refreshSeconds: RETRY_SECONDS }));
      }
      send(res, 500, 'text/plain', `Dashboard error: ${(err as Error).message}`);
    });
  };

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://dashboard');
    const method = req.method ?? 'GET';
    const p = url.pathname;

    if (method === 'GET' && p.startsWith('/static/')) {
      const file = asset(p);
      if (!file) return send(res, 404, 'text/plain', 'Not found');
      res.setHeader('Cache-Control', file.cache);
      return send(res, 200, file.type, file.body);
    }
    if (p === '/login') {
      if (method === 'GET') return send(res, 200, 'text/html', layout('Sign in', loginPage(auth.loginMode)));
      if (method === 'POST') {
        if (!sameOrigin(req)) return send(res, 403, 'text/plain', 'Cross-site request refused');
        const form = await readForm(req);
        if (!auth.required) return redirect(res, '/');
        const reviewer = auth.signIn({ token: form.get('token') ?? '', reviewer: form.get('reviewer') ?? undefined });
        if (!reviewer) {
          const why = auth.loginMode === 'named' ? 'Unknown reviewer token.' : 'Wrong token, or no name given.';
          return send(res, 401, 'text/html', layout('Sign in', loginPage(auth.loginMode, why)));
        }
        res.setHeader(
          'Set-Cookie',
          auth.sessionCookie(
            reviewer,
            auth.loginMode === 'named' && !auth.isSharedToken(form.get('token') ?? '') ? 'reviewer-token' : 'shared-token',
            req,
          ),
        );
        return redirect(res, '/');
      }
    }
    if (p === '/logout' && method === 'POST') {
      if (!sameOrigin(req)) return send(res, 403, 'text/plain', 'Cross-site request refused');
      const current = auth.session(req);
      const form = await readForm(req);
      if (current && auth.checkCsrf(current, form.get('csrf') ?? undefined)) auth.revoke(current);
      else if (current) return send(res, 403, 'text/plain', 'Missing or invalid CSRF token');
      res.setHeader('Set-Cookie', auth.clearCookie(req));
      return redirect(res, '/login');
    }

    const session = auth.session(req);
    if (!session) {
      if (method === 'GET' && !p.endsWith('/events')) return redirect(res, '/login');
      return send(res, 401, 'text/plain', 'Sign in first');
    }
    const fragment = url.searchParams.get('fragment') === '1';

    const listFilter = (): ListFilter => ({
      state: url.searchParams.get('state') || undefined,
      search: url.searchParams.get('q') || undefined,
    });
    if (method === 'GET' && p === '/') {
      const filter = listFilter();
      const pageToken = url.searchParams.get('page') || undefined;
      const { rows, next } = await source.page(filter, { pageSize, page: pageToken });
      const body = listPage(rows, filter, temporalUi, listSnapshot(rows), {
        csrf: auth.csrfToken(session),
        next,
        page: pageToken,
        pageSize,
      });
      return send(res, 200, 'text/html', fragment ? body.value : layout('Integrations', body, layoutOpts(session)));
    }
    if (method === 'GET' && p === '/events') {
      const filter = listFilter();
      const pageToken = url.searchParams.get('page') || undefined;
      return stream(req, res, async () => listSnapshot((await source.page(filter, { pageSize, page: pageToken, details: false })).rows));
    }
    if (method === 'POST' && p === '/bulk-review') return bulkReview(req, res, session);

    if (method === 'GET' && p === '/campaigns')
      return page(res, 'Campaigns', campaignsListPage(await campaigns.listOf('campaignWorkflow')), session);
    if (method === 'GET' && p === '/discoveries')
      return page(res, 'Discoveries', discoveriesListPage(await campaigns.listOf('discoveryWorkflow')), session);
    const c = /^\/campaigns\/([^/]+)(\/control)?$/.exec(p);
    if (c) {
      const workflowId = decodeURIComponent(c[1]!);
      if (method === 'GET' && !c[2]) {
        const view = await campaigns
          .campaign(workflowId)
          .catch((err: unknown) => (err instanceof WorkflowNotFoundError ? undefined : Promise.reject(err)));
        if (!view) return send(res, 404, 'text/plain', `No campaign ${workflowId}`, { href: '/campaigns', label: 'Back to the campaigns' });
        return page(res, workflowId, campaignPage(workflowId, view, auth.csrfToken(session), temporalUi(workflowId)), session);
      }
      if (method === 'POST' && c[2]) return controlCampaign(req, res, workflowId, session);
    }
    const d = /^\/discoveries\/([^/]+)$/.exec(p);
    if (method === 'GET' && d) {
      const workflowId = decodeURIComponent(d[1]!);
      const result = await campaigns
        .discovery(workflowId)
        .catch((err: unknown) => (err instanceof WorkflowNotFoundError ? undefined : Promise.reject(err)));
      if (!result)
        return send(res, 404, 'text/plain', `No discovery ${workflowId}`, { href: '/discoveries', label: 'Back to the discoveries' });
      return page(res, workflowId, discoveryPage(workflowId, result), session);
    }

    const m = /^\/integrations\/([^/]+)(\/review|\/events)?$/.exec(p);
    if (m) {
      const workflowId = decodeURIComponent(m[1]!);
      if (method === 'GET' && !m[2]) return detail(res, workflowId, session, fragment);
      if (method === 'GET' && m[2] === '/events') {
        return stream(req, res, async () => detailSnapshot(await source.status(workflowId)));
      }
      if (method === 'POST' && m[2] === '/review') {
        const here = `/integrations/${encodeURIComponent(workflowId)}`;
        backTo.set(res, { href: here, label: 'Back to the integration' });
        // Unknown integration: 404, before anything else is looked at.
        await source.exists(workflowId);
        // Approve opens a PR upstream, reject without feedback ends the integration: both are confirmed first (by a
        // script confirm() that adds confirmed=1, or, without scripts, by this page).
        const form = await readForm(req);
        const decision = form.get('decision');
        const drastic = decision === 'approve' || (decision === 'reject' && !(form.get('feedback') ?? '').trim());
        if (drastic && form.get('confirmed') !== '1' && sameOrigin(req) && auth.checkCsrf(session, form.get('csrf') ?? undefined)) {
          const message =
            decision === 'approve'
              ? `Approve ${workflowId}? This opens a pull request upstream.`
              : `Reject ${workflowId} without feedback? This ends the integration.`;
          return page(res, 'Confirm', confirmPage(`${here}/review`, [...form.entries()], message, here), session);
        }
        return review(req, res, workflowId, session);
      }
    }
    return send(res, 404, 'text/plain', 'Not found');
  }

  function layoutOpts(session: Session): { reviewer: string; csrf?: string } {
    return {
      reviewer: session.reviewer,
      ...(session.via === 'shared-token' || session.via === 'reviewer-token' ? { csrf: auth.csrfToken(session) } : {}),
    };
  }

  /**
   * Approve or reject several integrations at once (the list's checkboxes), after the same origin, CSRF and
   * confirmation checks as one review. Each goes as its own `submitReview` update; the refused ones are listed with
   * the workflow's reason.
   */
  async function bulkReview(req: http.IncomingMessage, res: http.ServerResponse, session: Session): Promise<void> {
    if (!sameOrigin(req)) return send(res, 403, 'text/plain', 'Cross-site request refused');
    const form = await readForm(req);
    if (!auth.checkCsrf(session, form.get('csrf') ?? undefined)) return send(res, 403, 'text/plain', 'Missing or invalid CSRF token');
    const decision = form.get('decision');
    if (decision !== 'approve' && decision !== 'reject') return send(res, 400, 'text/plain', 'decision must be approve or reject');
    const ids = [...new Set(form.getAll('id'))].slice(0, 200);
    const back = /^\/(\?[^\s]*)?$/.test(form.get('back') ?? '') ? form.get('back')! : '/';
    backTo.set(res, { href: back, label: 'Back to the list' });
    if (!ids.length) return send(res, 400, 'text/plain', 'Select at least one integration awaiting review');
    if (form.get('confirmed') !== '1') {
      const message =
        decision === 'approve'
          ? `Approve ${ids.length} integration(s)? Each opens a pull request upstream.`
          : `Reject ${ids.length} integration(s) without feedback? This ends them.`;
      return page(res, 'Confirm', confirmPage('/bulk-review', [...form.entries()], message, back), session);
    }
    const outcomes = await Promise.all(
      ids.map(async (id) => ({
        id,
        outcome: await submitReview(
          opts.client,
          id,
          { approved: decision === 'approve', reviewer: session.reviewer },
          { timeoutMs: reviewTimeoutMs },
        ),
      })),
    );
    const refused = outcomes.filter((o) => !o.outcome.accepted);
    if (refused.length) {
      const reasons = refused.map((o) => `${o.id}: ${o.outcome.accepted ? '' : o.outcome.reason}`).join('\n');
      return send(
        res,
        409,
        'text/plain',
        `${ids.length - refused.length} ${decision === 'approve' ? 'approved' : 'rejected'}; ${refused.length} refused (left alone):\n${reasons}`,
        undefined,
        'Some decisions refused',
      );
    }
    return redirect(res, back);
  }

  async function detail(res: http.ServerResponse, workflowId: string, session: Session, fragment: boolean): Promise<void> {
    let status;
    try {
      status = await source.status(workflowId);
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return send(res, 404, 'text/plain', `No integration ${workflowId}`);
      throw err;
    }
    const [diff, upstream, reviewPrBody, interdiff] = await Promise.all([
      source.diff(status),
      status.finalPr ? campaigns.tracking(status.integrationId) : undefined,
      source.reviewPrBody(status),
      source.interdiff(status),
    ]);
    const body = detailPage({
      workflowId,
      status,
      diff: diff === undefined ? undefined : unquoteDiffHeaders(diff),
      csrf: auth.csrfToken(session),
      temporalUi: temporalUi(workflowId),
      snapshot: detailSnapshot(status),
      upstream,
      reviewPrBody,
      ...(interdiff ? { interdiff: { ...interdiff, diff: unquoteDiffHeaders(interdiff.diff) } } : {}),
    });
    return send(res, 200, 'text/html', fragment ? body.value : layout(status.repo, body, { ...layoutOpts(session), diff: true }));
  }

  function page(res: http.ServerResponse, title: string, body: Html, session: Session): void {
    send(res, 200, 'text/html', layout(title, body, layoutOpts(session)));
  }

  /** Pause, resume or cancel a campaign: the same signals as `npm run campaign`, behind the same CSRF checks as reviews. */
  async function controlCampaign(req: http.IncomingMessage, res: http.ServerResponse, workflowId: string, session: Session): Promise<void> {
    if (!sameOrigin(req)) return send(res, 403, 'text/plain', 'Cross-site request refused');
    const form = await readForm(req);
    if (!auth.checkCsrf(session, form.get('csrf') ?? undefined)) return send(res, 403, 'text/plain', 'Missing or invalid CSRF token');
    const signal = { pause: pauseCampaignSignal, resume: resumeCampaignSignal, cancel: cancelCampaignSignal }[form.get('action') ?? ''];
    if (!signal) return send(res, 400, 'text/plain', 'action must be pause, resume or cancel');
    await source.temporal(() => opts.client.workflow.getHandle(workflowId).signal(signal));
    return redirect(res, `/campaigns/${encodeURIComponent(workflowId)}`);
  }

  async function review(req: http.IncomingMessage, res: http.ServerResponse, workflowId: string, session: Session): Promise<void> {
    if (!sameOrigin(req)) return send(res, 403, 'text/plain', 'Cross-site request refused');
    const form = await readForm(req);
    if (!auth.checkCsrf(session, form.get('csrf') ?? undefined)) return send(res, 403, 'text/plain', 'Missing or invalid CSRF token');
    const decision = form.get('decision');
    const feedback = (form.get('feedback') ?? '').trim();
    if (decision !== 'approve' && decision !== 'reject') return send(res, 400, 'text/plain', 'decision must be approve or reject');
    if (feedback.length > MAX_FEEDBACK_CHARS)
      return send(res, 400, 'text/plain', `Feedback is limited to ${MAX_FEEDBACK_CHARS} characters`);
    // The `submitReview` update: the workflow's validator says at once whether the decision was taken, and why not.
    const outcome = await submitReview(
      opts.client,
      workflowId,
      { approved: decision === 'approve', ...(decision === 'reject' && feedback ? { feedback } : {}), reviewer: session.reviewer },
      { timeoutMs: reviewTimeoutMs },
    );
    if (!outcome.accepted) {
      const { status, title } = REFUSAL_PAGE[outcome.refusal];
      return send(res, status, 'text/plain', outcome.reason, undefined, title);
    }
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

export async function startDashboard(
  opts: DashboardOptions & { host: string; port: number },
): Promise<{ server: http.Server; url: string; close(): Promise<void> }> {
  const signIn = !!opts.auth.token || !!opts.auth.reviewers?.length || !!(opts.auth.trustProxy && opts.auth.authHeader);
  if (!isLoopback(opts.host) && !signIn) {
    throw new Error(
      `DASHBOARD_TOKEN is required when the dashboard listens beyond loopback (DASHBOARD_HOST=${opts.host}); or DASHBOARD_REVIEWERS_FILE, or DASHBOARD_AUTH_HEADER with DASHBOARD_TRUST_PROXY`,
    );
  }
  const server = http.createServer(createDashboardHandler({ ...opts, listenHost: opts.listenHost ?? opts.host }));
  return listen(server, opts.host, opts.port);
}

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\./.test(host);
}

/** Where an error page links back to, per response (set by the route that knows). */
const backTo = new WeakMap<http.ServerResponse, { href: string; label: string }>();

/** The error page of each refused review: its HTTP status and heading. */
const REFUSAL_PAGE: Record<ReviewRefusal, { status: number; title: string }> = {
  InvalidReview: { status: 400, title: 'Decision refused' },
  NoSuchIntegration: { status: 404, title: 'Not found' },
  NotAwaitingReview: { status: 409, title: 'Already decided' },
  AlreadyDecided: { status: 409, title: 'Already decided' },
  FeedbackNotActionable: { status: 409, title: 'Feedback refused' },
  NoAnswer: { status: 504, title: 'Not confirmed' },
};

/** Sends a response; a plain-text error becomes a page that says what happened (under `title`) and links back. */
function send(
  res: http.ServerResponse,
  status: number,
  type: string,
  body: string | Buffer,
  back?: { href: string; label: string },
  title?: string,
): void {
  if (status >= 400 && type === 'text/plain' && typeof body === 'string') {
    const page = layout(title ?? (status === 404 ? 'Not found' : 'Error'), errorPage(status, body, back ?? backTo.get(res), title));
    return void res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8' }).end(page);
  }
  res.writeHead(status, { 'Content-Type': `${type}; charset=utf-8` }).end(body);
}

function redirect(res: http.ServerResponse, location: string): void {
  res.writeHead(303, { Location: location }).end();
}

const forms = new WeakMap<http.IncomingMessage, Promise<URLSearchParams>>();

/** The request's form body, read once (a route may look at it before the handler it passes the request to). */
function readForm(req: http.IncomingMessage): Promise<URLSearchParams> {
  let form = forms.get(req);
  if (!form) forms.set(req, (form = readFormBody(req)));
  return form;
}

async function readFormBody(req: http.IncomingMessage): Promise<URLSearchParams> {
  let body = '';
  for await (const chunk of req) {
    body += chunk;
    if (body.length > 64 * 1024) throw new Error('Form too large');
  }
  return new URLSearchParams(body);
}
