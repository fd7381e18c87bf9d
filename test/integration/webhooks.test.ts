/**
 * The webhook receiver against a real dev server, a real worker and a real tracker: a signed `pull_request` event
 * makes the tracker look at once (its 6-hour poll never fires in this test), a forged one and a replayed delivery
 * do not, and a check suite naming no PR (a PR from a fork) reaches the repository's trackers.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startDevServer } from '../../src/adapters/temporal/dev-server';
import { TASK_QUEUE } from '../../src/shared/types';
import { pullRequestTrackerWorkflow } from '../../src/workflows';
import { getPullRequestTrackingQuery, trackerWorkflowId } from '../../src/workflows/pull-request-tracker-definitions';
import { startWebhookServer, WEBHOOK_PATH, type WebhookServer } from '../../src/webhooks/server';
import { signatureHeader } from '../../src/webhooks/signature';
import { TemporalTrackerSignaller } from '../../src/webhooks/tracker-signaller';
import { makeRepo } from '../helpers/fixture-repos';
import { startHarness, type Harness } from '../helpers/integration-harness';
import { until } from '../helpers/until';

const SECRET = 'integration-secret-0123456789';
let env: TestWorkflowEnvironment;
let h: Harness;
let receiver: WebhookServer;

beforeAll(async () => {
  env = await startDevServer();
  h = await startHarness(env);
  receiver = await startWebhookServer({
    secret: SECRET,
    signaller: new TemporalTrackerSignaller(env.client),
    host: '127.0.0.1',
    port: 0,
    log: () => undefined,
  });
}, 120_000);

afterAll(async () => {
  await receiver?.close();
  await h?.stop();
  await env?.teardown();
});

/** An open PR in the local forge's `up/<name>`, and its tracker (polling every 6 hours), visible to the receiver. */
async function trackedPullRequest(id: string) {
  const dir = await makeRepo('hooked', { 'README.md': '# app\n' });
  const name = dir.split('/').pop()!;
  const repo = { owner: 'up', name };
  await h.forge.getRepository({ ...repo, url: dir });
  const pr = await h.forge.ensurePullRequest({ repo, head: { ...repo, branch: 'trunk' }, base: 'trunk', title: 't', body: 'b' });
  const tracker = await env.client.workflow.start(pullRequestTrackerWorkflow, {
    taskQueue: TASK_QUEUE,
    workflowId: trackerWorkflowId(id),
    args: [{ integrationId: id, repo, number: pr.number, url: pr.url, pollInterval: '6 hours' }],
  });
  await until(
    () => tracker.query(getPullRequestTrackingQuery),
    (t) => t.checks === 1,
  );
  // The receiver finds trackers by their Repository attribute: wait until visibility lists this one.
  const query = `WorkflowType = 'pullRequestTrackerWorkflow' AND ExecutionStatus = 'Running' AND Repository = "${`up/${name}`.toLowerCase()}"`;
  await until(
    () => env.client.workflow.count(query),
    (c) => c.count === 1,
  );
  return { repo, number: pr.number, tracker };
}

let delivery = 0;
async function deliver(event: string, payload: object, opts: { secret?: string; id?: string } = {}) {
  const body = JSON.stringify(payload);
  const res = await fetch(`${receiver.url}${WEBHOOK_PATH}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-github-event': event,
      'x-github-delivery': opts.id ?? `it-${++delivery}`,
      'x-hub-signature-256': signatureHeader(opts.secret ?? SECRET, body),
    },
    body,
  });
  return { status: res.status, body: (await res.json()) as { result: string; trackers?: { workflowId: string; number?: number }[] } };
}

it('a signed event makes the tracker of that PR look now; forged and replayed ones do not', async () => {
  const a = await trackedPullRequest(`wh-a-${process.pid}`);
  // A second PR of another repository: its tracker must not be asked.
  const b = await trackedPullRequest(`wh-b-${process.pid}`);
  await h.forge.reviewPullRequest(a.repo, a.number, 'changes_requested', 'alice');
  const payload = { action: 'submitted', repository: { full_name: `${a.repo.owner}/${a.repo.name}` }, pull_request: { number: a.number } };

  const forged = await deliver('pull_request_review', payload, { secret: 'someone-elses-secret-0000' });
  expect(forged.status).toBe(401);
  await new Promise((r) => setTimeout(r, 1000));
  expect(await a.tracker.query(getPullRequestTrackingQuery)).toMatchObject({ checks: 1, state: 'open' });

  const ok = await deliver('pull_request_review', payload, { id: 'delivery-once' });
  expect(ok).toEqual({
    status: 200,
    body: expect.objectContaining({
      result: 'signalled',
      trackers: [{ workflowId: trackerWorkflowId(`wh-a-${process.pid}`), number: a.number }],
    }),
  });
  const looked = await until(
    () => a.tracker.query(getPullRequestTrackingQuery),
    (t) => t.state === 'changes_requested',
  );
  expect(looked).toMatchObject({ checks: 2, changesRequestedBy: ['alice'] });

  const replay = await deliver('pull_request_review', payload, { id: 'delivery-once' });
  expect(replay).toMatchObject({ status: 200, body: { result: 'already-handled' } });
  // Another PR number of the same repository: no tracker follows it.
  expect(await deliver('pull_request', { ...payload, action: 'closed', pull_request: { number: a.number + 100 } })).toMatchObject({
    status: 202,
    body: { result: 'no-tracker' },
  });
  await new Promise((r) => setTimeout(r, 1000));
  expect((await a.tracker.query(getPullRequestTrackingQuery)).checks).toBe(2);
  expect((await b.tracker.query(getPullRequestTrackingQuery)).checks).toBe(1);

  // The maintainer merges; GitHub reports the check suite of the fork PR with an empty pull_requests array.
  await h.forge.reviewPullRequest(a.repo, a.number, 'merged');
  const suite = await deliver('check_suite', {
    action: 'completed',
    repository: { full_name: `${a.repo.owner}/${a.repo.name}` },
    check_suite: { pull_requests: [] },
  });
  expect(suite).toMatchObject({ status: 200, body: { result: 'signalled' } });
  expect(await a.tracker.result()).toMatchObject({ state: 'merged', checks: 3, ended: 'the pull request was merged' });
  expect((await b.tracker.query(getPullRequestTrackingQuery)).checks).toBe(1);
}, 120_000);
