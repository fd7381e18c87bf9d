/**
 * When each of a campaign's upstream PRs was opened and reached its current state, read from Temporal without
 * asking any worker (no queries, so nothing is replayed however many PRs there are):
 * - one visibility list over the trackers (`track-<integration id>`, runsById): every run's start and close time,
 *   status, `UpstreamPrState` and `UpstreamPrSince`. Opened = the start of the tracker's first run (the integration
 *   starts it right after opening the PR; runs continued-as-new are followed back);
 * - a tracker since the patch `tracker-state-since` says when its state began (`UpstreamPrSince`): nothing more is
 *   read for it. Trackers started before it have no such attribute, and their times are read as follows;
 * - merged / closed: the forge's `mergedAt` / `closedAt` from the ended tracker's result (its close event, one
 *   history read, at most RESULT_READS per call); the tracker's close time when there is no result (failed,
 *   terminated) or before its result is read;
 * - changes requested: the tracker records no time for it, so the time is the `UpstreamPrState` upsert that set it,
 *   read newest-first from the tracker's history (at most one poll interval after the review), cached until the
 *   run's visibility record changes (its history length there moves with every upsert, so with every state change).
 * The reads after the list run a few at a time (LANES), each under the dashboard's Temporal deadline. A tracker that
 * has ended, once its times are final, is kept (`settled`) and neither listed nor read again: an ended run never
 * changes (so an integration id reused later, whose new tracker has the same id, is not seen once the first settled).
 */
import type { Client } from '@temporalio/client';
import { decodeTypedSearchAttributes } from '@temporalio/common/lib/converter/payload-search-attributes';
import { optionalTsToMs } from '@temporalio/common/lib/time';
import type { temporal } from '@temporalio/proto';
import { inLanes } from '../shared/in-lanes';
import type { UpstreamPrState } from '../shared/types';
import { upstreamPrSinceKey, upstreamPrStateKey } from '../workflows/definitions';
import type { PullRequestTracking } from '../workflows/pull-request-tracker-definitions';
import type { PrTimeline } from './burndown';
import { runsById, type RunInfo } from './visibility-by-id';

/** Result and history reads in flight at once. */
export const LANES = 8;
/**
 * Ended trackers' results read per call at most (the most recently closed first): the first page load after the
 * dashboard starts draws the rest at their trackers' close times, later loads refine them, and no load waits for a
 * whole campaign's worth of reads.
 */
export const RESULT_READS = 100;
/** Cached entries at most (per cache): far more than a campaign's PRs, bounded for a long-running dashboard. */
const CACHE_MAX = 20_000;

const STATES = new Set<string>(['open', 'changes_requested', 'merged', 'closed']);

export class UpstreamTimelines {
  /** Tracker id → its timeline once the tracker has ended and every time in it is final: not listed again. */
  private readonly settled = new Map<string, PrTimeline>();
  /** `runId:historyLength` of the latest run → when changes were requested. */
  private readonly requested = new Map<string, number | undefined>();

  private readonly lanes: number;
  private readonly resultReads: number;

  constructor(
    private readonly client: Client,
    private readonly temporal: <R>(fn: () => Promise<R>) => Promise<R> = (fn) => fn(),
    opts: { lanes?: number; resultReads?: number } = {},
  ) {
    this.lanes = opts.lanes ?? LANES;
    this.resultReads = opts.resultReads ?? RESULT_READS;
  }

  /** The timelines of the trackers with these ids that exist (an integration without a final PR has none), by id. */
  async of(trackerIds: readonly string[]): Promise<Map<string, PrTimeline>> {
    // A settled tracker is not listed: in a campaign that has run for a while, most are.
    const runs = await runsById(
      this.client,
      this.temporal,
      'pullRequestTrackerWorkflow',
      trackerIds.filter((id) => !this.settled.has(id)),
    );
    const chains = new Map([...runs].map(([id, list]) => [id, currentChain(list)]));
    const unread = [...chains.values()]
      .map((chain) => chain.at(-1)!)
      .filter((run) => run.status.name === 'COMPLETED' && ['merged', 'closed'].includes(stateOf(run)) && sinceOf(run) === undefined)
      .sort((a, b) => (b.closeTime?.getTime() ?? 0) - (a.closeTime?.getTime() ?? 0) || a.runId.localeCompare(b.runId));
    const readNow = new Set(unread.slice(0, this.resultReads).map((run) => run.runId));
    const fresh = new Map<string, PrTimeline>();
    await inLanes(
      [...chains.keys()],
      async (id) => {
        const chain = chains.get(id)!;
        const latest = chain.at(-1)!;
        const state = stateOf(latest);
        const recorded = state === 'open' ? undefined : sinceOf(latest);
        const { since, final } =
          recorded !== undefined
            ? { since: recorded, final: true }
            : state === 'merged' || state === 'closed'
              ? await this.endedAt(latest, state, readNow.has(latest.runId))
              : state === 'changes_requested'
                ? await this.requestedAt(chain)
                : { since: undefined, final: true };
        const timeline: PrTimeline = { openedAt: chain[0]!.startTime.getTime(), state, ...(since !== undefined ? { since } : {}) };
        fresh.set(id, timeline);
        const ended = latest.status.name !== 'RUNNING' && latest.status.name !== 'CONTINUED_AS_NEW';
        if (ended && final) remember(this.settled, id, timeline);
      },
      this.lanes,
    );
    const out = new Map<string, PrTimeline>();
    for (const id of [...new Set(trackerIds)].sort()) {
      const t = this.settled.get(id) ?? fresh.get(id);
      if (t) out.set(id, t);
    }
    return out;
  }

