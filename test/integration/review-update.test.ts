/**
 * Reviews as the `submitReview` update, on a real dev server with the codemod integrator (which cannot act on
 * free-text feedback): late and second decisions are refused with the reason, the CLI exits 1 with it, feedback is
 * refused before it is sent, feedback sent anyway (the `reviewChanges` signal) never publishes a v2 identical to v1,
 * and an integration without the update handler (started before it existed) gets the decision as the signal.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startDevServer } from '../../src/adapters/temporal/dev-server';
import { submitReview } from '../../src/adapters/temporal/submit-review';
import { startIntegration } from '../../src/cli/start-integration';
import { getStatusQuery, reviewCompleteSignal } from '../../src/workflows/definitions';
import { IDENTICAL_VERSION_PATCH, REVIEW_UPDATE_PATCH } from '../../src/workflows/repository-integration.workflow';
import { makeRepo, sampleAppRepo } from '../helpers/fixture-repos';
import { awaitingReview, inputFor, startHarness, waitFor, type Harness } from '../helpers/integration-harness';

const ROOT = path.resolve(__dirname, '..', '..');
const LEGACY_QUEUE = 'legacy-review';
let env: TestWorkflowEnvironment;
let h: Harness;
let legacy: { worker: Worker; running: Promise<void> } | undefined;

beforeAll(async () => {
  env = await startDevServer({});
  // Integrations of repositories named slow-close-* take 1.5 s to close their review PR on rejection: the decision is
  // taken but the state is still awaiting_review meanwhile, which is when a second decision must be refused as such.
  h = await startHarness(env, {
    wrapActivities: (acts) => ({
      ...acts,
      closeReviewPullRequest: async (p) => {
        if (p.fork.upstream.name.startsWith('slow-close-') && p.comment.startsWith('Rejected'))
          await new Promise((r) => setTimeout(r, 1500));
        return acts.closeReviewPullRequest(p);
      },
    }),
  });
  const noop = () => undefined;
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue: LEGACY_QUEUE,
    workflowBundle: await bundleWorkflowCode({
      workflowsPath: path.join(__dirname, '..', 'helpers', 'legacy-review-workflow.ts'),
      logger: { trace: noop, debug: noop, info: noop, warn: noop, error: noop, log: noop },
    }),
  });
  legacy = { worker, running: worker.run() };
});

afterAll(async () => {
  legacy?.worker.shutdown();
  await legacy?.running;
  await h?.stop();
  await env?.teardown();
});

const split = (repo: string) => ({ owner: repo.split('/')[0]!, name: repo.split('/')[1]! });

/** `npm run review` against the test server: exit code and output. */
async function reviewCli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', path.join(ROOT, 'src', 'cli', 'review.ts'), ...args],
      {
        cwd: ROOT,
        env: {
          PATH: process.env.PATH ?? '',
          HOME: process.env.HOME ?? '/tmp',
          TEMPORAL_ADDRESS: env.address,
          TEMPORAL_NAMESPACE: 'default',
        },
      },
    );
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

