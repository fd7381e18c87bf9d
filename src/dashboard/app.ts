/**
 * The review dashboard as a Hono app: integration list, integration page with the diff, approve / reject (the same
 * `submitReview` update as the CLI), campaigns and discoveries, live updates over server-sent events. Everything
 * shown is escaped; a strict Content-Security-Policy allows only the dashboard's own scripts and styles.
 *
 * Order matters: the Host check and the response headers wrap everything; static files and sign-in are open; every
 * route after requireSession needs a session; app.onError turns Temporal's errors into pages.
 */
import { WorkflowNotFoundError } from '@temporalio/client';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { every } from 'hono/combine';
import { asset } from './assets';
import { DashboardAuth, type Session } from './auth';
import { CampaignsSource } from './campaigns-source';
import type { Dashboard, DashboardEnv, DashboardOptions } from './context';
import { hostAllowList, noStore, requireAllowedHost, requireCsrfToken, requireSameOrigin, requireSession, securityHeaders } from './guards';
import { DEFAULT_PAGE_SIZE, IntegrationsSource, isUnavailable, TemporalUnavailableError } from './integrations-source';
import { errorPage, layout } from './pages/layout';
import { errorResponse, htmlResponse } from './respond';
import { campaignRoutes } from './routes/campaign-routes';
import { inboxRoutes } from './routes/inbox-routes';
import { integrationRoutes } from './routes/integration-routes';
import { reviewRoutes } from './routes/review-routes';
import { sessionRoutes } from './routes/session-routes';

/** How long the Temporal-unreachable page waits before it tries again (s). */
const RETRY_SECONDS = 3;
/** Forms are small (the longest field is review feedback); a bigger body is refused before it is read further. */
const MAX_FORM_BYTES = 64 * 1024;

export function createDashboardApp(opts: DashboardOptions): Hono<DashboardEnv> {
  const d = dashboardServices(opts);
  const temporalAddress =
    opts.temporalAddress ?? (opts.client.connection as { options?: { address?: string } }).options?.address ?? 'TEMPORAL_ADDRESS';
  const allowedFor = hostAllowList(opts.listenHost ?? '127.0.0.1', opts.auth.publicUrl);
  const sameOrigin = requireSameOrigin(allowedFor);
  // Every form behind sign-in: from an allowed origin, with the session's CSRF token.
  const formGuard = every(sameOrigin, requireCsrfToken(d.auth));

  const app = new Hono<DashboardEnv>();
  app.use(securityHeaders, noStore, requireAllowedHost(allowedFor));
  app.use(
    bodyLimit({ maxSize: MAX_FORM_BYTES, onError: (c) => errorResponse(c, 413, `Form too large (at most ${MAX_FORM_BYTES} bytes)`) }),
  );

  app.get('/static/*', (c) => {
    const file = asset(c.req.path);
    if (!file) return errorResponse(c, 404, 'Not found');
    return c.body(file.body, 200, { 'Content-Type': `${file.type}; charset=utf-8`, 'Cache-Control': file.cache });
  });
  app.route('/', sessionRoutes(d, sameOrigin));

  app.use(requireSession(d.auth));
  app.route('/', integrationRoutes(d));
  app.route('/', reviewRoutes(d, formGuard));
  app.route('/', campaignRoutes(d, formGuard));
  app.route('/', inboxRoutes(d, formGuard));

  app.notFound((c) => errorResponse(c, 404, 'Not found'));
  app.onError((err, c) => {
    if (err instanceof WorkflowNotFoundError) return errorResponse(c, 404, `No integration or workflow ${err.workflowId ?? ''}`.trim());
    if (err instanceof TemporalUnavailableError || isUnavailable(err)) {
      const url = new URL(c.req.url);
      const body = errorPage(
        503,
        `Temporal does not answer at ${temporalAddress} (${err.message}). This page tries again every ${RETRY_SECONDS} seconds; nothing was changed.`,
        { href: url.pathname + url.search, label: 'Try again now' },
      );
      return htmlResponse(c, layout('Temporal is unreachable', body, { refreshSeconds: RETRY_SECONDS }), 503, {
        'Retry-After': String(RETRY_SECONDS),
      });
    }
    return errorResponse(c, 500, `Dashboard error: ${err.message}`);
  });
  return app;
}

function dashboardServices(opts: DashboardOptions): Dashboard {
  const auth = new DashboardAuth(opts.auth);
  const source = new IntegrationsSource(opts.client, opts.forge, opts.namespace, opts.temporalTimeoutMs ?? 2000);
  const uiBase = (opts.temporalUiUrl ?? 'http://localhost:8233').replace(/\/+$/, '');
  return {
    client: opts.client,
    auth,
    source,
    campaigns: new CampaignsSource(opts.client, (fn) => source.temporal(fn)),
    pageSize: opts.pageSize ?? DEFAULT_PAGE_SIZE,
    pollMs: opts.pollMs ?? 1000,
    reviewTimeoutMs: opts.reviewTimeoutMs ?? 10_000,
    temporalUi: (id) => `${uiBase}/namespaces/${encodeURIComponent(opts.namespace)}/workflows/${encodeURIComponent(id)}`,
    layoutOpts: (session: Session) => ({
      reviewer: session.reviewer,
      ...(session.via === 'shared-token' || session.via === 'reviewer-token' ? { csrf: auth.csrfToken(session) } : {}),
    }),
  };
}
