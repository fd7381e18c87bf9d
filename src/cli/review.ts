/**
 * `npm run review <workflow-id> approve|reject ["feedback"]`: sends the `submitReview` update, so a mistyped id, a
 * late or second review, or feedback the integrator cannot act on (the codemod) gets the workflow's reason and exit
 * code 1, and nothing is recorded. Integrations started before the update existed get the `reviewChanges` signal.
 */
import os from 'node:os';
import { connectClient } from '../adapters/temporal/connect';
import { submitReview } from '../adapters/temporal/submit-review';
import { MAX_FEEDBACK_CHARS } from '../shared/review-payload';
import type { ReviewDecision } from '../shared/types';
import { configOrExit, runMain } from './env';

const USAGE = 'Usage: npm run review <workflow-id> approve | npm run review <workflow-id> reject ["feedback"]';

runMain(async () => {
  const [id, action, ...rest] = process.argv.slice(2);
  if (!id || (action !== 'approve' && action !== 'reject')) {
    console.error(USAGE);
    return 2;
  }
  const feedback = rest.join(' ').trim();
  if (feedback.length > MAX_FEEDBACK_CHARS) {
    console.error(`Feedback is ${feedback.length} characters; the limit is ${MAX_FEEDBACK_CHARS}.`);
    return 2;
  }
  const config = configOrExit();
  const client = await connectClient(config);
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
  const next = { creating_pr: 'opening the pull request upstream', integrating: `writing v${outcome.attempt + 1}`, rejected: 'the integration ends rejected' }[outcome.next];
  console.log(`${what}: v${outcome.attempt} (${workflowId}); next: ${next}.`);
});
