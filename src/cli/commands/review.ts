/**
 * `review <workflow-id> approve|reject ["feedback"]`: sends the `submitReview` update, so a mistyped id, a late or
 * second review, or feedback the integrator cannot act on (the codemod) gets the workflow's reason and exit code 1,
 * and nothing is recorded. Integrations started before the update existed get the `reviewChanges` signal.
 */
import os from 'node:os';
import { submitReview } from '../../adapters/temporal/submit-review';
import { MAX_FEEDBACK_CHARS } from '../../shared/review-payload';
import type { ReviewDecision } from '../../shared/types';
import { configOrExit } from '../env';
import { clientFor } from '../temporal-client';
import { UsageError } from '../usage-error';

export async function run(id: string, action: 'approve' | 'reject', words: string[]): Promise<number | void> {
  const feedback = words.join(' ').trim();
  if (feedback.length > MAX_FEEDBACK_CHARS)
    throw new UsageError(`Feedback is ${feedback.length} characters; the limit is ${MAX_FEEDBACK_CHARS}.`);
  if (feedback && action === 'approve') throw new UsageError('Feedback goes with reject; approve takes none.');
  const config = configOrExit();
  const client = await clientFor(config, 'review');
  const workflowId = id.startsWith('integration-') ? id : `integration-${id}`;
  const reviewer = `${os.userInfo().username}@cli`;
  const decision: ReviewDecision =
    action === 'approve' ? { approved: true, reviewer } : { approved: false, reviewer, ...(feedback ? { feedback } : {}) };
  // The workflow's validator answers: a late decision, a second one, or feedback the integrator cannot act on is
  // refused with the reason, and nothing is recorded.
  const outcome = await submitReview(client, workflowId, decision);
  if (!outcome.accepted) {
    console.error(`Refused: ${outcome.reason}`);
    if (outcome.refusal === 'NoSuchIntegration') console.error('List them with: npm run status');
    return 1;
  }
  if (outcome.note) console.error(`Note: ${outcome.note}`);
  const what = decision.approved ? 'Approved' : feedback ? 'Rejected with feedback' : 'Rejected without feedback';
  const next = {
    creating_pr: 'opening the pull request upstream',
    integrating: `writing v${outcome.attempt + 1}`,
    rejected: 'the integration ends rejected',
  }[outcome.next];
  console.log(`${what}: v${outcome.attempt} (${workflowId}); next: ${next}.`);
}
