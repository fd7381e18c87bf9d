/**
 * Ask first: propose an integration in an issue and integrate only on a maintainer's yes. The body reads like the
 * process: preview what would change (a throwaway clone and the codemod, no fork), open the issue, look at it on a
 * timer (or at once on `checkProposalNow`) until a maintainer answers or ASK_FIRST_TIMEOUT runs out, then
 *   - yes: start the integration (`integration-<id>`, which outlives this workflow) with the issue in its input, so
 *     the upstream PR says "Proposed in #N";
 *   - no (a refusal in a comment, a 👎, the no label, or the issue closed by a maintainer): put the repository, or
 *     its owner, on the never-again list with the words and the link, and close the issue with one comment;
 *   - no answer: close the issue, once, politely.
 * Deterministic: every read and write is an activity; history holds the preview's file list, the issue's number and
 * link and the deciding answer (a 160-character quote), never the issue's text.
 */
import {
  ApplicationFailure,
  condition,
  log,
  ParentClosePolicy,
  proxyActivities,
  setHandler,
  startChild,
  WorkflowIdReusePolicy,
} from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import type { createActivities } from '../activities';
import {
  DEFAULT_ASK_FIRST_POLL,
  DEFAULT_ASK_FIRST_TIMEOUT,
  type AskFirstInput,
  type AskFirstStatus,
  type ProposalAnswer,
} from '../shared/ask-first-types';
import { durationMs } from '../shared/duration';
import { FailureType } from '../shared/failures';
import { RETRY_POLICIES } from '../shared/retry-budgets';
import { workflowIdFor } from '../shared/workflow-ids';
import { askFirstStatusQuery, checkProposalNowSignal } from './ask-first-definitions';
import { repositoryKey } from './definitions';
import { repositoryIntegrationWorkflow } from './repository-integration.workflow';

type Activities = ReturnType<typeof createActivities>;

// The preview clones upstream and runs the codemod; the issue writes are forge calls: the forge steps' budget.
const { previewIntegration, openProposalIssue, closeProposalIssue, addToNeverAgainList } = proxyActivities<Activities>({
  startToCloseTimeout: '10 minutes',
  retry: RETRY_POLICIES.forgeAndGit,
});
// A look that fails (an outage) is retried a while, then the next poll tries again: the same policy as the tracker.
const { readProposalAnswer } = proxyActivities<Activities>({
  startToCloseTimeout: '2 minutes',
  retry: RETRY_POLICIES.checkPullRequest,
});