it('takes a decision through the update and refuses a second, later one with the reason', async () => {
  const handle = await startIntegration(env.client, inputFor(await sampleAppRepo()));
  await waitFor(handle, awaitingReview(1));
  // Two reviewers at once: exactly one decision is taken, the other is told why not.
  const [ann, bob] = await Promise.all([
    submitReview(env.client, handle.workflowId, { approved: true, reviewer: 'ann' }),
    submitReview(env.client, handle.workflowId, { approved: true, reviewer: 'bob' }),
  ]);
  const [taken, refused] = ann.accepted ? [ann, bob] : [bob, ann];
  expect(taken).toEqual({ accepted: true, attempt: 1, next: 'creating_pr' });
  expect(refused).toEqual({
    accepted: false,
    refusal: expect.stringMatching(/^(AlreadyDecided|NotAwaitingReview)$/),
    reason: expect.stringMatching(
      /^(A decision for v1 was already received\.|The integration is "creating_pr", not awaiting_review \(v1 approved; opening the pull request upstream\))/,
    ),
  });
  // Sent after the first was taken: the state has moved on, and the caller is told so.
  const late = await submitReview(env.client, handle.workflowId, { approved: false, reviewer: 'cy' });
  expect(late).toMatchObject({ accepted: false, refusal: 'NotAwaitingReview', reason: expect.stringMatching(/not awaiting_review/) });
  expect(await handle.result()).toMatchObject({ state: 'completed', attempts: 1 });
  // Once the integration has ended: refused with its state and message.
  const after = await submitReview(env.client, handle.workflowId, { approved: true });
  expect(after).toEqual({
    accepted: false,
    refusal: 'NotAwaitingReview',
    reason: expect.stringMatching(/is "completed", not awaiting_review: nothing to review now \(Pull request opened/),
  });
  const status = await handle.query(getStatusQuery);
  expect(status.attempts[0]?.decision).toMatchObject({ approved: true, reviewer: ann.accepted ? 'ann' : 'bob' });
  // Refused updates leave nothing behind (the validator ran before anything entered history).
  expect(status.ignoredSignals).toEqual([]);
  const history = await handle.fetchHistory();
  expect(patchIds(history)).toContain(REVIEW_UPDATE_PATCH);
  expect(history.events!.filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes)).toHaveLength(1);
});

it('refuses a second decision for the version while the first is being carried out', async () => {
  const handle = await startIntegration(
    env.client,
    inputFor(
      await makeRepo(`slow-close-${Date.now()}`, { 'src/ai.ts': "import OpenAI from 'openai';\nexport const ai = new OpenAI();\n" }),
    ),
  );
  await waitFor(handle, awaitingReview(1));
  expect(await submitReview(env.client, handle.workflowId, { approved: false, reviewer: 'ann' })).toEqual({
    accepted: true,
    attempt: 1,
    next: 'rejected',
  });
  // Still awaiting_review (the review PR is being closed), but decided.
  expect((await handle.query(getStatusQuery)).state).toBe('awaiting_review');
  expect(await submitReview(env.client, handle.workflowId, { approved: true, reviewer: 'bob' })).toEqual({
    accepted: false,
    refusal: 'AlreadyDecided',
    reason: 'A decision for v1 was already received.',
  });
  expect(await handle.result()).toMatchObject({ state: 'rejected', message: 'v1 rejected without feedback' });
  expect((await handle.query(getStatusQuery)).attempts[0]?.decision).toMatchObject({ approved: false, reviewer: 'ann' });
});

it('refuses a malformed decision and an unknown workflow with the reason', async () => {
  const handle = await startIntegration(env.client, inputFor(await sampleAppRepo()));
  await waitFor(handle, awaitingReview(1));
  const bad = await submitReview(env.client, handle.workflowId, { approved: 'yes' } as never);
  expect(bad).toEqual({
    accepted: false,
    refusal: 'InvalidReview',
    reason: 'Invalid review: "approved" must be true or false, got string "yes"',
  });
  const misspelt = await submitReview(env.client, handle.workflowId, { approved: false, feedbak: 'typo' } as never);
  expect(misspelt).toMatchObject({ accepted: false, refusal: 'InvalidReview', reason: expect.stringMatching(/unknown field "feedbak"/) });
  expect(await submitReview(env.client, 'integration-nope', { approved: true })).toEqual({
    accepted: false,
    refusal: 'NoSuchIntegration',
    reason: 'No integration with workflow id integration-nope.',
  });
  expect((await handle.query(getStatusQuery)).state).toBe('awaiting_review');
  await handle.terminate('test done');
});

