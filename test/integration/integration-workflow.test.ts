/**
 * The integration workflow end to end on a real Temporal dev server, a real worker, real activities, real git and
 * the local forge: happy path, feedback loop, rejection, bad signals, nothing to change, missing repository.
 */
import fs from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { WorkflowFailedError } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevServer } from '../../src/adapters/temporal/dev-server';
import { verifyStatusSignature } from '../../src/adapters/status/helicone-status-reporter';
import { submitReview } from '../../src/adapters/temporal/submit-review';
import { startIntegration } from '../../src/cli/start-integration';
import { getStatusQuery, reviewCompleteSignal } from '../../src/workflows/definitions';
import type { StatusReport } from '../../src/shared/types';
import { feedbackAnsweringCodemod } from '../helpers/feedback-integrator';
import { makeRepo, noClientsRepo, sampleAppRepo } from '../helpers/fixture-repos';
import { awaitingReview, inputFor, startHarness, waitFor, type Harness } from '../helpers/integration-harness';

let env: TestWorkflowEnvironment;
let h: Harness;
let statusServer: http.Server;
const reports: { body: StatusReport; valid: boolean; auth?: string }[] = [];

beforeAll(async () => {
  statusServer = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const valid = verifyStatusSignature(
        body,
        String(req.headers['helicone-timestamp'] ?? ''),
        String(req.headers['helicone-signature'] ?? ''),
        'test-key',
      );
      reports.push({ body: JSON.parse(body) as StatusReport, valid, auth: req.headers.authorization });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => statusServer.listen(0, '127.0.0.1', r));
  const port = (statusServer.address() as AddressInfo).port;
  env = await startDevServer({});
  // The codemod cannot act on feedback (and no version identical to the last is published): this one answers it.
  h = await startHarness(env, {
    statusUrl: `http://127.0.0.1:${port}/status`,
    integrator: () => feedbackAnsweringCodemod({ unanswered: /^Nothing to do:/ }),
  });
});

afterAll(async () => {
  await h?.stop();
  await env?.teardown();
  statusServer?.close();
});

