/**
 * Discovery: search GitHub for repositories worth integrating, drop the ones that must not be touched, rank the rest.
 * Two activities (find, then rank); the result is small (at most 100 ranked rows, one line of reason per score) and
 * stays queryable after the workflow ends.
 */
import { ApplicationFailure, proxyActivities, setHandler } from '@temporalio/workflow';
import type { createActivities } from '../activities';
import type { DiscoveryInput, DiscoveryResult } from '../shared/discovery-types';
import { FailureType } from '../shared/failures';
import { RETRY_POLICIES } from '../shared/retry-budgets';
import { discoveryResultQuery } from './discovery-definitions';

type Activities = ReturnType<typeof createActivities>;

const search = proxyActivities<Activities>({
  // Code search allows about 10 requests a minute: a long run waits on the rate limit, heartbeating meanwhile.
  startToCloseTimeout: '60 minutes',
  heartbeatTimeout: '2 minutes',
  retry: RETRY_POLICIES.findCandidates,
});

const ranking = proxyActivities<Activities>({
  startToCloseTimeout: '10 minutes',
  retry: RETRY_POLICIES.rankCandidates,
});

export async function discoveryWorkflow(input: DiscoveryInput): Promise<DiscoveryResult> {
  const result: DiscoveryResult = {
    state: 'searching',
    query: { language: input.language, minStars: input.minStars, limit: input.limit, query: input.query },
    ranked: [],
    excluded: [],
  };
  setHandler(discoveryResultQuery, () => result);
  try {
    const found = await search.findCandidates(input);
    result.excluded = found.excluded;
    result.state = 'ranking';
    const ranked = await ranking.rankCandidates({ candidates: found.candidates, inactiveDays: input.inactiveDays });
    result.ranked = ranked.ranked.slice(0, input.limit);
    if (ranked.note) result.note = ranked.note;
    result.state = 'done';
    return result;
  } catch (err) {
    result.state = 'failed';
    const cause = (err as { cause?: { message?: string } }).cause?.message;
    result.note = cause ?? (err instanceof Error ? err.message : String(err));
    throw ApplicationFailure.nonRetryable(`Discovery failed: ${result.note}`, FailureType.DiscoveryFailed);
  }
}
