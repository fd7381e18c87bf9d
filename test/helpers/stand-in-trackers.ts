/**
 * Stand-ins for the upstream PR tracker (same type name, same `UpstreamPrState` / `UpstreamPrSince` upserts and result fields) playing a
 * scripted sequence of states, for tests of what the dashboard reads from trackers' visibility and histories.
 */
import { condition, continueAsNew, sleep, upsertSearchAttributes } from '@temporalio/workflow';
import type { UpstreamPrState } from '../../src/shared/types';
import { upstreamPrSinceKey, upstreamPrStateKey } from '../../src/workflows/definitions';

export interface StandInStep {
  state: UpstreamPrState;
  afterMs: number;
  /** Upsert `UpstreamPrSince` with this time too, as trackers since the patch `tracker-state-since` do. */
  since?: string;
  /** Continue as new right after this step (the next run starts by repeating the state, as the tracker does). */
  continueAsNew?: boolean;
}

export interface StandInTracker {
  steps: StandInStep[];
  /** The state a continued run starts with, and its `UpstreamPrSince` when it had one. */
  carried?: UpstreamPrState;
  carriedSince?: string;
  /** Wait forever after the steps (a PR still being tracked); otherwise return `result`. */
  wait?: boolean;
  result?: { mergedAt?: string; closedAt?: string };
}

export async function pullRequestTrackerWorkflow(input: StandInTracker): Promise<{ mergedAt?: string; closedAt?: string }> {
  upsertSearchAttributes([
    { key: upstreamPrStateKey, value: input.carried ?? 'open' },
    ...(input.carriedSince ? [{ key: upstreamPrSinceKey, value: input.carriedSince }] : []),
  ]);
  for (const [i, step] of input.steps.entries()) {
    await sleep(step.afterMs);
    upsertSearchAttributes([
      { key: upstreamPrStateKey, value: step.state },
      ...(step.since ? [{ key: upstreamPrSinceKey, value: step.since }] : []),
    ]);
    if (step.continueAsNew)
      await continueAsNew<typeof pullRequestTrackerWorkflow>({
        ...input,
        steps: input.steps.slice(i + 1),
        carried: step.state,
        ...(step.since ? { carriedSince: step.since } : {}),
      });
  }
  if (input.wait) await condition(() => false);
  return input.result ?? {};
}
