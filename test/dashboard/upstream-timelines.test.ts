/**
 * What the campaign burndown reads from trackers, on a real dev server with stand-in trackers (test/helpers/
 * stand-in-trackers.ts): opening times across continue-as-new, the forge's merge time from an ended tracker's
 * result, the close time of a terminated one, the time changes were requested from the history, an id reused after
 * an ended run, the caches (a second read asks Temporal only for what may have changed) and the budget of result
 * reads per call.
 */
import path from 'node:path';
import type { WorkflowHandleWithFirstExecutionRunId } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { startDevServer } from '../../src/adapters/temporal/dev-server';
import { UpstreamTimelines } from '../../src/dashboard/upstream-timelines';
import { upstreamPrStateKey } from '../../src/workflows/definitions';
import type { StandInTracker } from '../helpers/stand-in-trackers';

const QUEUE = 'stand-in-trackers';
let env: TestWorkflowEnvironment;
let worker: Worker;
let running: Promise<void>;

beforeAll(async () => {
  env = await startDevServer({});
  worker = await Worker.create({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue: QUEUE,
    workflowsPath: path.join(__dirname, '..', 'helpers', 'stand-in-trackers.ts'),
  });
  running = worker.run();
}, 120_000);

afterAll(async () => {
  worker?.shutdown();
  await running;
  await env?.teardown();
});

const start = (id: string, input: StandInTracker): Promise<WorkflowHandleWithFirstExecutionRunId> =>
  env.client.workflow.start('pullRequestTrackerWorkflow', { taskQueue: QUEUE, workflowId: id, args: [input] });

async function until(check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}

it("reads each PR's opening and the time of its current state, then only what may have changed", async () => {
  const open = await start('track-t-open', { steps: [], wait: true });
  const merged = await start('track-t-merged', {
    steps: [{ state: 'merged', afterMs: 50 }],
    result: { mergedAt: '2026-01-02T03:04:05.000Z' },
  });
  // Changes requested, then the tracker continues as new: the time is the first run's upsert, not the second run's start.
  const carried = await start('track-t-carried', {
    steps: [{ state: 'changes_requested', afterMs: 400, continueAsNew: true }],
    wait: true,
  });
  // Requested, answered (open again), requested again: the time is the second request.
  const again = await start('track-t-again', {
    steps: [
      { state: 'changes_requested', afterMs: 100 },
      { state: 'open', afterMs: 100 },
      { state: 'changes_requested', afterMs: 300 },
    ],
    wait: true,
  });
  const terminated = await start('track-t-terminated', { steps: [{ state: 'closed', afterMs: 50 }], wait: true });
  // An id reused after its first tracker ended: only the new run counts.
  const first = await start('track-t-reused', {
    steps: [{ state: 'closed', afterMs: 10 }],
    result: { closedAt: '2026-01-01T00:00:00.000Z' },
  });
  await first.result();
  await merged.result();
  // Closed after `merged` (the budget below reads the most recently closed first).
  const merged2 = await start('track-t-merged2', {
    steps: [{ state: 'merged', afterMs: 300 }],
    result: { mergedAt: '2026-01-03T00:00:00.000Z' },
  });
  await merged2.result();
  const reused = await start('track-t-reused', { steps: [], wait: true });

  await until(async () => (await terminated.describe()).typedSearchAttributes.get(upstreamPrStateKey) === 'closed');
  await terminated.terminate('gone');
  await until(
    async () =>
      (
        await env.client.workflow.count(
          `WorkflowType = 'pullRequestTrackerWorkflow' AND ExecutionStatus = 'Running' AND UpstreamPrState = 'changes_requested'`,
        )
      ).count === 2,
  );
  await until(async () => (await env.client.workflow.count(`WorkflowType = 'pullRequestTrackerWorkflow'`)).count === 9);

  let calls = 0;
  const reader = new UpstreamTimelines(env.client, (fn) => {
    calls++;
    return fn();
  });
  const ids = [
    'track-t-open',
    'track-t-merged',
    'track-t-merged2',
    'track-t-carried',
    'track-t-again',
    'track-t-terminated',
    'track-t-reused',
    'track-t-none',
  ];
  const got = await reader.of(ids);

  const startOf = async (h: WorkflowHandleWithFirstExecutionRunId) =>
    (await env.client.workflow.getHandle(h.workflowId, h.firstExecutionRunId).describe()).startTime.getTime();
  expect([...got.keys()].sort()).toEqual(ids.filter((id) => id !== 'track-t-none').sort());
  expect(got.get('track-t-open')).toEqual({ openedAt: await startOf(open), state: 'open' });
  expect(got.get('track-t-merged')).toEqual({
    openedAt: await startOf(merged),
    state: 'merged',
    since: Date.parse('2026-01-02T03:04:05.000Z'),
  });

  const carriedRuns: Date[] = [];
  for await (const wf of env.client.workflow.list({ query: `WorkflowId = 'track-t-carried'` })) carriedRuns.push(wf.startTime);
  carriedRuns.sort((a, b) => a.getTime() - b.getTime());
  expect(carriedRuns).toHaveLength(2);
  const c = got.get('track-t-carried')!;
  expect(c.openedAt).toBe(carriedRuns[0]!.getTime());
  expect(c.state).toBe('changes_requested');
  expect(c.since! - c.openedAt).toBeGreaterThanOrEqual(400);
  expect(c.since!).toBeLessThanOrEqual(carriedRuns[1]!.getTime());

  const a = got.get('track-t-again')!;
  expect(a.state).toBe('changes_requested');
  expect(a.since! - a.openedAt).toBeGreaterThanOrEqual(500);

  const t = got.get('track-t-terminated')!;
  expect(t.state).toBe('closed');
  expect(t.since).toBe((await terminated.describe()).closeTime!.getTime());

  expect(got.get('track-t-reused')).toEqual({ openedAt: (await reused.describe()).startTime.getTime(), state: 'open' });

  // Again: one list of the trackers still running and nothing else; the ended ones are settled (not listed), the
  // unchanged histories cached.
  calls = 0;
  const list = vi.spyOn(env.client.workflowService, 'listWorkflowExecutions');
  expect(await reader.of(ids)).toEqual(got);
  expect(calls).toBe(1);
  const listed = String(list.mock.calls[0]![0].query);
  list.mockRestore();
  for (const id of ['track-t-open', 'track-t-carried', 'track-t-again', 'track-t-reused', 'track-t-none'])
    expect(listed).toContain(`"${id}"`);
  for (const id of ['track-t-merged', 'track-t-merged2', 'track-t-terminated']) expect(listed).not.toContain(`"${id}"`);

  // With a budget of one result read per call: the most recently closed is read first, the other drawn at its
  // tracker's close time until the next call reads it.
  const budgeted = new UpstreamTimelines(env.client, undefined, { resultReads: 1 });
  const once = await budgeted.of(['track-t-merged', 'track-t-merged2']);
  expect(once.get('track-t-merged2')!.since).toBe(Date.parse('2026-01-03T00:00:00.000Z'));
  expect(once.get('track-t-merged')!.since).toBe((await merged.describe()).closeTime!.getTime());
  const twice = await budgeted.of(['track-t-merged', 'track-t-merged2']);
  expect(twice.get('track-t-merged')!.since).toBe(Date.parse('2026-01-02T03:04:05.000Z'));
  expect(twice.get('track-t-merged2')!.since).toBe(Date.parse('2026-01-03T00:00:00.000Z'));

  await open.terminate();
  await carried.terminate();
  await again.terminate();
  await reused.terminate();
}, 90_000);

