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
const reporter = {
  enabled: true,
  async report(r: StatusReport) {
    await gate;
    delivered.push(r);
  },
};

/** The activity types a history scheduled, and the local activities it recorded as markers, in order. */
async function stepsOf(handle: { fetchHistory(): Promise<{ events?: unknown[] | null }> }) {
  const events = ((await handle.fetchHistory()).events ?? []) as {
    activityTaskScheduledEventAttributes?: { activityType?: { name?: string } };
    markerRecordedEventAttributes?: { markerName?: string; details?: Record<string, { payloads?: { data?: Uint8Array | string }[] }> };
  }[];
  const scheduled = events.map((e) => e.activityTaskScheduledEventAttributes?.activityType?.name).filter(Boolean);
  const local = events
    .filter((e) => e.markerRecordedEventAttributes?.markerName === 'core_local_activity')
    .map((e) => {
      const data = e.markerRecordedEventAttributes!.details?.data?.payloads?.[0]?.data;
      // The marker's data: JSON (base64 in a fetched history) with the local activity's type.
      const json = typeof data === 'string' ? Buffer.from(data, 'base64').toString() : Buffer.from(data ?? []).toString();
      return (JSON.parse(json || '{}') as { activity_type?: string }).activity_type;
    });
  return { scheduled, local };
}

beforeAll(async () => {
  env = await startDevServer({});
  // An endpoint that holds every report until the gate opens (well within the activity's 30 s timeout).
  h = await startHarness(env, { reporter });
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
  // Each change noted here (a local activity), then delivered through the task queue.
  const { scheduled, local } = await stepsOf(handle);
  expect(local.filter((t) => t === 'noteStatus')).toHaveLength(9);
  expect(scheduled.filter((t) => t === 'deliverStatus')).toHaveLength(9);
  expect(scheduled).not.toContain('reportStatus');
}, 90_000);

it('without a status endpoint, a state change costs no activity task: only the steps go through the task queue', async () => {
  reporter.enabled = false;
  const before = delivered.length;
  const handle = await startIntegration(env.client, inputFor(await sampleAppRepo()));
  await waitFor(handle, awaitingReview(1), 25_000);
  const { scheduled, local } = await stepsOf(handle);
  expect(scheduled).toEqual(['forkRepository', 'cloneRepository', 'integrate', 'pushBranch', 'proveChange', 'openReviewPullRequest']);
  // forking … awaiting_review, each noted (the metrics count states from it).
  expect(local).toEqual(Array(7).fill('noteStatus'));
  expect(delivered.length).toBe(before);
  await handle.terminate('test done');
}, 60_000);
