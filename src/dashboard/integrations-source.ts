/**
 * Where the dashboard reads integrations from: Temporal itself (the IntegrationStatus and Repository search
 * attributes for lists, the getStatus query for details) and the forge for diffs. No second copy of the state.
 *
 * Lists are pages of the visibility store (a page size and a next-page token), so a page costs one visibility call
 * plus one query per row shown, however many integrations exist. Every Temporal call has a short deadline: when
 * Temporal is unreachable the page says so within seconds instead of spinning through the client's retries.
 */
import { status as grpcStatus } from '@grpc/grpc-js';
import type { Client } from '@temporalio/client';
import { decodeTypedSearchAttributes } from '@temporalio/common/lib/converter/payload-search-attributes';
import type { Forge } from '../adapters/forge/forge';
import { getStatusQuery, integrationStatusKey, repositoryKey, upstreamPrStateKey } from '../workflows/definitions';
import type { IntegrationState, IntegrationStatus } from '../shared/types';

export interface IntegrationRow {
  workflowId: string;
  state: IntegrationState | 'unknown';
  startedAt: Date;
  /** `owner/name` from the Repository search attribute (lower case), when set. */
  repository?: string;
  status?: IntegrationStatus;
  /** The final PR's state upstream (open, changes_requested, merged, closed), from its tracker. */
  upstream?: string;
}

export interface ListFilter {
  state?: string;
  /** Substring of the repository (or workflow id). */
  search?: string;
}

export interface ListPage {
  rows: IntegrationRow[];
  /** Opaque; pass back as `page` for the next page. */
  next?: string;
}

/** Thrown when Temporal does not answer within the deadline (or refuses the connection). */
export class TemporalUnavailableError extends Error {
  override readonly name = 'TemporalUnavailableError';
}

export const DEFAULT_PAGE_SIZE = 50;
/** Upper bound on what a repository search reads from visibility (ids and attributes only, no queries). */
const SEARCH_SCAN_LIMIT = 10_000;

export class IntegrationsSource {
  constructor(
    private readonly client: Client,
    private readonly forge?: Forge,
    private readonly namespace = 'default',
    /** Deadline of each Temporal call (ms). */
    private readonly timeoutMs = 2000,
  ) {}

