/**
 * Sends an inbox action (a reply, a close) to an upstream PR's tracker as its update, and says plainly what came of
 * it: posted, refused (the validator's reason: empty, too long, PR not open), the forge did not take it, or no worker
 * answered in time (a worker may still run it; the activity never posts the same action twice).
 */
import {
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
  type Client,
} from '@temporalio/client';
import {
  closePullRequestUpdate,
  replyToPullRequestUpdate,
  trackerWorkflowId,
  type InboxAction,
} from '../../workflows/pull-request-tracker-definitions';

export type InboxActionOutcome = { ok: true; posted: boolean } | { ok: false; status: 400 | 404 | 409 | 502 | 504; reason: string };

export async function sendInboxAction(
  client: Client,
  integrationId: string,
  kind: 'reply' | 'close',
  action: InboxAction,
  opts: { timeoutMs: number },
): Promise<InboxActionOutcome> {
  const handle = client.workflow.getHandle(trackerWorkflowId(integrationId));
  const update = kind === 'reply' ? replyToPullRequestUpdate : closePullRequestUpdate;
  try {
    return await client.withDeadline(Date.now() + opts.timeoutMs, async () => {
      try {
        const r = await handle.executeUpdate(update, { args: [action] });
        return { ok: true as const, posted: r.posted };
      } catch (err) {
        if (err instanceof WorkflowNotFoundError)
          return {
            ok: false as const,
            status: 409 as const,
            reason: `The tracker of ${integrationId} is not running (the pull request is merged, closed or no longer tracked): nothing was posted.`,
          };
        if (err instanceof WorkflowUpdateFailedError) {
          const cause = err.cause as { message?: string; type?: string } | undefined;
          const reason = cause?.message ?? err.message;
          if (cause?.type === 'ForgeRefused') return { ok: false as const, status: 502 as const, reason };
          return { ok: false as const, status: /empty|characters long/.test(reason) ? (400 as const) : (409 as const), reason };
        }
        throw err;
      }
    });
  } catch (err) {
    if (err instanceof WorkflowUpdateRPCTimeoutOrCancelledError || (err as { code?: unknown }).code === 4) {
      return {
        ok: false,
        status: 504,
        reason: `No worker answered within ${Math.round(opts.timeoutMs / 1000)} s (is a worker running?). A worker may still post it when it polls again; sending it again would post a second comment, so look at the pull request first.`,
      };
    }
    throw err;
  }
}
