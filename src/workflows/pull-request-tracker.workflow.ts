/**
 * Follows the final pull request upstream after the integration completes: checks it every poll interval (a timer,
 * so idle tracking costs nothing), records merged / closed / changes requested in the `UpstreamPrState` search
 * attribute next to `Repository` (a closed PR is how discovery knows never to come back), and ends when the PR is
 * merged or closed, or after the maximum tracking time. Continues as new when its history grows long.
 */
import {
  ApplicationFailure,
  condition,
  continueAsNew,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import { durationMs } from '../shared/duration';
import { FailureType } from '../shared/failures';
import type { createActivities } from '../activities';
import { RETRY_POLICIES } from '../shared/retry-budgets';
import { repositoryKey, upstreamPrStateKey } from './definitions';
import {
  checkPullRequestNowSignal,
  getPullRequestTrackingQuery,
  type PullRequestTracking,
  type TrackerInput,
} from './pull-request-tracker-definitions';

type Activities = ReturnType<typeof createActivities>;

const { checkPullRequest } = proxyActivities<Activities>({
  startToCloseTimeout: '2 minutes',
  // A forge outage just delays the next look; the tracker keeps going.
  retry: RETRY_POLICIES.checkPullRequest,
});

export async function pullRequestTrackerWorkflow(input: TrackerInput): Promise<PullRequestTracking> {
  const startedAt = input.carried?.startedAt ?? Date.now();
  const t: PullRequestTracking = input.carried ?? {
    url: input.url,
    repo: `${input.repo.owner}/${input.repo.name}`.toLowerCase(),
    number: input.number,
    state: 'open',
    changesRequestedBy: [],
    checks: 0,
  };
  let checkNow = false;
  setHandler(getPullRequestTrackingQuery, () => t);
  setHandler(checkPullRequestNowSignal, () => void (checkNow = true));
  upsertSearchAttributes([
    { key: repositoryKey, value: t.repo },
    { key: upstreamPrStateKey, value: t.state },
  ]);
  const pollMs = inputDuration(input.pollInterval ?? '6 hours', 'pollInterval');
  const maxMs = inputDuration(input.maxTracking ?? '90 days', 'maxTracking');

  for (;;) {
    try {
      const { value } = await checkPullRequest({ repo: input.repo, number: input.number });
      t.checks++;
      t.lastCheckedAt = new Date().toISOString();
      t.changesRequestedBy = value.changesRequestedBy;
      if (value.mergedAt) t.mergedAt = value.mergedAt;
      if (value.closedAt) t.closedAt = value.closedAt;
      if (value.state !== t.state) {
        t.state = value.state;
        upsertSearchAttributes([{ key: upstreamPrStateKey, value: t.state }]);
      }
    } catch {
      // Retries exhausted (the forge is down for hours, or the PR is gone): try again at the next poll.
    }
    if (t.state === 'merged' || t.state === 'closed') {
      t.ended = `the pull request was ${t.state}`;
      return t;
    }
    const left = startedAt + maxMs - Date.now();
    if (left <= 0) {
      t.ended = `stopped tracking after ${input.maxTracking ?? '90 days'} without a merge or close`;
      return t;
    }
    checkNow = false;
    await condition(() => checkNow, Math.min(pollMs, left));
    if (workflowInfo().continueAsNewSuggested)
      await continueAsNew<typeof pullRequestTrackerWorkflow>({ ...input, carried: { ...t, startedAt } });
  }
}

/** A duration of the tracker's input in milliseconds; a bad one ends the tracker with a message naming the field
 * (a plain error would fail the workflow task and retry it forever). */
function inputDuration(value: string, field: string): number {
  const ms = durationMs(value);
  if (ms === undefined || !(ms > 0)) {
    throw ApplicationFailure.nonRetryable(
      `Invalid input: "${field}" must be a duration such as "6 hours" or "30m", got ${JSON.stringify(value)}`,
      FailureType.InvalidInput,
    );
  }
  return ms;
}