it('the codemod cannot act on feedback: the status says so, the update and the CLI refuse it, approval goes through', async () => {
  const handle = await startIntegration(env.client, inputFor(await sampleAppRepo()));
  const review = await waitFor(handle, awaitingReview(1));
  expect(review.integratorUnderstandsFeedback).toBe(false);

  const refused = await submitReview(env.client, handle.workflowId, { approved: false, feedback: 'Read the key from config' });
  expect(refused).toEqual({
    accepted: false,
    refusal: 'FeedbackNotActionable',
    reason: expect.stringMatching(
      /^The codemod integrator cannot act on free-text feedback \(no coding agent: .*\): v2 would be identical to v1\. Approve v1, or reject it without feedback .*ANTHROPIC_API_KEY/,
    ),
  });
  // Nothing entered history for the refusal: no update accepted, no signal recorded.
  expect(
    (await handle.fetchHistory()).events!.filter(
      (e) => e.workflowExecutionUpdateAcceptedEventAttributes || e.workflowExecutionSignaledEventAttributes,
    ),
  ).toEqual([]);

  const cli = await reviewCli(handle.workflowId, 'reject', 'Read', 'the', 'key', 'from', 'config');
  expect(cli.code).toBe(1);
  expect(cli.stderr).toMatch(/Refused: The codemod integrator cannot act on free-text feedback/);
  expect(cli.stderr).toMatch(/ANTHROPIC_API_KEY/);
  expect(await handle.query(getStatusQuery)).toMatchObject({ state: 'awaiting_review', attempt: 1 });

  const ok = await reviewCli(handle.workflowId, 'approve');
  expect(ok.code).toBe(0);
  expect(ok.stdout).toMatch(/Approved: v1 \(integration-.*\); next: opening the pull request upstream/);
  expect(await handle.result()).toMatchObject({ state: 'completed', attempts: 1 });

  // Late: the CLI exits 1 with the state and message.
  const late = await reviewCli(handle.workflowId, 'approve');
  expect(late.code).toBe(1);
  expect(late.stderr).toMatch(/is "completed", not awaiting_review/);
  const unknown = await reviewCli('integration-missing', 'approve');
  expect(unknown.code).toBe(1);
  expect(unknown.stderr).toMatch(/No integration with workflow id integration-missing/);
});

it('feedback the codemod cannot act on (the signal) publishes no v2 identical to v1: v1 stays in review, the reason recorded', async () => {
  const handle = await startIntegration(env.client, inputFor(await sampleAppRepo()));
  const v1 = await waitFor(handle, awaitingReview(1));
  await handle.signal(reviewCompleteSignal, { approved: false, feedback: 'Please read the key from config', reviewer: 'ann' });

  const back = await waitFor(handle, (s) => /v2 not published/.test(s.message) || ['completed', 'rejected', 'failed'].includes(s.state));
  expect(back).toMatchObject({ state: 'awaiting_review', attempt: 1 });
  expect(back.message).toMatch(
    /^v2 not published: the codemod integrator cannot act on free-text feedback \(no coding agent: .*\), so its commit is v1's again\. v1 is still awaiting review: /,
  );
  expect(back.attempts).toHaveLength(1);
  expect(back.attempts[0]?.decision).toBeUndefined();
  expect(back.attempts[0]?.feedbackWithoutChange).toEqual([
    expect.objectContaining({
      feedback: 'Please read the key from config',
      reviewer: 'ann',
      reason: expect.stringMatching(/cannot act on free-text feedback/),
    }),
  ]);
  expect(back.reviewPr?.number).toBe(v1.reviewPr?.number);
  // The review PR is still v1, and says why there is no v2.
  const prs = await h.forge.listPullRequests(split(v1.reviewPr!.repo));
  expect(prs).toHaveLength(1);
  const pr = await h.forge.getPullRequest(split(v1.reviewPr!.repo), v1.reviewPr!.number);
  expect(pr?.title).toContain('v1');
  // Its description never offered feedback the codemod cannot act on.
  expect(pr?.body).toContain(
    '(this ends the integration: the `codemod` integrator cannot act on free-text feedback, so feedback is refused)',
  );
  expect(pr?.body).not.toContain('reject "what to change"');
  expect(pr?.comments.at(-1)?.body).toMatch(
    /The feedback on v1 produced no new version[\s\S]*> Please read the key from config[\s\S]*still awaiting review/,
  );

  // A new decision on v1 is taken.
  expect(await submitReview(env.client, handle.workflowId, { approved: true })).toEqual({
    accepted: true,
    attempt: 1,
    next: 'creating_pr',
  });
  expect(await handle.result()).toMatchObject({ state: 'completed', attempts: 1 });
  expect(patchIds(await handle.fetchHistory())).toEqual(expect.arrayContaining([REVIEW_UPDATE_PATCH, IDENTICAL_VERSION_PATCH]));
});