export async function askFirstWorkflow(input: AskFirstInput): Promise<AskFirstStatus> {
  const i = input?.integration;
  if (!i?.integrationId || !i.repoOwner || !i.repoName || !i.repoUrl) {
    throw ApplicationFailure.nonRetryable(
      'Invalid input: "integration" needs repoUrl, repoOwner, repoName and integrationId',
      FailureType.InvalidInput,
    );
  }
  const timeout = input.timeout ?? DEFAULT_ASK_FIRST_TIMEOUT;
  const timeoutMs = duration(timeout, 'timeout');
  const pollMs = duration(input.pollEvery ?? DEFAULT_ASK_FIRST_POLL, 'pollEvery');
  const repo = { owner: i.repoOwner, name: i.repoName };
  const status: AskFirstStatus = {
    state: 'previewing',
    repo: `${i.repoOwner}/${i.repoName}`.toLowerCase(),
    integrationId: i.integrationId,
    files: [],
    looks: 0,
  };
  let lookNow = false;
  setHandler(askFirstStatusQuery, () => status);
  setHandler(checkProposalNowSignal, () => void (lookNow = true));

  // 1. What would change. Nothing to change, or an integration already there: nobody is asked.
  const preview = await previewIntegration({ integration: i });
  status.files = preview.files;
  if (preview.alreadyIntegrated) return end(status, 'duplicate', 'an integration of this repository already exists: not asked');
  if (!preview.files.length) return end(status, 'nothing_to_change', 'the codemod found no LLM client to change: not asked');

  // 2. The proposal.
  const issue = await openProposalIssue({
    repo,
    integrationId: i.integrationId,
    preview,
    ...(i.routing ? { routing: i.routing } : {}),
    timeout,
  });
  status.issue = issue;
  status.state = 'asked';
  status.askedAt = new Date().toISOString();
  const deadline = Date.now() + timeoutMs;
  status.deadline = new Date(deadline).toISOString();

  // 3. Wait for an answer: a look, then sleep until the next poll, a "look now" signal or the deadline.
  let answer: ProposalAnswer | undefined;
  for (;;) {
    // Cleared before the look, so a "look now" that arrives while it runs makes another one at once.
    lookNow = false;
    try {
      const look = await readProposalAnswer({ repo, issue });
      status.looks++;
      status.lastLookAt = new Date().toISOString();
      delete status.lastError;
      answer = look.answer;
    } catch (err) {
      // The forge was down for the whole retry budget: keep waiting, the next look tries again.
      status.lastError = err instanceof Error ? err.message : String(err);
      log.warn('Could not read the proposal', { error: status.lastError });
    }
    if (answer || Date.now() >= deadline) break;
    await condition(() => lookNow, Math.max(1, Math.min(pollMs, deadline - Date.now())));
  }

  // 4. The outcome.
  if (!answer) {
    await closeProposalIssue({ repo, issue, comment: noAnswerText(timeout) });
    status.closedAt = new Date().toISOString();
    return end(status, 'no_answer', `no answer within ${timeout}: the proposal was closed`);
  }
  status.answer = answer;
  if (answer.verdict === 'no') {
    const scope = answer.scope ?? 'repository';
    await addToNeverAgainList({
      scope,
      owner: repo.owner.toLowerCase(),
      ...(scope === 'repository' ? { name: repo.name.toLowerCase() } : {}),
      reason: refusalReason(answer),
      at: answer.at,
      url: answer.url,
      source: answer.how === 'closed' ? 'closed' : 'refusal',
      integrationId: i.integrationId,
    });
    if (answer.how !== 'closed') {
      await closeProposalIssue({ repo, issue, comment: REFUSAL_TEXT });
      status.closedAt = new Date().toISOString();
    }
    return end(status, 'declined', `${refusalReason(answer)}: on the never-again list`);
  }
  try {
    await startChild(repositoryIntegrationWorkflow, {
      workflowId: workflowIdFor(i.integrationId),
      args: [{ ...i, proposal: { ...issue, ...(answer.how !== 'label' ? { acceptedBy: answer.by } : {}) } }],
      // The integration waits days for its review; it must outlive this workflow, and never run twice for one id.
      parentClosePolicy: ParentClosePolicy.ABANDON,
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      typedSearchAttributes: [{ key: repositoryKey, value: status.repo }],
    });
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    return end(status, 'duplicate', 'accepted, but an integration of this repository already exists: not started again');
  }
  return end(
    status,
    'accepted',
    `${answer.how === 'label' ? 'labelled yes' : `@${answer.by} said yes`}: ${workflowIdFor(i.integrationId)} started`,
  );
}

function end(status: AskFirstStatus, state: AskFirstStatus['state'], note: string): AskFirstStatus {
  status.state = state;
  status.note = note;
  return status;
}

function refusalReason(a: ProposalAnswer): string {
  if (a.how === 'closed') return `@${a.by} closed the proposal issue`;
  if (a.how === 'label') return `a maintainer labelled the proposal "${a.quote ?? 'no'}"`;
  if (a.how === 'reaction') return `@${a.by} reacted ${a.quote ?? '-1'} to the proposal`;
  return `@${a.by} wrote on the proposal: "${a.quote ?? ''}"`;
}

// The closing comments live here: workflow code cannot import the activities' modules (the issue body is in proposal-text.ts).
function noAnswerText(timeout: string): string {
  return `Closing this proposal, since it has had no answer for ${timeout}: no need to keep it in your queue. Thank you for your time! Nothing was changed, and no pull request will follow.`;
}
const REFUSAL_TEXT =
  'Understood, thank you for answering. Closing this proposal: no pull request will follow, and this bot will not contact this repository again.';

function duration(value: string, field: string): number {
  const ms = durationMs(value);
  if (ms === undefined || !(ms > 0)) {
    throw ApplicationFailure.nonRetryable(
      `Invalid input: "${field}" must be a duration such as "14 days" or "36h", got ${JSON.stringify(value)}`,
      FailureType.InvalidInput,
    );
  }
  return ms;
}