describe('repositoryIntegrationWorkflow', () => {
  it('integrates the sample app, waits for approval and opens the final PR against the default branch', async () => {
    const repo = await sampleAppRepo();
    const input = inputFor(repo);
    const handle = await startIntegration(env.client, input);

    const review = await waitFor(handle, awaitingReview(1));
    expect(review.state).toBe('awaiting_review');
    expect(review.reviewPr?.base).toBe('trunk');
    const reviewDiff = await h.forge.getPullRequestDiff(split(review.reviewPr!.repo), review.reviewPr!.number);
    expect(reviewDiff).toContain('https://oai.helicone.ai/v1');
    expect(reviewDiff).toContain('https://anthropic.helicone.ai');
    expect(reviewDiff).toContain('Helicone-Auth');

    await handle.signal(reviewCompleteSignal, { approved: true });
    const result = await handle.result();
    expect(result.state).toBe('completed');
    expect(result.attempts).toBe(1);

    const status = await handle.query(getStatusQuery);
    expect(status.finalPr?.repo).toBe(`local/${input.repoName}`);
    expect(status.finalPr?.base).toBe('trunk');
    const finalDiff = await h.forge.getPullRequestDiff(split(status.finalPr!.repo), status.finalPr!.number);
    expect(finalDiff).toContain('https://oai.helicone.ai/v1');
    expect(finalDiff).toContain('https://anthropic.helicone.ai');
    expect(status.attempts[0]?.decision?.approved).toBe(true);
    // The review PR is closed once the upstream PR is open.
    const reviewPr = await h.forge.findPullRequest(split(review.reviewPr!.repo), { owner: 'helicone-bot', branch: review.reviewPr!.head });
    expect(reviewPr?.state).toBe('closed');

    // Every state change reached the status endpoint, signed, in order.
    const mine = reports.filter((r) => r.body.integrationId === input.integrationId);
    expect(mine.map((r) => r.body.state)).toEqual([
      'forking',
      'cloning',
      'integrating',
      'pushing',
      'proving',
      'creating_review_pr',
      'awaiting_review',
      'creating_pr',
      'completed',
    ]);
    expect(mine.every((r) => r.valid && r.auth === 'Bearer test-key')).toBe(true);
    expect(mine.at(-1)?.body.finalPrUrl).toBe(status.finalPrUrl);
  });

  it('publishes v2 after a rejection with feedback, then completes on approval', async () => {
    const handle = await startIntegration(env.client, inputFor(await sampleAppRepo()));
    const v1 = await waitFor(handle, awaitingReview(1));
    await handle.signal(reviewCompleteSignal, { approved: false, feedback: 'Please also read the key from config' });

    const v2 = await waitFor(handle, awaitingReview(2));
    expect(v2.state).toBe('awaiting_review');
    expect(v2.attempts.map((a) => a.attempt)).toEqual([1, 2]);
    expect(v2.attempts[0]?.decision).toMatchObject({ approved: false, feedback: 'Please also read the key from config' });
    // Same head branch: the review PR is updated to v2, not duplicated.
    expect(v2.reviewPr?.number).toBe(v1.reviewPr?.number);
    expect(await h.forge.listPullRequests(split(v2.reviewPr!.repo))).toHaveLength(1);
    const pr = await h.forge.getPullRequest(split(v2.reviewPr!.repo), v2.reviewPr!.number);
    expect(pr?.title).toContain('v2');
    expect(pr?.body).toContain('Please also read the key from config');
    // The changes since v1: stored as an artifact (its ref in the status) and shown in the review PR.
    const ref = v2.attempts[1]?.interdiffRef;
    expect(ref).toMatch(/v2\.interdiff$/);
    const interdiff = await fs.readFile(path.join(h.dataDir, ref!), 'utf8');
    expect(interdiff).toContain('+// Review v2: Please also read the key from config');
    expect(interdiff).not.toContain('oai.helicone.ai');
    expect(pr?.body).toMatch(
      /## Changes since v1\nWhat v2 changed compared with v1, the version the feedback was about \(the whole change is on the Files tab\):\n\n```+diff\n[^`]*\+\/\/ Review v2: Please also read the key from config\n```/,
    );
    expect(v2.attempts[0]?.interdiffRef).toBeUndefined();

    await handle.signal(reviewCompleteSignal, { approved: true });
    const result = await handle.result();
    expect(result).toMatchObject({ state: 'completed', attempts: 2 });
  });

  it('publishes no version identical to the one in review: feedback the integrator makes no change for keeps v1 in review', async () => {
    const handle = await startIntegration(env.client, inputFor(await sampleAppRepo()));
    const v1 = await waitFor(handle, awaitingReview(1));
    expect(v1.integratorUnderstandsFeedback).toBe(true);
    // The integrator says it acts on feedback, so the update takes the rejection; its commit turns out to be v1's.
    expect(
      await submitReview(env.client, handle.workflowId, { approved: false, feedback: 'Nothing to do: just checking', reviewer: 'ann' }),
    ).toEqual({
      accepted: true,
      attempt: 1,
      next: 'integrating',
    });
    const back = await waitFor(handle, (s) => /^v2 not published/.test(s.message) || ['completed', 'rejected', 'failed'].includes(s.state));
    expect(back).toMatchObject({ state: 'awaiting_review', attempt: 1, reviewPrUrl: v1.reviewPrUrl });
    expect(back.message).toBe(
      `v2 not published: the codemod integrator made no change for the feedback, so its commit is v1's again. v1 is still awaiting review: ${v1.reviewPrUrl}`,
    );
    expect(back.attempts).toHaveLength(1);
    expect(back.attempts[0]).toMatchObject({
      commitSha: v1.attempts[0]!.commitSha,
      feedbackWithoutChange: [
        { feedback: 'Nothing to do: just checking', reviewer: 'ann', reason: expect.stringMatching(/made no change/) },
      ],
    });
    expect(back.attempts[0]!.decision).toBeUndefined();
    const pr = await h.forge.getPullRequest(split(v1.reviewPr!.repo), v1.reviewPr!.number);
    expect(pr?.title).toContain('v1');
    expect(pr?.comments.map((c) => c.body)).toEqual([
      expect.stringMatching(
        /^The feedback on v1 produced no new version: the codemod integrator made no change[\s\S]*\n> Nothing to do: just checking\n/,
      ),
    ]);
    // The integrator ran for v2 and pushed nothing new; v1's commit is still the branch head.
    const names = (await handle.fetchHistory())
      .events!.map((e) => e.activityTaskScheduledEventAttributes?.activityType?.name)
      .filter(Boolean);
    expect(names.filter((n) => n === 'integrate')).toHaveLength(2);
    expect(names.filter((n) => n === 'openReviewPullRequest')).toHaveLength(1);
    expect(names.filter((n) => n === 'commentOnReviewPullRequest')).toHaveLength(1);

    // Feedback it does act on: v2, whose interdiff is against v1 (the version the reviewer saw).
    expect(
      await submitReview(env.client, handle.workflowId, { approved: false, feedback: 'Please add a note', reviewer: 'ann' }),
    ).toMatchObject({ accepted: true, attempt: 1 });
    const v2 = await waitFor(handle, awaitingReview(2));
    expect(v2.attempts.map((a) => a.attempt)).toEqual([1, 2]);
    expect(v2.attempts[1]!.commitSha).not.toBe(v1.attempts[0]!.commitSha);
    const interdiff = await fs.readFile(path.join(h.dataDir, v2.attempts[1]!.interdiffRef!), 'utf8');
    expect(interdiff).toMatch(/^\+\/\/ Review v2: Please add a note$/m);
    expect(interdiff.split('\n').filter((l) => /^[+-][^+-]/.test(l))).toEqual(['+// Review v2: Please add a note']);
    expect(await h.forge.getCommitDiff(split(v2.reviewPr!.repo), v1.attempts[0]!.commitSha!, v2.attempts[1]!.commitSha!)).toBe(interdiff);
    expect(await submitReview(env.client, handle.workflowId, { approved: true })).toMatchObject({
      accepted: true,
      attempt: 2,
      next: 'creating_pr',
    });
    expect(await handle.result()).toMatchObject({ state: 'completed', attempts: 2 });
  });

  it('ends rejected when rejected without feedback', async () => {
    const handle = await startIntegration(env.client, inputFor(await sampleAppRepo()));
    await waitFor(handle, awaitingReview(1));
    await handle.signal(reviewCompleteSignal, { approved: false });
    const result = await handle.result();
    expect(result.state).toBe('rejected');
    expect(result.message).toMatch(/without feedback/);
    expect((await handle.query(getStatusQuery)).state).toBe('rejected');
  });

  it('ends rejected after the third rejected attempt', async () => {
    const handle = await startIntegration(env.client, inputFor(await sampleAppRepo()));
    for (const attempt of [1, 2, 3]) {
      await waitFor(handle, awaitingReview(attempt));
      await handle.signal(reviewCompleteSignal, { approved: false, feedback: `round ${attempt}` });
    }
    const result = await handle.result();
    expect(result).toMatchObject({ state: 'rejected', attempts: 3 });
    expect(result.message).toMatch(/no attempts left/);
  });

  it('records and ignores bad review payloads without breaking the integration', async () => {
    const handle = await startIntegration(env.client, inputFor(await sampleAppRepo()));
    // Before the review is ready: ignored (the workflow is still forking/cloning/integrating).
    await handle.signal(reviewCompleteSignal, { approved: true });
    await waitFor(handle, awaitingReview(1));
    const bad: unknown[] = [
      { approved: 'yes' },
      {},
      null,
      [true],
      'not json',
      { approved: false, feedback: 42 },
      { approved: false, feedback: 'x'.repeat(1024 * 1024) },
    ];
    for (const payload of bad) await handle.signal('reviewChanges', payload);
    let status = await handle.query(getStatusQuery);
    expect(status.state).toBe('awaiting_review');
    expect(status.ignoredSignals.length).toBe(bad.length + 1);
    expect(status.ignoredSignals[0]?.reason).toMatch(/accepted only while awaiting_review/);
    expect(status.ignoredSignals.map((s) => s.reason).join('\n')).toMatch(/"approved" must be true or false, got string "yes"/);
    expect(status.ignoredSignals.at(-1)?.reason).toMatch(/limit is 16000/);
    // The stored preview of a 1 MB payload stays small.
    expect(status.ignoredSignals.at(-1)!.payloadPreview.length).toBeLessThan(300);

    // A JSON document typed as a string in the UI is understood; a second decision is ignored.
    await handle.signal('reviewChanges', '{"approved": true}');
    await handle.signal(reviewCompleteSignal, { approved: false, feedback: 'too late' });
    const result = await handle.result();
    expect(result.state).toBe('completed');
    status = await handle.query(getStatusQuery);
    expect(status.attempts).toHaveLength(1);
  });

  it('completes with "no changes needed" and opens no PR when there is no LLM client', async () => {
    const repo = await noClientsRepo();
    const input = inputFor(repo);
    const handle = await startIntegration(env.client, input);
    const result = await handle.result();
    expect(result.state).toBe('completed');
    expect(result.message).toMatch(/No changes needed/);
    expect(result.finalPrUrl).toBeUndefined();
    expect(await h.forge.listPullRequests({ owner: 'helicone-bot', name: input.repoName })).toEqual([]);
  });

  it('fails fast with a clear message when the repository does not exist', async () => {
    const handle = await startIntegration(env.client, inputFor('/nonexistent/path/to/repo'));
    const err = await handle.result().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WorkflowFailedError);
    const status = await handle.query(getStatusQuery);
    expect(status.state).toBe('failed');
    expect(status.lastError).toMatch(/\/nonexistent\/path\/to\/repo/);
    // Not retried for minutes: the forking activity ran once.
    const history = await handle.fetchHistory();
    const scheduled = history.events!.filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'forkRepository');
    expect(scheduled).toHaveLength(1);
  });

  it('uses the repository default branch even when it is not main', async () => {
    const repo = await makeRepo(
      'dev-branch-app',
      { 'src/ai.ts': "import OpenAI from 'openai';\nexport const ai = new OpenAI({ apiKey: process.env.OPENAI_API_KEY });\n" },
      'develop',
    );
    const handle = await startIntegration(env.client, inputFor(repo));
    const review = await waitFor(handle, awaitingReview(1));
    expect(review.reviewPr?.base).toBe('develop');
    await handle.signal(reviewCompleteSignal, { approved: true });
    await handle.result();
    expect((await handle.query(getStatusQuery)).finalPr?.base).toBe('develop');
  });
});

function split(repo: string) {
  const [owner = '', name = ''] = repo.split('/');
  return { owner, name };
}