it('an integration without the update handler (started before it) gets the decision as the signal, with a note', async () => {
  const start = (id: string, args: { integratorUnderstandsFeedback?: boolean } = {}) =>
    env.client.workflow.start('legacyReviewWorkflow', {
      taskQueue: LEGACY_QUEUE,
      workflowId: `integration-legacy-${id}-${Date.now()}`,
      args: [args],
    });

  const handle = await start('approve');
  const cli = await reviewCli(handle.workflowId, 'approve');
  expect(cli.code).toBe(0);
  expect(cli.stderr).toMatch(
    /Note: integration-legacy-approve-\d+ started before the submitReview update existed: the decision went as the reviewChanges signal/,
  );
  expect(cli.stdout).toMatch(/Approved: v1 \(integration-legacy-approve-\d+\); next: opening the pull request upstream/);
  expect(await handle.result()).toMatchObject({ approved: true, reviewer: expect.stringMatching(/@cli$/) });
  // Now completed: the query says so, and the second decision is refused before any signal.
  const late = await submitReview(env.client, handle.workflowId, { approved: false });
  expect(late).toEqual({
    accepted: false,
    refusal: 'NotAwaitingReview',
    reason: expect.stringMatching(/is "completed", not awaiting_review: nothing to review now \(Pull request opened\)/),
  });
  expect((await handle.query(getStatusQuery)).ignoredSignals).toEqual([]);
  expect((await handle.fetchHistory()).events!.filter((e) => e.workflowExecutionSignaledEventAttributes)).toHaveLength(1);

  // Its status says the integrator cannot act on feedback: refused before any signal, as the update would.
  const codemod = await start('codemod', { integratorUnderstandsFeedback: false });
  const feedback = await submitReview(env.client, codemod.workflowId, { approved: false, feedback: 'Use our config module' });
  expect(feedback).toMatchObject({
    accepted: false,
    refusal: 'FeedbackNotActionable',
    reason: expect.stringMatching(/cannot act on free-text feedback: v2 would be identical to v1/),
  });
  expect((await codemod.fetchHistory()).events!.filter((e) => e.workflowExecutionSignaledEventAttributes)).toEqual([]);
  await codemod.terminate('test done');
});

it('says no worker answered when none polls, instead of hanging', async () => {
  const handle = await env.client.workflow.start('legacyReviewWorkflow', {
    taskQueue: 'no-worker-polls-this',
    workflowId: `integration-unpolled-${Date.now()}`,
    args: [{}],
  });
  const began = Date.now();
  const outcome = await submitReview(env.client, handle.workflowId, { approved: true }, { timeoutMs: 1500 });
  expect(outcome).toEqual({
    accepted: false,
    refusal: 'NoAnswer',
    reason: expect.stringMatching(/^No worker answered within 2 s \(is a worker running\?\)/),
  });
  expect(Date.now() - began).toBeLessThan(10_000);
  await handle.terminate('test done');
});

/** The patch ids recorded in a history's markers. */
function patchIds(history: Awaited<ReturnType<ReturnType<typeof env.client.workflow.getHandle>['fetchHistory']>>): string[] {
  return history
    .events!.flatMap((e) =>
      Object.values(e.markerRecordedEventAttributes?.details ?? {}).flatMap((p) =>
        (p.payloads ?? []).map((x) => Buffer.from(x.data ?? []).toString()),
      ),
    )
    .flatMap((text) => /"id"\s*:\s*"([^"]+)"/.exec(text)?.[1] ?? []);
}
