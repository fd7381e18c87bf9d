/**
 * The review timeout on Temporal's time-skipping test server: seven days pass in moments, and the integration ends
 * `failed` with the reason, its review PR closed.
 */
import { WorkflowFailedError } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTimeSkippingServer } from '../../src/adapters/temporal/dev-server';
import { startIntegration } from '../../src/cli/start-integration';
import { getStatusQuery } from '../../src/workflows/definitions';
import { sampleAppRepo } from '../helpers/fixture-repos';
import { inputFor, startHarness, type Harness } from '../helpers/integration-harness';

let env: TestWorkflowEnvironment;
let h: Harness;

beforeAll(async () => {
  env = await startTimeSkippingServer();
  h = await startHarness(env);
});

afterAll(async () => {
  await h?.stop();
  await env?.teardown();
});

it('fails with the reason when nobody reviews within the timeout (default 7 days)', async () => {
  const input = inputFor(await sampleAppRepo());
  delete input.reviewTimeout;
  const handle = await startIntegration(env.client, input);
  const err = await handle.result().catch((e: unknown) => e);
  expect(err).toBeInstanceOf(WorkflowFailedError);

  const status = await handle.query(getStatusQuery);
  // Workflow time between the review PR being ready and the failure: the timeout, not real time.
  const at = (state: string) => Date.parse(status.timeline.find((t) => t.state === state)!.at);
  const waitedDays = (at('failed') - at('awaiting_review')) / 86_400_000;
  expect(waitedDays).toBeGreaterThanOrEqual(7);
  expect(waitedDays).toBeLessThan(7.01);
  expect(status.state).toBe('failed');
  expect(status.lastError).toBe('No review within 7 days');
  const pr = await h.forge.findPullRequest(
    { owner: 'helicone-bot', name: input.repoName },
    { owner: 'helicone-bot', branch: status.reviewPr!.head },
  );
  expect(pr?.state).toBe('closed');
});

it('honours a configured review timeout', async () => {
  const handle = await startIntegration(env.client, inputFor(await sampleAppRepo(), { reviewTimeout: '36 hours' }));
  await handle.result().catch(() => undefined);
  expect((await handle.query(getStatusQuery)).lastError).toBe('No review within 36 hours');
});
