/**
 * All activities of the integration workflow, bound to their dependencies. The workflow imports only the type of
 * this factory's result, so activity code never enters the workflow bundle.
 */
import { countingForge } from '../adapters/forge/counting-forge';
import { askFirstActivities } from './ask-first/ask-first.activity';
import { childStatesActivity } from './campaign/child-states.activity';
import { campaignNeverAgainActivity } from './campaign/never-again.activity';
import { cloneRepositoryActivity } from './clone-repository.activity';
import { findCandidatesActivity } from './discovery/find-candidates.activity';
import { rankCandidatesActivity } from './discovery/rank-candidates.activity';
import type { ActivityDeps } from './deps';
import { forkRepositoryActivity } from './fork-repository.activity';
import { integrateActivity } from './integrate.activity';
import { proveChangeActivity } from './prove-change.activity';
import { pullRequestActivities } from './pull-requests.activity';
import { pushBranchActivity } from './push-branch.activity';
import { reportStatusActivities } from './report-status.activity';
import { trackPullRequestActivity } from './track-pull-request.activity';
import { closeStaleActivity } from './tracking/close-stale.activity';
import { inboxActivities } from './tracking/inbox-actions.activity';
import { neverAgainActivity } from './tracking/never-again.activity';
import { readConversationActivity } from './tracking/read-conversation.activity';

export type { ActivityDeps } from './deps';

export function createActivities(given: ActivityDeps) {
  // Every forge call an activity makes is counted (calls and the requests they sent), whichever forge it is.
  const deps: ActivityDeps = { ...given, forge: countingForge(given.forge) };
  return {
    forkRepository: forkRepositoryActivity(deps),
    cloneRepository: cloneRepositoryActivity(deps),
    integrate: integrateActivity(deps),
    pushBranch: pushBranchActivity(deps),
    proveChange: proveChangeActivity(deps),
    ...pullRequestActivities(deps),
    ...reportStatusActivities(deps),
    findCandidates: findCandidatesActivity(deps),
    rankCandidates: rankCandidatesActivity(deps),
    campaignChildStates: childStatesActivity(),
    campaignNeverAgain: campaignNeverAgainActivity(),
    checkPullRequest: trackPullRequestActivity(deps),
    readPullRequestConversation: readConversationActivity(deps),
    closeStalePullRequest: closeStaleActivity(deps),
    addToNeverAgainList: neverAgainActivity(),
    ...inboxActivities(deps),
    ...askFirstActivities(deps),
  };
}