  /** When the PR was merged or closed; `final` once nothing better can be read later. */
  private async endedAt(run: RunInfo, state: 'merged' | 'closed', read: boolean): Promise<{ since?: number; final: boolean }> {
    const closed = run.closeTime?.getTime();
    // Failed or terminated: there is no result, the close time is all there is.
    if (run.status.name !== 'COMPLETED') return { since: closed, final: true };
    // Over this call's budget: the close time for now (when the tracker saw it), the result on a later call.
    if (!read) return { since: closed, final: false };
    try {
      const result = await this.temporal(() =>
        this.client.workflow.getHandle<() => Promise<PullRequestTracking>>(run.workflowId, run.runId).result(),
      );
      const forge = Date.parse((state === 'merged' ? result.mergedAt : result.closedAt) ?? '');
      return { since: Number.isFinite(forge) ? forge : closed, final: true };
    } catch {
      return { since: closed, final: false };
    }
  }

  /**
   * The time of the upsert that set `changes_requested`, newest first: the oldest of the latest unbroken sequence of
   * such upserts, going back through earlier runs (each run repeats the carried state when it starts).
   */
  private async requestedAt(chain: RunInfo[]): Promise<{ since?: number; final: boolean }> {
    const latest = chain.at(-1)!;
    const key = `${latest.runId}:${latest.historyLength}`;
    if (this.requested.has(key)) return { since: this.requested.get(key), final: true };
    let since: number | undefined;
    try {
      search: for (const run of [...chain].reverse()) {
        for await (const ev of this.newestFirst(run)) {
          const value = prStateOf(ev);
          if (value === undefined) continue;
          if (value !== 'changes_requested') break search;
          since = optionalTsToMs(ev.eventTime);
        }
      }
    } catch {
      // A slow or failed read costs this PR its time (drawn from now), not the page; the next load tries again.
      return { final: false };
    }
    remember(this.requested, key, since);
    return { since, final: true };
  }

  private async *newestFirst(run: RunInfo): AsyncGenerator<temporal.api.history.v1.IHistoryEvent> {
    let nextPageToken: Uint8Array | undefined;
    do {
      const res = await this.temporal(() =>
        this.client.workflowService.getWorkflowExecutionHistoryReverse({
          namespace: this.client.options.namespace,
          execution: { workflowId: run.workflowId, runId: run.runId },
          maximumPageSize: 256,
          nextPageToken,
        }),
      );
      yield* res.history?.events ?? [];
      nextPageToken = res.nextPageToken?.length ? res.nextPageToken : undefined;
    } while (nextPageToken);
  }
}

/** The runs of the tracker's current chain, oldest first: the latest run and the ones it continued as new from. */
export function currentChain(runs: readonly RunInfo[]): RunInfo[] {
  const sorted = [...runs].sort((a, b) => a.startTime.getTime() - b.startTime.getTime() || a.runId.localeCompare(b.runId));
  let first = sorted.length - 1;
  while (first > 0 && sorted[first - 1]!.status.name === 'CONTINUED_AS_NEW') first--;
  return sorted.slice(first);
}

function stateOf(run: RunInfo): UpstreamPrState {
  const raw = run.typedSearchAttributes.get(upstreamPrStateKey);
  return raw && STATES.has(raw) ? (raw as UpstreamPrState) : 'open';
}

/** The `UpstreamPrSince` of a run, in ms, when it has one that parses. */
function sinceOf(run: RunInfo): number | undefined {
  const raw = run.typedSearchAttributes.get(upstreamPrSinceKey);
  const ms = raw ? Date.parse(raw) : NaN;
  return Number.isFinite(ms) ? ms : undefined;
}

function prStateOf(ev: temporal.api.history.v1.IHistoryEvent): string | undefined {
  const fields = ev.upsertWorkflowSearchAttributesEventAttributes?.searchAttributes?.indexedFields;
  if (!fields) return undefined;
  return decodeTypedSearchAttributes(fields).get(upstreamPrStateKey);
}

function remember<K, V>(cache: Map<K, V>, key: K, value: V): void {
  if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value as K);
  cache.set(key, value);
}
