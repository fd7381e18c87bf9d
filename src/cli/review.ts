/**
 * `npm run review <workflow-id> approve|reject ["feedback"]`: sends the `reviewChanges` signal, after checking the
 * integration is waiting for a review, so a mistyped id or a late review gets a clear answer.
 */
import os from 'node:os';
import { WorkflowNotFoundError } from '@temporalio/client';
import { connectClient } from '../adapters/temporal/connect';
import { getStatusQuery, reviewCompleteSignal } from '../workflows/definitions';
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
  const handle = client.workflow.getHandle(workflowId);
  let status;
  try {
    status = await handle.query(getStatusQuery);
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) {
      console.error(`No integration with workflow id ${workflowId}. List them with: npm run status`);
      return 1;
    }
    throw err;
  }
  if (status.state !== 'awaiting_review') {
    console.error(`${workflowId} is "${status.state}", not awaiting_review: nothing to review now (${status.message}).`);
    return 1;
  }
  const reviewer = `${os.userInfo().username}@cli`;
  const decision: ReviewDecision =
    action === 'approve' ? { approved: true, reviewer } : { approved: false, reviewer, ...(feedback ? { feedback } : {}) };
  await handle.signal(reviewCompleteSignal, decision);
  const what = decision.approved ? 'Approved' : feedback ? 'Rejected with feedback' : 'Rejected (no feedback: the integration ends)';
  console.log(`${what}: v${status.attempt} of ${status.repo} (${workflowId}).`);
});
