/**
 * The upstream PR after approval, on the time-skipping server with real integrations: the tracker reports changes
 * requested, ends on merge, and marks a closed PR `UpstreamPrState=closed` (discovery's never-again list). And the
 * GitHub forge's reading of merged / closed / reviews against the fake GitHub. (STALE_AFTER: stale-pull-requests.test.ts.)
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { GitHubForge } from '../../src/adapters/forge/github/github-forge';
import { startTimeSkippingServer } from '../../src/adapters/temporal/dev-server';
import { Client } from '@temporalio/client';
import { defaultPayloadConverter, fromPayloadsAtIndex } from '@temporalio/common';
import { runningEntry } from '../../src/adapters/temporal/never-again-list';
import { neverAgainWorkflowId } from '../../src/shared/never-again';
import { TASK_QUEUE, type IntegrationInput } from '../../src/shared/types';
import { pullRequestTrackerWorkflow, repositoryIntegrationWorkflow } from '../../src/workflows';
import { repositoryKey, reviewCompleteSignal, upstreamPrSinceKey, upstreamPrStateKey } from '../../src/workflows/definitions';
import {
  checkPullRequestNowSignal,
  getPullRequestTrackingQuery,
  trackerWorkflowId,
} from '../../src/workflows/pull-request-tracker-definitions';
import { FakeGitHub } from '../helpers/fake-github/fake-github-server';
import { makeRepo } from '../helpers/fixture-repos';
import { inputFor, startHarness, waitFor, type Harness } from '../helpers/integration-harness';
import { until } from '../helpers/until';

const FILES = { 'src/ai.ts': "import OpenAI from 'openai';\nexport const ai = new OpenAI();\n" };
let env: TestWorkflowEnvironment;
let h: Harness;

beforeAll(async () => {
  env = await startTimeSkippingServer();
  h = await startHarness(env);
}, 120_000);

afterAll(async () => {
  await h?.stop();
  await env?.teardown();
});

/** An integration approved to completion; returns its tracker and the upstream PR. */
async function approvedIntegration(name: string, extra: Partial<IntegrationInput> = {}) {
  const input = inputFor(await makeRepo(name, FILES), extra);
  const handle = await env.client.workflow.start(repositoryIntegrationWorkflow, {
    taskQueue: TASK_QUEUE,
    workflowId: `integration-${input.integrationId}`,
    args: [input],
  });
  await waitFor(handle, (s) => s.state === 'awaiting_review');
  await handle.signal(reviewCompleteSignal, { approved: true });
  const done = await handle.result();
  expect(done.state).toBe('completed');
  const tracker = env.client.workflow.getHandle(trackerWorkflowId(input.integrationId));
  const t = await tracker.query(getPullRequestTrackingQuery);
  return { tracker, repo: { owner: input.repoOwner, name: input.repoName }, number: t.number, input };
}

/** A client whose `result()` does not unlock the test server's time skipping. */
const plainClient = () => new Client({ connection: env.connection, namespace: env.namespace ?? 'default' });

it('tracks the final PR: changes requested, then merged, and then stops', async () => {
  const { tracker, repo, number, input } = await approvedIntegration('track-merge', { staleAfter: '45 days' });
  // The integration hands its STALE_AFTER to the tracker.
  const started = (await tracker.fetchHistory()).events![0]!.workflowExecutionStartedEventAttributes!;
  const trackerInput = fromPayloadsAtIndex<{ staleAfter?: string }>(defaultPayloadConverter, 0, started.input?.payloads);
  expect(trackerInput.staleAfter).toBe('45 days');
  // The first check runs as soon as the tracker starts.
  const first = await until(
    () => tracker.query(getPullRequestTrackingQuery),
    (t) => t.checks >= 1,
  );
  expect(first).toMatchObject({ state: 'open', repo: `${input.repoOwner}/${input.repoName}`.toLowerCase() });
  expect(first.url).toContain(`${number}`);
  expect((await tracker.describe()).typedSearchAttributes.get(repositoryKey)).toBe(first.repo);
  // Open since the tracker started (`UpstreamPrSince`, which the burndown reads).
  const openedAt = (await tracker.describe()).startTime.getTime();
  // (workflow time: the first workflow task's, a moment after the start)
  expect(Date.parse(first.stateSince!) - openedAt).toBeGreaterThanOrEqual(0);
  expect(Date.parse(first.stateSince!) - openedAt).toBeLessThan(5_000);
  expect((await tracker.describe()).typedSearchAttributes.get(upstreamPrSinceKey)).toBe(first.stateSince);

  await h.forge.reviewPullRequest(repo, number, 'changes_requested', 'alice');
  await tracker.signal(checkPullRequestNowSignal);
  const changes = await until(
    () => tracker.query(getPullRequestTrackingQuery),
    (t) => t.state === 'changes_requested',
  );
  expect(changes.changesRequestedBy).toEqual(['alice']);
  expect((await tracker.describe()).typedSearchAttributes.get(upstreamPrStateKey)).toBe('changes_requested');
  // Changes requested since the look that saw them.
  expect(Date.parse(changes.stateSince!)).toBeGreaterThanOrEqual(openedAt);
  expect(Date.parse(changes.stateSince!)).toBeLessThanOrEqual(Date.parse(changes.lastCheckedAt!));
  expect((await tracker.describe()).typedSearchAttributes.get(upstreamPrSinceKey)).toBe(changes.stateSince);

  // Alice approves after the fix; a maintainer merges. The next scheduled check (6 hours, skipped) sees it.
  await h.forge.reviewPullRequest(repo, number, 'approved', 'alice');
  await h.forge.reviewPullRequest(repo, number, 'merged');
  const end = await tracker.result();
  expect(end).toMatchObject({ state: 'merged', changesRequestedBy: [], ended: 'the pull request was merged' });
  expect(end.mergedAt).toBeTruthy();
  expect((await tracker.describe()).typedSearchAttributes.get(upstreamPrStateKey)).toBe('merged');
  // Merged since the forge's merge time, not since the tracker saw it.
  expect(end.stateSince).toBe(new Date(end.mergedAt!).toISOString());
  expect((await tracker.describe()).typedSearchAttributes.get(upstreamPrSinceKey)).toBe(end.stateSince);
}, 180_000);