it('takes the time of each state from `UpstreamPrSince` when the tracker records it, with no history or result read', async () => {
  // Times far from the runs' own: a value drawn from an event or a result instead would not match.
  const requested = await start('track-s-requested', {
    steps: [{ state: 'changes_requested', afterMs: 10, since: '2026-02-01T10:00:00.000Z', continueAsNew: true }],
    wait: true,
  });
  const merged = await start('track-s-merged', {
    steps: [{ state: 'merged', afterMs: 10, since: '2026-02-02T10:00:00.000Z' }],
    result: { mergedAt: '2026-02-09T00:00:00.000Z' },
  });
  await merged.result();
  await until(
    async () =>
      (await env.client.workflow.count(`WorkflowId = 'track-s-requested' AND ExecutionStatus = 'Running' AND UpstreamPrSince != ''`))
        .count === 1,
  );

  let calls = 0;
  const reader = new UpstreamTimelines(env.client, (fn) => {
    calls++;
    return fn();
  });
  const reverse = vi.spyOn(env.client.workflowService, 'getWorkflowExecutionHistoryReverse');
  const history = vi.spyOn(env.client.workflowService, 'getWorkflowExecutionHistory');
  const got = await reader.of(['track-s-requested', 'track-s-merged']);
  expect(got.get('track-s-requested')).toMatchObject({ state: 'changes_requested', since: Date.parse('2026-02-01T10:00:00.000Z') });
  expect(got.get('track-s-merged')).toMatchObject({ state: 'merged', since: Date.parse('2026-02-02T10:00:00.000Z') });
  // The visibility list only.
  expect(calls).toBe(1);
  expect(reverse).not.toHaveBeenCalled();
  expect(history).not.toHaveBeenCalled();
  reverse.mockRestore();
  history.mockRestore();
  await requested.terminate();
}, 60_000);
