/** The upstream PR tracker's contract: its id, its query and a signal to check now instead of at the next poll. */
import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { UpstreamPrState } from '../shared/types';

export interface PullRequestTracking {
  url: string;
  repo: string;
  number: number;
  state: UpstreamPrState;
  changesRequestedBy: string[];
  checks: number;
  lastCheckedAt?: string;
  mergedAt?: string;
  closedAt?: string;
  /** Why tracking ended, once it has. */
  ended?: string;
}

export interface TrackerInput {
  integrationId: string;
  repo: { owner: string; name: string };
  number: number;
  url: string;
  /** Between two checks (default "6 hours"): a sleeping workflow costs nothing. */
  pollInterval?: string;
  /** Tracking stops after this long without a merge or close (default "90 days"). */
  maxTracking?: string;
  /** Carried over continue-as-new. */
  carried?: PullRequestTracking & { startedAt: number };
}

export const getPullRequestTrackingQuery = defineQuery<PullRequestTracking>('getPullRequestTracking');
export const checkPullRequestNowSignal = defineSignal('checkPullRequestNow');

export function trackerWorkflowId(integrationId: string): string {
  return `track-${integrationId}`;
}
