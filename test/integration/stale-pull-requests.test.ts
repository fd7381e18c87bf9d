/**
 * STALE_AFTER on the time-skipping server, with the local forge (where the test plays the maintainer): a PR nobody
 * answers is closed once, with one polite comment, 60 days (the default) after it was opened; a maintainer's answer
 * restarts the clock; "off" never closes. Trackers are started directly on PRs of the local forge: on this server,
 * time stops skipping for later tests once an integration has started its tracker as a child (seen with the code
 * before the tracker read conversations too), so this file runs no integration.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTimeSkippingServer } from '../../src/adapters/temporal/dev-server';
import { TASK_QUEUE } from '../../src/shared/types';
import { pullRequestTrackerWorkflow } from '../../src/workflows';
import { upstreamPrStateKey } from '../../src/workflows/definitions';
import {
  checkPullRequestNowSignal,
  getPullRequestTrackingQuery,
  trackerWorkflowId,
  type TrackerInput,
} from '../../src/workflows/pull-request-tracker-definitions';
import { makeRepo } from '../helpers/fixture-repos';
import { startHarness, type Harness } from '../helpers/integration-harness';
import { until } from '../helpers/until';

const DAY = 86_400_000;
let env: TestWorkflowEnvironment;
let h: Harness;
let n = 0;

beforeAll(async () => {
  env = await startTimeSkippingServer();
  h = await startHarness(env);
}, 120_000);

afterAll(async () => {
  await h?.stop();
  await env?.teardown();
});

/** An open PR in the local forge and its tracker, looking every 5 days (so 60 skipped days are a dozen looks). */
async function tracked(extra: Partial<TrackerInput> = {}) {
  const dir = await makeRepo('stale', { 'README.md': '# app\n' });
  const repo = { owner: 'up', name: dir.split('/').pop()! };
  await h.forge.getRepository({ ...repo, url: dir });
  const pr = await h.forge.ensurePullRequest({ repo, head: { ...repo, branch: 'trunk' }, base: 'trunk', title: 't', body: 'b' });
  const id = `stale-${process.pid}-${++n}`;
  const tracker = await env.client.workflow.start(pullRequestTrackerWorkflow, {
    taskQueue: TASK_QUEUE,
    workflowId: trackerWorkflowId(id),
    args: [{ integrationId: id, repo, number: pr.number, url: pr.url, pollInterval: '5 days', ...extra }],
  });
  const startedAt = (await tracker.describe()).startTime.getTime();
  // The first look, conversation included, before the test plays anyone.
  await until(
    () => tracker.query(getPullRequestTrackingQuery),
    (t) => t.conversation !== undefined,
  );
  return { tracker, repo, number: pr.number, startedAt };
}

it('closes a PR nobody answered for 60 days (the default) once, with one polite comment, and stops', async () => {
  const { tracker, repo, number, startedAt } = await tracked();
  const end = await tracker.result();
  expect(end).toMatchObject({ state: 'closed', followUpComments: 1, ended: 'closed by the tracker: no reply for 60 days' });
  expect(Date.parse(end.staleClosedAt!) - startedAt).toBeGreaterThanOrEqual(60 * DAY);
  expect(Date.parse(end.staleClosedAt!) - startedAt).toBeLessThan(66 * DAY);
  // Closed by the tracker, not by a maintainer: no never-again entry (the closed PR still keeps discovery away).
  expect(end.neverAgain ?? []).toEqual([]);
  expect((await tracker.describe()).typedSearchAttributes.get(upstreamPrStateKey)).toBe('closed');
  const pr = await h.forge.getPullRequest(repo, number);
  expect(pr?.state).toBe('closed');
  expect(pr!.comments).toHaveLength(1);
  expect(pr!.comments[0]!.author).toBeUndefined(); // the bot's
  expect(pr!.comments[0]!.body).toMatch(/^Closing this pull request, since it has had no reply for 60 days/);
  expect(pr!.comments[0]!.body).toContain('will not open another pull request in this repository');
}, 120_000);

it("a maintainer's answer restarts the clock (read from the local forge's maintainer comment)", async () => {
  const { tracker, repo, number, startedAt } = await tracked({ staleAfter: '20 days' });
  await env.sleep('12 days');
  await h.forge.maintainerComment(repo, number, 'Interesting, we will look after the release.', 'maya');
  await tracker.signal(checkPullRequestNowSignal);
  const seen = await until(
    () => tracker.query(getPullRequestTrackingQuery),
    (t) => (t.conversation?.total ?? 0) >= 1,
  );
  expect(seen.conversation!.messages).toEqual([
    expect.objectContaining({ author: 'maya', kind: 'comment', preview: 'Interesting, we will look after the release.' }),
  ]);
  const answeredAt = Date.parse(seen.conversation!.lastAnswerSeenAt!);
  expect(answeredAt - startedAt).toBeGreaterThanOrEqual(12 * DAY);
  const end = await tracker.result();
  // 20 days after the answer was seen (not after the start), at the next look.
  expect(Date.parse(end.staleClosedAt!) - answeredAt).toBeGreaterThanOrEqual(20 * DAY);
  expect(Date.parse(end.staleClosedAt!) - answeredAt).toBeLessThan(26 * DAY);
  expect(end.followUpComments).toBe(1);
  const comments = (await h.forge.getPullRequest(repo, number))!.comments;
  expect(comments.map((c) => c.author ?? 'bot')).toEqual(['maya', 'bot']);
}, 120_000);

it('with staleAfter "off" the tracker never comments and stops at its maximum tracking time', async () => {
  const { tracker, repo, number } = await tracked({ staleAfter: 'off', maxTracking: '70 days' });
  const end = await tracker.result();
  expect(end).toMatchObject({ state: 'open', ended: 'stopped tracking after 70 days without a merge or close' });
  expect(end.staleClosedAt).toBeUndefined();
  expect((await h.forge.getPullRequest(repo, number))!.comments).toEqual([]);
}, 120_000);