it('marks a closed PR closed for good, and puts the repository on the never-again list', async () => {
  const { tracker, repo, number } = await approvedIntegration('track-close');
  await h.forge.reviewPullRequest(repo, number, 'closed');
  await tracker.signal(checkPullRequestNowSignal);
  // Not tracker.result(): it unlocks time skipping, and once the tracker ends the test server would jump ten years
  // ahead to the default run timeout it gives the never-again entry (a workflow that only waits).
  const end = await plainClient().workflow.getHandle<typeof pullRequestTrackerWorkflow>(tracker.workflowId).result();
  expect(end.state).toBe('closed');
  const attrs = (await tracker.describe()).typedSearchAttributes;
  expect(attrs.get(upstreamPrStateKey)).toBe('closed');
  expect(attrs.get(repositoryKey)).toBe(`${repo.owner}/${repo.name}`.toLowerCase());
  const key = `${repo.owner}/${repo.name}`.toLowerCase();
  expect(end.neverAgain).toEqual([expect.objectContaining({ scope: 'repository', source: 'closed', url: end.url })]);
  expect(await runningEntry(env.client, key)).toMatchObject({ reason: 'the pull request was closed without being merged', url: end.url });
  // Gone again, so the later tests' time skipping has no ten-year timeout to jump to.
  await env.client.workflow.getHandle(neverAgainWorkflowId(key)).terminate('test cleanup');
}, 180_000);

it('the GitHub forge reads merged, closed and the latest review of each reviewer', async () => {
  const gh = new FakeGitHub({ token: 'ghp_trackingtoken000000000000000' });
  await gh.start();
  try {
    gh.addRepo('up', 'app', FILES);
    const forge = new GitHubForge({ token: 'ghp_trackingtoken000000000000000', apiUrl: gh.apiUrl });
    const base = { title: 't', body: 'b', head: { owner: 'helicone-bot', name: 'app', ref: 'x' }, base: 'main', user: 'helicone-bot' };
    const open = gh.addPull('up', 'app', {
      ...base,
      state: 'open',
      reviews: [
        { user: 'bob', state: 'CHANGES_REQUESTED' },
        { user: 'carol', state: 'COMMENTED' },
      ],
    });
    const resolved = gh.addPull('up', 'app', {
      ...base,
      state: 'open',
      reviews: [
        { user: 'bob', state: 'CHANGES_REQUESTED' },
        { user: 'bob', state: 'APPROVED' },
      ],
    });
    const merged = gh.addPull('up', 'app', { ...base, state: 'closed', mergedAt: '2026-11-20T10:00:00Z' });
    const closed = gh.addPull('up', 'app', { ...base, state: 'closed' });
    const repo = { owner: 'up', name: 'app' };
    expect(await forge.getPullRequestState(repo, open.number)).toEqual({ state: 'changes_requested', changesRequestedBy: ['bob'] });
    expect(await forge.getPullRequestState(repo, resolved.number)).toEqual({ state: 'open', changesRequestedBy: [] });
    expect(await forge.getPullRequestState(repo, merged.number)).toMatchObject({ state: 'merged', mergedAt: '2026-11-20T10:00:00Z' });
    expect(await forge.getPullRequestState(repo, closed.number)).toMatchObject({ state: 'closed', changesRequestedBy: [] });
    // A merged or closed PR costs one request; an open one two (the PR and its reviews).
    expect(gh.requests.filter((r) => r.path.includes('/pulls/')).length).toBe(6);
  } finally {
    await gh.stop();
  }
}, 60_000);