  /** Runs Temporal calls under a deadline, turning an unreachable server into TemporalUnavailableError. */
  temporal<R>(fn: () => Promise<R>): Promise<R> {
    // The gRPC deadline alone is not enough: a lazy connection waits for the channel before it checks it. The abort
    // signal cancels the call, and the timer answers on time whatever the client does.
    const abort = new AbortController();
    const call = this.client.withAbortSignal(abort.signal, () => this.client.withDeadline(Date.now() + this.timeoutMs, fn));
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        abort.abort();
        reject(new TemporalUnavailableError(`no answer within ${this.timeoutMs} ms`));
      }, this.timeoutMs);
    });
    call.catch(() => undefined); // when the timer wins, the call's own rejection is expected
    return Promise.race([call, late])
      .catch((err: unknown) => {
        if (err instanceof TemporalUnavailableError) throw err;
        if (isUnavailable(err) || abort.signal.aborted)
          throw new TemporalUnavailableError(err instanceof Error ? err.message : String(err));
        throw err;
      })
      .finally(() => clearTimeout(timer));
  }

  /**
   * One page of integrations, awaiting review first, newest first within each group. Without a repository search
   * this is two visibility queries in sequence (awaiting review, then everything else) read a page at a time; with
   * one, the ids and attributes of all integrations are read (cheap: no per-row query) and filtered here.
   */
  async page(filter: ListFilter = {}, opts: { pageSize?: number; page?: string; details?: boolean } = {}): Promise<ListPage> {
    const size = Math.min(Math.max(opts.pageSize ?? DEFAULT_PAGE_SIZE, 1), 500);
    const base = `WorkflowType = 'repositoryIntegrationWorkflow'`;
    const state = filter.state && /^[a-z_]+$/.test(filter.state) ? filter.state : undefined;
    const phases = state
      ? [`${base} AND IntegrationStatus = '${state}'`]
      : [
          `${base} AND IntegrationStatus = 'awaiting_review'`,
          `${base} AND (IntegrationStatus != 'awaiting_review' OR IntegrationStatus IS NULL)`,
        ];
    const cursor = decodeCursor(opts.page);
    const q = filter.search?.trim().toLowerCase();
    let rows: IntegrationRow[] = [];
    let next: string | undefined;

    if (q) {
      // One pass over every integration (state filter applied by visibility), sorted here: awaiting review first.
      const all: IntegrationRow[] = [];
      let token: Uint8Array | undefined;
      let scanned = 0;
      do {
        const r = await this.visibility(state ? phases[0]! : base, 1000, token);
        scanned += r.rows.length;
        all.push(...r.rows.filter((x) => x.workflowId.toLowerCase().includes(q) || x.repository?.includes(q)));
        token = r.token;
      } while (token && scanned < SEARCH_SCAN_LIMIT);
      all.sort(
        (a, b) =>
          Number(b.state === 'awaiting_review') - Number(a.state === 'awaiting_review') || b.startedAt.getTime() - a.startedAt.getTime(),
      );
      const offset = cursor.offset ?? 0;
      rows = all.slice(offset, offset + size);
      if (offset + size < all.length) next = encodeCursor({ offset: offset + size });
    } else {
      let phase = cursor.phase ?? 0;
      let token: Uint8Array | undefined = cursor.token ? Buffer.from(cursor.token, 'base64url') : undefined;
      while (phase < phases.length && rows.length < size) {
        const r = await this.visibility(phases[phase]!, size - rows.length, token);
        rows.push(...r.rows);
        token = r.token;
        if (!token) phase++;
      }
      if (phase < phases.length) next = encodeCursor({ phase, ...(token ? { token: Buffer.from(token).toString('base64url') } : {}) });
    }

    // Details (repository, attempt, cost) come from each shown row's query; a workflow whose worker is gone still lists.
    if (opts.details !== false) {
      const [upstream] = await Promise.all([
        this.upstreamStates(rows),
        ...rows.map(async (r) => (r.status = await this.status(r.workflowId).catch(() => undefined))),
      ]);
      for (const r of rows) if (r.repository && r.status?.finalPr) r.upstream = upstream.get(r.repository);
    }
    return { rows, next };
  }

  /** Every matching integration, one page after the other (for tests and small tools; the dashboard pages). */
  async list(filter: ListFilter = {}, opts: { details?: boolean; limit?: number } = {}): Promise<IntegrationRow[]> {
    const out: IntegrationRow[] = [];
    let page: string | undefined;
    do {
      const r = await this.page(filter, { pageSize: 200, page, details: opts.details });
      out.push(...r.rows);
      page = r.next;
    } while (page && out.length < (opts.limit ?? 200));
    return out;
  }

  status(workflowId: string): Promise<IntegrationStatus> {
    return this.temporal(() => this.client.workflow.getHandle(workflowId).query(getStatusQuery));
  }

  /** Throws WorkflowNotFoundError when there is no such workflow. */
  async exists(workflowId: string): Promise<void> {
    await this.temporal(() => this.client.workflow.getHandle(workflowId).describe());
  }

  /** The current review PR's diff (or the final PR's once it exists). */
  async diff(status: IntegrationStatus): Promise<string | undefined> {
    const pr = status.finalPr ?? status.reviewPr;
    if (!pr || !this.forge) return undefined;
    const [owner = '', name = ''] = pr.repo.split('/');
    return this.forge.getPullRequestDiff({ owner, name }, pr.number).catch(() => undefined);
  }

  /**
   * What the version in review changed since the previous version (the one the reviewer rejected with feedback), from
   * the two commits on the fork; undefined for v1 and where the forge or the records cannot tell.
   */
  async interdiff(status: IntegrationStatus): Promise<{ from: number; to: number; diff: string } | undefined> {
    const [previous, current] = status.attempts.slice(-2);
    const pr = status.reviewPr;
    if (!pr || !current || !previous?.commitSha || !current.commitSha || !this.forge?.getCommitDiff) return undefined;
    const [owner = '', name = ''] = pr.repo.split('/');
    const diff = await this.forge.getCommitDiff({ owner, name }, previous.commitSha, current.commitSha).catch(() => undefined);
    return diff === undefined ? undefined : { from: previous.attempt, to: current.attempt, diff };
  }

  /** The review PR's description, when the forge can tell. */
  async reviewPrBody(status: IntegrationStatus): Promise<string | undefined> {
    const pr = status.reviewPr;
    if (!pr || !this.forge?.getPullRequestBody) return undefined;
    const [owner = '', name = ''] = pr.repo.split('/');
    return this.forge.getPullRequestBody({ owner, name }, pr.number).catch(() => undefined);
  }

  private async visibility(
    query: string,
    pageSize: number,
    nextPageToken?: Uint8Array,
  ): Promise<{ rows: IntegrationRow[]; token?: Uint8Array }> {
    const res = await this.temporal(() =>
      this.client.workflowService.listWorkflowExecutions({ namespace: this.namespace, query, pageSize, nextPageToken }),
    );
    const rows = (res.executions ?? []).map((e): IntegrationRow => {
      const attrs = decodeTypedSearchAttributes(e.searchAttributes?.indexedFields);
      return {
        workflowId: e.execution?.workflowId ?? '',
        state: (attrs.get(integrationStatusKey) as IntegrationState | undefined) ?? 'unknown',
        startedAt: timestampDate(e.startTime),
        repository: attrs.get(repositoryKey)?.toLowerCase(),
      };
    });
    return { rows, token: res.nextPageToken?.length ? res.nextPageToken : undefined };
  }

  /** The upstream PR state of the shown rows' final PRs: one visibility query over their trackers. */
  private async upstreamStates(rows: IntegrationRow[]): Promise<Map<string, string>> {
    const byRepo = new Map<string, string>();
    const repos = [...new Set(rows.map((r) => r.repository).filter((r): r is string => !!r))];
    if (!repos.length) return byRepo;
    const query = `WorkflowType = 'pullRequestTrackerWorkflow' AND Repository IN (${repos.map((r) => JSON.stringify(r)).join(', ')})`;
    const res = await this.temporal(() =>
      this.client.workflowService.listWorkflowExecutions({ namespace: this.namespace, query, pageSize: 500 }),
    ).catch(() => undefined);
    for (const e of res?.executions ?? []) {
      const attrs = decodeTypedSearchAttributes(e.searchAttributes?.indexedFields);
      const repo = attrs.get(repositoryKey)?.toLowerCase();
      const pr = attrs.get(upstreamPrStateKey);
      if (repo && pr && !byRepo.has(repo)) byRepo.set(repo, pr);
    }
    return byRepo;
  }
}

