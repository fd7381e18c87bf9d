/**
 * Approve or reject: one integration from its page, or several from the list's checkboxes. Each decision is the
 * same `submitReview` update as the CLI, so a refused one shows the workflow's reason. Approve opens a PR upstream,
 * reject without feedback ends the integration: both are confirmed first (by a script confirm() that adds
 * confirmed=1, or, without scripts, by a confirmation page).
 */
import { Hono, type MiddlewareHandler } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { submitReview } from '../../adapters/temporal/submit-review';
import { MAX_FEEDBACK_CHARS } from '../../shared/review-payload';
import type { ReviewRefusal } from '../../shared/types';
import type { Dashboard, DashboardEnv } from '../context';
import { confirmPage } from '../pages/login-page';
import { errorResponse, form, page, seeOther } from '../respond';

/** The error page of each refused review: its HTTP status and heading. */
const REFUSAL_PAGE: Record<ReviewRefusal, { status: ContentfulStatusCode; title: string }> = {
  InvalidReview: { status: 400, title: 'Decision refused' },
  NoSuchIntegration: { status: 404, title: 'Not found' },
  NotAwaitingReview: { status: 409, title: 'Already decided' },
  AlreadyDecided: { status: 409, title: 'Already decided' },
  FeedbackNotActionable: { status: 409, title: 'Feedback refused' },
  NoAnswer: { status: 504, title: 'Not confirmed' },
};

/** At most this many integrations per bulk decision. */
const BULK_LIMIT = 200;

/** `formGuard`: the origin check, then the CSRF token check (both after the session). */
export function reviewRoutes(d: Dashboard, formGuard: MiddlewareHandler<DashboardEnv>): Hono<DashboardEnv> {
  const app = new Hono<DashboardEnv>();

  app.post(
    '/integrations/:id/review',
    async (c, next) => {
      const workflowId = c.req.param('id');
      c.set('back', { href: `/integrations/${encodeURIComponent(workflowId)}`, label: 'Back to the integration' });
      // Unknown integration: 404 (WorkflowNotFoundError, app.onError), before anything else is looked at.
      await d.source.exists(workflowId);
      return next();
    },
    formGuard,
    async (c) => {
      const workflowId = c.req.param('id');
      const session = c.get('session');
      const here = `/integrations/${encodeURIComponent(workflowId)}`;
      const fields = await form(c);
      const decision = fields.get('decision');
      const feedback = (fields.get('feedback') ?? '').trim();
      const drastic = decision === 'approve' || (decision === 'reject' && !feedback);
      if (drastic && fields.get('confirmed') !== '1') {
        const message =
          decision === 'approve'
            ? `Approve ${workflowId}? This opens a pull request upstream.`
            : `Reject ${workflowId} without feedback? This ends the integration.`;
        return page(c, 'Confirm', confirmPage(`${here}/review`, [...fields.entries()], message, here), d.layoutOpts(session));
      }
      if (decision !== 'approve' && decision !== 'reject') return errorResponse(c, 400, 'decision must be approve or reject');
      if (feedback.length > MAX_FEEDBACK_CHARS) return errorResponse(c, 400, `Feedback is limited to ${MAX_FEEDBACK_CHARS} characters`);
      // The `submitReview` update: the workflow's validator says at once whether the decision was taken, and why not.
      const outcome = await submitReview(
        d.client,
        workflowId,
        { approved: decision === 'approve', ...(decision === 'reject' && feedback ? { feedback } : {}), reviewer: session.reviewer },
        { timeoutMs: d.reviewTimeoutMs },
      );
      if (!outcome.accepted) {
        const { status, title } = REFUSAL_PAGE[outcome.refusal];
        return errorResponse(c, status, outcome.reason, undefined, title);
      }
      return seeOther(c, here);
    },
  );

  app.post('/bulk-review', formGuard, async (c) => {
    const session = c.get('session');
    const fields = await form(c);
    const decision = fields.get('decision');
    if (decision !== 'approve' && decision !== 'reject') return errorResponse(c, 400, 'decision must be approve or reject');
    const ids = [...new Set(fields.getAll('id'))].slice(0, BULK_LIMIT);
    const back = /^\/(\?[^\s]*)?$/.test(fields.get('back') ?? '') ? fields.get('back')! : '/';
    c.set('back', { href: back, label: 'Back to the list' });
    if (!ids.length) return errorResponse(c, 400, 'Select at least one integration awaiting review');
    if (fields.get('confirmed') !== '1') {
      const message =
        decision === 'approve'
          ? `Approve ${ids.length} integration(s)? Each opens a pull request upstream.`
          : `Reject ${ids.length} integration(s) without feedback? This ends them.`;
      return page(c, 'Confirm', confirmPage('/bulk-review', [...fields.entries()], message, back), d.layoutOpts(session));
    }
    const outcomes = await Promise.all(
      ids.map(async (id) => ({
        id,
        outcome: await submitReview(
          d.client,
          id,
          { approved: decision === 'approve', reviewer: session.reviewer },
          { timeoutMs: d.reviewTimeoutMs },
        ),
      })),
    );
    const refused = outcomes.filter((o) => !o.outcome.accepted);
    if (refused.length) {
      const reasons = refused.map((o) => `${o.id}: ${o.outcome.accepted ? '' : o.outcome.reason}`).join('\n');
      const done = `${ids.length - refused.length} ${decision === 'approve' ? 'approved' : 'rejected'}`;
      return errorResponse(c, 409, `${done}; ${refused.length} refused (left alone):\n${reasons}`, undefined, 'Some decisions refused');
    }
    return seeOther(c, back);
  });

  return app;
}
