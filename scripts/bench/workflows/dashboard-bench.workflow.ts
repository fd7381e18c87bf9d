/**
 * Stand-ins for the dashboard benchmark: the integration workflow (same type name, same `getStatus` query, and
 * nothing else: it waits forever; a thousand of them cost the worker next to nothing), a campaign over them and
 * their upstream PR trackers.
 */
import { condition, setHandler, sleep, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { CampaignRow, CampaignStatus } from '../../../src/shared/campaign-types';
import type { IntegrationState, IntegrationStatus, UpstreamPrState } from '../../../src/shared/types';
import { campaignStatusQuery } from '../../../src/workflows/campaign-definitions';
import { getStatusQuery, upstreamPrSinceKey, upstreamPrStateKey } from '../../../src/workflows/definitions';
import type { PullRequestTracking } from '../../../src/workflows/pull-request-tracker-definitions';

export async function repositoryIntegrationWorkflow(input: { repo: string; state: IntegrationState }): Promise<void> {
  const at = new Date().toISOString();
  const status: IntegrationStatus = {
    integrationId: workflowInfo().workflowId.replace(/^integration-/, ''),
    repo: input.repo,
    state: input.state,
    message: 'benchmark stand-in',
    attempt: 1,
    maxAttempts: 3,
    forgeRequests: 0,
    attempts: [{ attempt: 1, integrator: 'codemod', summary: 'stand-in', filesChanged: ['src/ai.ts'] }],
    ignoredSignals: [],
    timeline: [{ state: input.state, at, message: 'stand-in' }],
  };
  setHandler(getStatusQuery, () => status);
  await condition(() => false);
}

/** A stand-in campaign over the stand-in integrations `integration-bench-0..n-1`: only its `campaignStatus` query. */
export async function campaignWorkflow(input: { n: number }): Promise<void> {
  const startedAt = new Date().toISOString();
  const rows: CampaignRow[] = Array.from({ length: input.n }, (_, j) => ({
    workflowId: `integration-bench-${j}`,
    repo: `bench/repo-${String(j).padStart(4, '0')}`,
    // As the campaign last saw them: most settled, one in twenty still in progress (read fresh by the page).
    state: j % 20 === 0 ? 'awaiting_review' : 'completed',
    startedAt,
  }));
  const status: CampaignStatus = {
    rows,
    paused: false,
    cancelled: false,
    maxInProgress: 0,
    limits: { concurrency: 3, prsPerHour: 5, prsPerDay: 20 },
    phase: 'done',
    counts: {},
  };
  setHandler(campaignStatusQuery, () => status);
  await condition(() => false);
}

/**
 * A stand-in upstream PR tracker: the `UpstreamPrState` and `UpstreamPrSince` upserts of the real one (since the patch
 * `tracker-state-since`) for a PR that is open, has changes requested (both wait, still tracked), or was merged or
 * closed (it ends with the forge's time in its result and its `UpstreamPrSince`).
 */
export async function pullRequestTrackerWorkflow(input: { state: UpstreamPrState; at: string }): Promise<Partial<PullRequestTracking>> {
  upsertSearchAttributes([
    { key: upstreamPrStateKey, value: 'open' },
    { key: upstreamPrSinceKey, value: new Date().toISOString() },
  ]);
  if (input.state === 'open') await condition(() => false);
  await sleep(10);
  const since = input.state === 'changes_requested' ? new Date().toISOString() : input.at;
  upsertSearchAttributes([
    { key: upstreamPrStateKey, value: input.state },
    { key: upstreamPrSinceKey, value: since },
  ]);
  if (input.state === 'changes_requested') await condition(() => false);
  return input.state === 'merged' ? { state: 'merged', mergedAt: input.at } : { state: 'closed', closedAt: input.at };
}
