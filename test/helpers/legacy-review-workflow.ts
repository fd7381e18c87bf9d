/**
 * Stands in for an integration started before the `submitReview` update existed: the same `getStatus` query and
 * `reviewChanges` signal as then, and no update handler, so an update to it is rejected for want of a handler the way
 * @temporalio/workflow rejects it for those integrations. Waits in awaiting_review for one decision, then completes.
 * Bundled on its own by the tests that need it (it is not part of the service's workflows).
 */
import { condition, setHandler } from '@temporalio/workflow';
import { parseReviewPayload } from '../../src/shared/review-payload';
import type { IntegrationStatus, ReviewDecision } from '../../src/shared/types';
import { getStatusQuery, reviewCompleteSignal } from '../../src/workflows/definitions';

export async function legacyReviewWorkflow(opts: { integratorUnderstandsFeedback?: boolean } = {}): Promise<ReviewDecision> {
  const status: IntegrationStatus = {
    integrationId: 'legacy',
    repo: 'local/legacy-app',
    state: 'awaiting_review',
    message: 'Review PR v1 is ready',
    attempt: 1,
    maxAttempts: 3,
    forgeRequests: 0,
    attempts: [{ attempt: 1, integrator: 'codemod', summary: 'v1', filesChanged: [] }],
    ignoredSignals: [],
    ...(opts.integratorUnderstandsFeedback !== undefined ? { integratorUnderstandsFeedback: opts.integratorUnderstandsFeedback } : {}),
    timeline: [],
  };
  let decision: ReviewDecision | undefined;
  setHandler(getStatusQuery, () => status);
  setHandler(reviewCompleteSignal, (raw: unknown) => {
    const parsed = parseReviewPayload(raw);
    if (!parsed.ok || status.state !== 'awaiting_review' || decision) {
      status.ignoredSignals.push({
        at: new Date().toISOString(),
        reason: parsed.ok ? 'not awaiting review' : parsed.reason,
        payloadPreview: '',
      });
      return;
    }
    decision = parsed.decision;
  });
  await condition(() => decision !== undefined);
  status.attempts[0]!.decision = { ...decision!, at: new Date().toISOString() };
  status.state = decision!.approved ? 'completed' : 'rejected';
  status.message = decision!.approved ? 'Pull request opened' : 'v1 rejected';
  return decision!;
}
