/**
 * The proof inside the integration workflow, on a real dev server and the real sandbox (offline, see
 * test/helpers/proof-sandbox.ts): the sample app's review PR shows the proof table and its upstream PR the testing
 * lines; a change that breaks a test is marked at the top of the review PR (codemod), fails the integration under
 * PROOF=required, and is sent back once to an integrator that understands feedback, whose rework is proved again.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { WorkflowFailedError } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Integrator, IntegratorContext, IntegratorOutcome } from '../../src/adapters/integrator/integrator';
import { startDevServer } from '../../src/adapters/temporal/dev-server';
import { startIntegration } from '../../src/cli/start-integration';
import { getStatusQuery, reviewCompleteSignal } from '../../src/workflows/definitions';
import { makeRepo, sampleAppRepo } from '../helpers/fixture-repos';
import { awaitingReview, inputFor, startHarness, waitFor, type Harness } from '../helpers/integration-harness';
import { testProof } from '../helpers/proof-sandbox';

let env: TestWorkflowEnvironment;
/** The one worker polling the queue; tests that need other settings switch to a new one. */
let h: Harness | undefined;
async function switchTo(opts: Parameters<typeof startHarness>[1]): Promise<Harness> {
  await h?.stop();
  h = await startHarness(env, opts);
  return h;
}
const agent = new (class implements Integrator {
  readonly name = 'claude-code';
  readonly understandsFeedback = true;
  readonly calls: IntegratorContext[] = [];
  async integrate(ctx: IntegratorContext): Promise<IntegratorOutcome> {
    this.calls.push(ctx);
    const file = path.join(ctx.workdir, 'src', 'math.js');
    // First pass: a change that breaks the project's own test; sent back with the failing check, it repairs it.
    const fixing = /repository's own checks/.test(ctx.policyFeedback ?? '');
    await fs.writeFile(
      file,
      fixing ? '// Reviewed for Helicone: no LLM client here.\nexports.add = (a, b) => a + b;\n' : 'exports.add = (a, b) => a - b;\n',
    );
    return {
      filesChanged: ['src/math.js'],
      sites: [],
      summary: fixing ? 'Repaired add().' : 'Touched add().',
      agent: {
        sessionId: 'session-1',
        turns: 1,
        costUsd: 0.01,
        usage: { inputTokens: 1, outputTokens: 1, cacheReadTokens: 0, cacheCreationTokens: 0 },
        toolCalls: [],
        permissionDenials: [],
        resumed: !!ctx.previousSessionId,
        freshFallback: false,
        transcriptRef: 'x',
      },
    };
  }
})();

/** A small app whose test pins the OpenAI client's default base URL: the codemod's opt-in route breaks it with the key. */
const pinnedApp = () =>
  makeRepo('pinned-client', {
    'package.json': JSON.stringify({ name: 'pinned', private: true, scripts: { test: 'node --test' } }),
    'src/client.js':
      "const OpenAI = require('openai');\n\nexports.client = new OpenAI({ apiKey: process.env.OPENAI_API_KEY || 'sk-test' });\n",
    'test/client.test.js':
      "const test = require('node:test');\nconst assert = require('node:assert');\nconst { client } = require('../src/client');\n\ntest('default base URL', () => assert.strictEqual(client.baseURL, 'https://api.openai.com/v1'));\n",
  });

beforeAll(async () => {
  env = await startDevServer({});
  await switchTo({ proof: await testProof() });
}, 180_000);

afterAll(async () => {
  await h?.stop();
  await env?.teardown();
});

