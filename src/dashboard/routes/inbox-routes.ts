/**
 * The inbox (GET /inbox, `?campaign=<id>`), and its two actions on an upstream PR, each the tracker's update (the
 * dashboard never calls the forge itself): reply as the bot, and close with a polite comment (confirmed first, by
 * app.js's confirm() or the no-script confirmation page).
 */
import { WorkflowNotFoundError } from '@temporalio/client';
import { Hono, type MiddlewareHandler } from 'hono';
import { sendInboxAction } from '../../adapters/temporal/inbox-action';
import { inboxActionRefusal } from '../../workflows/pull-request-tracker-definitions';
import type { Dashboard, DashboardEnv } from '../context';
import { inboxRows, unanswered } from '../inbox';
import { InboxSource } from '../inbox-source';
import { confirmPage } from '../pages/login-page';
import { inboxPage } from '../pages/inbox-page';
import { errorResponse, form, page, seeOther } from '../respond';

export function inboxRoutes(d: Dashboard, formGuard: MiddlewareHandler<DashboardEnv>): Hono<DashboardEnv> {
  const app = new Hono<DashboardEnv>();
  const inbox = new InboxSource(d.client, (fn) => d.source.temporal(fn));

  app.get('/inbox', async (c) => {
    const session = c.get('session');
    const campaign = c.req.query('campaign') || undefined;
    let integrationIds: Set<string> | undefined;
    if (campaign) {
      try {
        integrationIds = await inbox.campaignMembers(campaign);
      } catch (err) {
        if (err instanceof WorkflowNotFoundError)
          return errorResponse(c, 404, `No campaign ${campaign}`, { href: '/inbox', label: 'Back to the inbox' });
        throw err;
      }
    }
    const [read, campaigns] = await Promise.all([inbox.read(), d.campaigns.listOf('campaignWorkflow').catch(() => [])]);
    const filter = integrationIds ? { integrationIds } : {};
    const body = inboxPage({
      rows: inboxRows(read.trackers, filter),
      unanswered: unanswered(read.trackers, filter).length,
      campaigns,
      ...(campaign ? { campaign } : {}),
      silent: read.silent,
      truncated: read.truncated,
      csrf: d.auth.csrfToken(session),
    });
    return page(c, 'Inbox', body, d.layoutOpts(session));
  });

  for (const kind of ['reply', 'close'] as const) {
    app.post(
      `/inbox/:id/${kind}`,
      async (c, next) => {
        c.set('back', { href: '/inbox', label: 'Back to the inbox' });
        return next();
      },
      formGuard,
      async (c) => {
        const integrationId = c.req.param('id');
        const session = c.get('session');
        const fields = await form(c);
        const body = (fields.get('body') ?? '').trim();
        // The same check as the update's validator, so a bad reply is refused before Temporal is asked.
        const refusal = inboxActionRefusal({ body }, { state: 'open' });
        if (refusal) return errorResponse(c, 400, refusal, undefined, kind === 'reply' ? 'Reply refused' : 'Close refused');
        if (kind === 'close' && fields.get('confirmed') !== '1') {
          const message = `Close the pull request of ${integrationId} with this comment? The tracker then stops.\n\n${body}`;
          return page(
            c,
            'Confirm',
            confirmPage(`/inbox/${encodeURIComponent(integrationId)}/close`, [...fields.entries()], message, '/inbox'),
            d.layoutOpts(session),
          );
        }
        const outcome = await sendInboxAction(
          d.client,
          integrationId,
          kind,
          { body, by: session.reviewer },
          { timeoutMs: d.reviewTimeoutMs },
        );
        if (!outcome.ok)
          return errorResponse(c, outcome.status, outcome.reason, undefined, kind === 'reply' ? 'Reply not posted' : 'Not closed');
        return seeOther(c, '/inbox');
      },
    );
  }

  return app;
}