/** Deadline exceeded, connection refused or reset: Temporal is not answering (as opposed to a wrong request). */
export function isUnavailable(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (code === grpcStatus.UNAVAILABLE || code === grpcStatus.DEADLINE_EXCEEDED) return true;
    if (e instanceof Error && /deadline exceeded|ECONNREFUSED|No connection established|UNAVAILABLE/i.test(e.message)) return true;
  }
  return false;
}

interface Cursor {
  phase?: number;
  token?: string;
  offset?: number;
}

function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify(c)).toString('base64url');
}

function decodeCursor(raw: string | undefined): Cursor {
  if (!raw) return {};
  try {
    const c = JSON.parse(Buffer.from(raw, 'base64url').toString()) as Cursor;
    return {
      phase: typeof c.phase === 'number' && c.phase >= 0 && c.phase < 2 ? c.phase : undefined,
      token: typeof c.token === 'string' ? c.token : undefined,
      offset: typeof c.offset === 'number' && c.offset >= 0 ? c.offset : undefined,
    };
  } catch {
    return {};
  }
}

/** A protobuf timestamp from the visibility API as a Date (the epoch when absent). */
function timestampDate(ts: { seconds?: { toNumber(): number } | number | null; nanos?: number | null } | null | undefined): Date {
  if (!ts) return new Date(0);
  const seconds = typeof ts.seconds === 'number' ? ts.seconds : (ts.seconds?.toNumber() ?? 0);
  return new Date(seconds * 1000 + Math.floor((ts.nanos ?? 0) / 1e6));
}
