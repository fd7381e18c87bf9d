/**
 * Status reports to Helicone are off the integration's critical path: a status endpoint that does not answer delays
 * no state change, yet every report still goes out, in order, before the workflow closes.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startDevServer } from '../../src/adapters/temporal/dev-server';
import { startIntegration } from '../../src/cli/start-integration';
import type { StatusReport } from '../../src/shared/types';
import { reviewCompleteSignal } from '../../src/workflows/definitions';
import { sampleAppRepo } from '../helpers/fixture-repos';
import { awaitingReview, inputFor, startHarness, waitFor, type Harness } from '../helpers/integration-harness';

let env: TestWorkflowEnvironment;
let h: Harness;
let openGate!: () => void;
const gate = new Promise<void>((resolve) => (openGate = resolve));
const delivered: StatusReport[] = [];

beforeAll(async () => {
  env = await startDevServer({});
  // An endpoint that holds every report until the gate opens (well within the activity's 30 s timeout).
  h = await startHarness(env, {
    reporter: {
      enabled: true,
      async report(r) {
        await gate;
        delivered.push(r);
      },
    },
  });
});

afterAll(async () => {
  openGate();
  await h?.stop();
  await env?.teardown();
});

it('reaches review while no report has been answered, then delivers every report in order before it ends', async () => {
  const input = inputFor(await sampleAppRepo());
  const handle = await startIntegration(env.client, input);

  const review = await waitFor(handle, awaitingReview(1), 25_000);
  expect(review.state).toBe('awaiting_review');
  expect(delivered).toEqual([]);

  openGate();
  await handle.signal(reviewCompleteSignal, { approved: true });
  const result = await handle.result();
  expect(result.state).toBe('completed');
  // The workflow closed only after its last report went out.
  expect(delivered.map((r) => r.state)).toEqual([
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
  expect(delivered.every((r) => r.integrationId === input.integrationId)).toBe(true);
}, 90_000);
