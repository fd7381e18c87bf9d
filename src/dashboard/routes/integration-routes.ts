/** The integration list and an integration's page, each with its live event stream. */
import { WorkflowNotFoundError } from '@temporalio/client';
import { Hono, type Context } from 'hono';
import type { Dashboard, DashboardEnv } from '../context';
import { unquoteDiffHeaders } from '../diff-names';
import type { ListFilter } from '../integrations-source';
import { detailSnapshot, listSnapshot, liveStream } from '../live';
import { detailPage } from '../pages/detail-page';
import { layout } from '../pages/layout';
import { listPage } from '../pages/list-page';
import { errorResponse, htmlResponse } from '../respond';

export function integrationRoutes(d: Dashboard): Hono<DashboardEnv> {
  const { auth, source, campaigns, pageSize } = d;
  const app = new Hono<DashboardEnv>();
  const listFilter = (c: Context<DashboardEnv>): ListFilter => ({
    state: c.req.query('state') || undefined,
    search: c.req.query('q') || undefined,
  });
  /** `?fragment=1`: the page's main content only, for a live view to swap in. */
  const fragment = (c: Context<DashboardEnv>): boolean => c.req.query('fragment') === '1';

  app.get('/', async (c) => {
    const session = c.get('session');
    const filter = listFilter(c);
    const pageToken = c.req.query('page') || undefined;
    const { rows, next } = await source.page(filter, { pageSize, page: pageToken });
    const body = listPage(rows, filter, d.temporalUi, listSnapshot(rows), {
      csrf: auth.csrfToken(session),
      next,
      page: pageToken,
      pageSize,
    });
    return htmlResponse(c, fragment(c) ? body.value : layout('Integrations', body, d.layoutOpts(session)));
  });

  app.get('/events', (c) => {
    const filter = listFilter(c);
    const pageToken = c.req.query('page') || undefined;
    return liveStream(c, d.pollMs, async () =>
      listSnapshot((await source.page(filter, { pageSize, page: pageToken, details: false })).rows),
    );
  });

  app.get('/integrations/:id', async (c) => {
    const workflowId = c.req.param('id');
    const session = c.get('session');
    let status;
    try {
      status = await source.status(workflowId);
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return errorResponse(c, 404, `No integration ${workflowId}`);
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
      temporalUi: d.temporalUi(workflowId),
      snapshot: detailSnapshot(status),
      upstream,
      reviewPrBody,
      ...(interdiff ? { interdiff: { ...interdiff, diff: unquoteDiffHeaders(interdiff.diff) } } : {}),
    });
    return htmlResponse(c, fragment(c) ? body.value : layout(status.repo, body, { ...d.layoutOpts(session), diff: true }));
  });

  app.get('/integrations/:id/events', (c) => {
    const workflowId = c.req.param('id');
    return liveStream(c, d.pollMs, async () => detailSnapshot(await source.status(workflowId)));
  });

  return app;
}
