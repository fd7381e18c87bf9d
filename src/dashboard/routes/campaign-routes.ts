/** Campaigns (with Pause / Resume / Cancel) and discoveries: lists and one workflow's page each. */
import { WorkflowNotFoundError } from '@temporalio/client';
import { Hono, type MiddlewareHandler } from 'hono';
import { cancelCampaignSignal, pauseCampaignSignal, resumeCampaignSignal } from '../../workflows/campaign-definitions';
import type { Dashboard, DashboardEnv } from '../context';
import { campaignPage, campaignsListPage } from '../pages/campaign-pages';
import { discoveriesListPage, discoveryPage } from '../pages/discovery-pages';
import { errorResponse, form, page, seeOther } from '../respond';

/** Undefined for a workflow that does not exist (a 404 page that links back to its list, not the generic one). */
const orMissing = (err: unknown): Promise<undefined> =>
  err instanceof WorkflowNotFoundError ? Promise.resolve(undefined) : Promise.reject(err);

const SIGNALS = { pause: pauseCampaignSignal, resume: resumeCampaignSignal, cancel: cancelCampaignSignal };

/** `formGuard`: the origin check, then the CSRF token check (both after the session), for the control form. */
export function campaignRoutes(d: Dashboard, formGuard: MiddlewareHandler<DashboardEnv>): Hono<DashboardEnv> {
  const { auth, campaigns } = d;
  const app = new Hono<DashboardEnv>();

  app.get('/campaigns', async (c) =>
    page(c, 'Campaigns', campaignsListPage(await campaigns.listOf('campaignWorkflow')), d.layoutOpts(c.get('session'))),
  );
  app.get('/discoveries', async (c) =>
    page(c, 'Discoveries', discoveriesListPage(await campaigns.listOf('discoveryWorkflow')), d.layoutOpts(c.get('session'))),
  );

  app.get('/campaigns/:id', async (c) => {
    const workflowId = c.req.param('id');
    const session = c.get('session');
    const view = await campaigns.campaign(workflowId).catch(orMissing);
    if (!view) return errorResponse(c, 404, `No campaign ${workflowId}`, { href: '/campaigns', label: 'Back to the campaigns' });
    return page(c, workflowId, campaignPage(workflowId, view, auth.csrfToken(session), d.temporalUi(workflowId)), d.layoutOpts(session));
  });

  /** Pause, resume or cancel a campaign: the same signals as `npm run campaign`, behind the same checks as reviews. */
  app.post('/campaigns/:id/control', formGuard, async (c) => {
    const workflowId = c.req.param('id');
    const action = (await form(c)).get('action') ?? '';
    const signal = Object.hasOwn(SIGNALS, action) ? SIGNALS[action as keyof typeof SIGNALS] : undefined;
    if (!signal) return errorResponse(c, 400, 'action must be pause, resume or cancel');
    await d.source.temporal(() => d.client.workflow.getHandle(workflowId).signal(signal));
    return seeOther(c, `/campaigns/${encodeURIComponent(workflowId)}`);
  });

  app.get('/discoveries/:id', async (c) => {
    const workflowId = c.req.param('id');
    const result = await campaigns.discovery(workflowId).catch(orMissing);
    if (!result) return errorResponse(c, 404, `No discovery ${workflowId}`, { href: '/discoveries', label: 'Back to the discoveries' });
    return page(c, workflowId, discoveryPage(workflowId, result), d.layoutOpts(c.get('session')));
  });

  return app;
}
