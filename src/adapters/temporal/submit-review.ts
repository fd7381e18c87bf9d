/**
 * Sends a review decision the way the CLI, the dashboard and the demo do: the `submitReview` update, so the caller
 * learns at once whether the workflow took it and, if not, why (the validator's message and failure type).
 * Integrations started before the update existed have no handler: for them the decision goes as the `reviewChanges`
 * signal after checking the state, as before, and the answer carries a note saying so.
 */
import {
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
  type Client,
  type WorkflowHandle,
} from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { FailureType } from '../../shared/failures';
import {
  MAX_ATTEMPTS,
  REVIEW_REFUSALS,
  type IntegrationStatus,
  type ReviewDecision,
  type ReviewRefusal,
  type SubmitReviewResult,
} from '../../shared/types';
import { getStatusQuery, reviewCompleteSignal, submitReviewUpdate } from '../../workflows/definitions';

export type SubmitReviewOutcome = (SubmitReviewResult & { note?: string }) | { accepted: false; refusal: ReviewRefusal; reason: string };

/** How long a caller waits for a worker to run the validator (a workflow task) before saying no worker answered. */
export const DEFAULT_REVIEW_TIMEOUT_MS = 30_000;

/** What @temporalio/workflow answers an update the workflow has no handler for (internals.ts, rejectBufferedUpdates). */
const NO_HANDLER = /^No registered handler for update: /;

export async function submitReview(
  client: Client,
  workflowId: string,
  decision: ReviewDecision,
  opts: { timeoutMs?: number } = {},
): Promise<SubmitReviewOutcome> {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_REVIEW_TIMEOUT_MS;
  const handle = client.workflow.getHandle(workflowId);
  try {
    // The update's RPC waits until a worker has run the validator (and the handler); without a deadline a caller
    // would hang for as long as no worker polls the task queue.
    return await client.withDeadline(Date.now() + timeoutMs, async () => {
      try {
        return await handle.executeUpdate(submitReviewUpdate, { args: [decision] });
      } catch (err) {
        // Also what the server answers for an update to a closed workflow: tell the two apart with the query.
        if (err instanceof WorkflowNotFoundError) return notRunning(handle, workflowId);
        if (err instanceof WorkflowUpdateFailedError) {
          const cause = err.cause;
          const reason = cause?.message ?? err.message;
          if (NO_HANDLER.test(reason)) return signalAfterQuery(handle, workflowId, decision);
          const type = cause instanceof ApplicationFailure ? cause.type : undefined;
          return refused(REVIEW_REFUSALS.includes(type as ReviewRefusal) ? (type as ReviewRefusal) : FailureType.InvalidReview, reason);
        }
        throw err;
      }
    });
  } catch (err) {
    if (err instanceof WorkflowUpdateRPCTimeoutOrCancelledError || isDeadline(err)) {
      return refused(
        'NoAnswer',
        `No worker answered within ${Math.round(timeoutMs / 1000)} s (is a worker running?), so the decision was not confirmed. ` +
          'A worker may still take it when it polls again; sending it again is safe (a second decision is refused).',
      );
    }
    throw err;
  }
}

function refused(refusal: ReviewRefusal, reason: string): SubmitReviewOutcome {
  return { accepted: false, refusal, reason };
}

function isDeadline(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if ((e as { code?: unknown }).code === 4 /* DEADLINE_EXCEEDED */) return true;
  }
  return false;
}

function notAwaiting(workflowId: string, status: IntegrationStatus): string {
  return `${workflowId} is "${status.state}", not awaiting_review: nothing to review now (${status.message}).`;
}

async function notRunning(handle: WorkflowHandle, workflowId: string): Promise<SubmitReviewOutcome> {
  try {
    return refused(FailureType.NotAwaitingReview, notAwaiting(workflowId, await handle.query(getStatusQuery)));
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return refused('NoSuchIntegration', `No integration with workflow id ${workflowId}.`);
    throw err;
  }
}

/**
 * The old way, for integrations without the update: the same checks as the validator, made before the signal. A
 * decision that arrives after the state changed meanwhile is still ignored by them (recorded in ignoredSignals).
 */
async function signalAfterQuery(handle: WorkflowHandle, workflowId: string, decision: ReviewDecision): Promise<SubmitReviewOutcome> {
  const status = await handle.query(getStatusQuery);
  if (status.state !== 'awaiting_review') return refused(FailureType.NotAwaitingReview, notAwaiting(workflowId, status));
  if (!decision.approved && decision.feedback && status.integratorUnderstandsFeedback === false) {
    return refused(
      FailureType.FeedbackNotActionable,
      `The integrator of ${workflowId} cannot act on free-text feedback: v${status.attempt + 1} would be identical to v${status.attempt}. ` +
        `Approve v${status.attempt}, or reject it without feedback (this ends the integration).`,
    );
  }
  await handle.signal(reviewCompleteSignal, decision);
  const next = decision.approved ? 'creating_pr' : decision.feedback && status.attempt < MAX_ATTEMPTS ? 'integrating' : 'rejected';
  return {
    accepted: true,
    attempt: status.attempt,
    next,
    note:
      `${workflowId} started before the submitReview update existed: the decision went as the reviewChanges signal, ` +
      'which it ignores if its state changed meanwhile (see ignoredSignals in `npm run status`).',
  };
}