describe('the proof in the workflow', () => {
  it("shows the sample app's type-check and test in the review PR, and the testing lines upstream", async () => {
    const handle = await startIntegration(env.client, inputFor(await sampleAppRepo()));
    const review = await waitFor(handle, awaitingReview(1), 120_000);
    expect(review.state).toBe('awaiting_review');
    expect(review.timeline.map((t) => t.state)).toContain('proving');
    const proof = review.attempts[0]?.proof;
    expect(proof?.outcome).toBe('passed');
    const byId = Object.fromEntries(proof!.rows.map((r) => [r.id, r]));
    expect(byId.typecheck).toMatchObject({
      command: 'npm run typecheck',
      verdict: 'ok',
      before: { status: 'passed' },
      after: { status: 'passed' },
    });
    expect(byId.test).toMatchObject({ command: 'npm run test', verdict: 'ok', afterWithKey: { status: 'passed' } });
    // Offline (no registry in tests) the install cannot fetch the SDKs, on the base as well: reported, not blocking.
    expect(byId.install?.verdict).toBe('pre-existing');
    const body = (await h!.forge.getPullRequest(split(review.reviewPr!.repo), review.reviewPr!.number))!.body;
    expect(body).not.toMatch(/^> \[!CAUTION\]/);
    expect(body).toMatch(/## Proof\n/);
    expect(body).toMatch(/\| step \| before \| after, without key \| after, with key \| verdict \|/);
    expect(body).toMatch(/\| `npm run test` \| ✅ passed[^|]*\| ✅ passed[^|]*\| ✅ passed[^|]*\| ok \|/);
    expect(body).toMatch(/\| `npm run typecheck` \| ✅ passed[^|]*\| ✅ passed[^|]*\| not key-dependent \| ok \|/);

    await handle.signal(reviewCompleteSignal, { approved: true });
    await handle.result();
    const status = await handle.query(getStatusQuery);
    const upstream = (await h!.forge.getPullRequest(split(status.finalPr!.repo), status.finalPr!.number))!.body;
    expect(upstream).toMatch(
      /## How it was checked[\s\S]*The project's own checks pass before and after this change, without `HELICONE_API_KEY` and with it set: `npm run typecheck`, `npm run test`/,
    );
  });

  it('marks a change that breaks a test at the top of the review PR (the codemod takes no feedback)', async () => {
    const handle = await startIntegration(env.client, inputFor(await pinnedApp()));
    const review = await waitFor(handle, awaitingReview(1), 90_000);
    expect(review.state).toBe('awaiting_review');
    const proof = review.attempts[0]!.proof!;
    expect(proof.outcome).toBe('blocked');
    expect(proof.rows.find((r) => r.id === 'test')).toMatchObject({
      verdict: 'blocking',
      after: { status: 'passed' },
      afterWithKey: { status: 'failed' },
    });
    const body = (await h!.forge.getPullRequest(split(review.reviewPr!.repo), review.reviewPr!.number))!.body;
    expect(body).toMatch(
      /^> \[!CAUTION\]\n> The repository's own checks pass before this change and fail after it:\n> - `npm run test`: passes before the change and fails after it, with HELICONE_API_KEY set/,
    );
    await handle.cancel();
  });

  it('fails the integration with PROOF=required when a step newly fails', async () => {
    await switchTo({ proof: await testProof({ mode: 'required' }) });
    const handle = await startIntegration(env.client, inputFor(await pinnedApp()));
    const err = await handle.result().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WorkflowFailedError);
    const status = await handle.query(getStatusQuery);
    expect(status.state).toBe('failed');
    expect(status.lastError).toMatch(/The proof did not pass \(PROOF=required\): Newly failing: `npm run test`/);
    expect(status.timeline.map((t) => t.state)).not.toContain('creating_review_pr');
  });

  it('sends newly failing checks back once to an integrator that takes feedback, and proves the rework', async () => {
    const reworking = await switchTo({ proof: await testProof(), integrator: () => agent });
    const repo = await makeRepo('reworked', {
      'package.json': JSON.stringify({ name: 'reworked', private: true, scripts: { test: 'node --test' } }),
      'src/math.js': 'exports.add = (a, b) => a + b;\n',
      'test/math.test.js':
        "const test = require('node:test');\nconst assert = require('node:assert');\nconst { add } = require('../src/math');\n\ntest('add', () => assert.strictEqual(add(2, 2), 4));\n",
    });
    const handle = await startIntegration(env.client, inputFor(repo));
    const review = await waitFor(handle, awaitingReview(1), 90_000);
    expect(review.state).toBe('awaiting_review');
    expect(agent.calls).toHaveLength(2);
    expect(agent.calls[1]!.policyFeedback).toMatch(
      /`npm run test` passes before the change and fails after it, without and with HELICONE_API_KEY/,
    );
    expect(agent.calls[1]!.previousSessionId).toBe('session-1');
    const proof = review.attempts[0]!.proof!;
    expect(proof).toMatchObject({ outcome: 'passed', afterSendBack: true });
    expect(review.timeline.filter((t) => t.state === 'proving')).toHaveLength(2);
    expect(review.attempts[0]!.summary).toBe('Touched add(). Repaired add().');
    // The rework is folded into the version's one commit.
    const pr = (await reworking.forge.getPullRequest(split(review.reviewPr!.repo), review.reviewPr!.number))!;
    const diff = await reworking.forge.getPullRequestDiff(split(review.reviewPr!.repo), review.reviewPr!.number);
    expect(diff).toContain('Reviewed for Helicone');
    expect(diff).not.toContain('a - b');
    expect(pr.body).not.toContain('[!CAUTION]');
    await handle.cancel();
  });
});

function split(repo: string) {
  const [owner = '', name = ''] = repo.split('/');
  return { owner, name };
}
