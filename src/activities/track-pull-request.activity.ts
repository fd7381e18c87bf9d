/** Reads an upstream pull request's state for the tracker: merged, closed, open, or open with changes requested. */
import type { Counted, PullRequestReviewState } from '../shared/types';
import type { ActivityDeps } from './deps';
import { counted } from './errors';

export interface CheckPullRequestParams {
  repo: { owner: string; name: string };
  number: number;
}

export function trackPullRequestActivity(deps: ActivityDeps) {
  return async function checkPullRequest(p: CheckPullRequestParams): Promise<Counted<PullRequestReviewState>> {
    return counted(() => deps.forge.getPullRequestState(p.repo, p.number));
  };
}
