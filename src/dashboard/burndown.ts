/**
 * The campaign burndown's numbers: each upstream PR as "open from `openedAt`, then its current state from `since`",
 * swept into a step series (how many PRs were open, changes requested, merged, closed after each instant) and the
 * merge rates. Pure and deterministic (sorted, clamped, no clock of its own): the page passes `now`.
 *
 * Only a PR's current state has a time: a PR that had changes requested and was merged later is drawn open, then
 * merged (the tracker keeps no history of its states; see docs/dashboard.md).
 */
import type { UpstreamPrState } from '../shared/types';

export const PR_STATES = ['open', 'changes_requested', 'merged', 'closed'] as const satisfies readonly UpstreamPrState[];

export type StateCounts = Record<UpstreamPrState, number>;

export interface PrTimeline {
  /** When the PR was opened upstream (ms since the epoch). */
  openedAt: number;
  state: UpstreamPrState;
  /** When it reached `state` (ms); unknown for a state other than open means "seen now", so it counts from `now`. */
  since?: number;
}

export interface BurndownPoint {
  /** ms since the epoch. */
  t: number;
  /** The counts from `t` on (every event at `t` applied). */
  counts: StateCounts;
}

export interface BurndownSeries {
  /** PRs opened (no PR leaves the chart: every one is in exactly one state once opened). */
  total: number;
  /** The first event, or `end` when there is none. */
  start: number;
  /** `now`, or the last event if a clock skew put one later. */
  end: number;
  /** One point per distinct event time, in time order. */
  points: BurndownPoint[];
  /** The counts at `end`. */
  now: StateCounts;
}

export const zeroCounts = (): StateCounts => ({ open: 0, changes_requested: 0, merged: 0, closed: 0 });

/**
 * The step series of `prs` up to `now`. A transition before its PR's opening (the forge's clock against Temporal's)
 * is moved to the opening; an event after `now` stretches the series to it rather than being dropped.
 */
export function burndownSeries(prs: readonly PrTimeline[], now: number): BurndownSeries {
  const deltas = new Map<number, StateCounts>();
  const at = (t: number) => {
    let d = deltas.get(t);
    if (!d) deltas.set(t, (d = zeroCounts()));
    return d;
  };
  for (const pr of prs) {
    if (!Number.isFinite(pr.openedAt)) throw new Error(`PR timeline with an invalid openedAt: ${String(pr.openedAt)}`);
    at(pr.openedAt).open++;
    if (pr.state === 'open') continue;
    const since = Math.max(pr.openedAt, pr.since !== undefined && Number.isFinite(pr.since) ? pr.since : now);
    const d = at(since);
    d.open--;
    d[pr.state]++;
  }
  const times = [...deltas.keys()].sort((a, b) => a - b);
  const counts = zeroCounts();
  const points = times.map((t) => {
    const d = deltas.get(t)!;
    for (const s of PR_STATES) counts[s] += d[s];
    return { t, counts: { ...counts } };
  });
  const end = Math.max(now, times.at(-1) ?? now);
  return { total: prs.length, start: times[0] ?? end, end, points, now: { ...counts } };
}

/** The counts in effect at `t` (zero before the first event). */
export function countsAt(series: BurndownSeries, t: number): StateCounts {
  let found = zeroCounts();
  for (const p of series.points) {
    if (p.t > t) break;
    found = p.counts;
  }
  return { ...found };
}

export interface MergeRates {
  merged: number;
  /** Merged or closed: the PRs maintainers have decided on. */
  decided: number;
  opened: number;
  /** merged / (merged + closed), undefined before any decision. */
  ofDecided?: number;
  /** merged / all opened, undefined before any PR. */
  ofOpened?: number;
}

export function mergeRates(counts: StateCounts): MergeRates {
  const opened = PR_STATES.reduce((n, s) => n + counts[s], 0);
  const decided = counts.merged + counts.closed;
  return {
    merged: counts.merged,
    decided,
    opened,
    ...(decided ? { ofDecided: counts.merged / decided } : {}),
    ...(opened ? { ofOpened: counts.merged / opened } : {}),
  };
}

/** A rate as a whole percentage, "–" when there is nothing to divide by. */
export function percent(rate: number | undefined): string {
  return rate === undefined ? '–' : `${Math.round(rate * 100)}%`;
}
