/**
 * Follows the final pull request upstream after the integration completes: checks it every poll interval (a timer,
 * so idle tracking costs nothing), records merged / closed / changes requested in the `UpstreamPrState` search
 * attribute next to `Repository` (a closed PR is how discovery knows never to come back), and ends when the PR is
 * merged or closed, or after the maximum tracking time. Continues as new when its history grows long.
 *
 * Since the patch `tracker-conversation`, each look also reads what maintainers wrote (previews here, full text
 * under DATA_DIR), puts the repository or its owner on the never-again list when a maintainer refuses or closes the
 * PR unmerged (or a reviewer marks it, `markOptOut`), and closes the PR once, with one comment, when nobody answered
 * for `staleAfter`.
 *
 * Since the patch `tracker-inbox`, the dashboard's inbox acts through two updates: `replyToPullRequest` posts a
 * reviewer's reply as the bot, `closePullRequest` posts a polite comment and closes the PR (the tracker then ends,
 * with no never-again entry: we closed it, not the maintainer). Each runs one idempotent activity.
 */
import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  continueAsNew,
  log,
  patched,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
  uuid4,
  workflowInfo,
} from '@temporalio/workflow';
import { durationMs } from '../shared/duration';
import { FailureType } from '../shared/failures';
import { MAX_OPT_OUT_REASON, neverAgainKey, type NeverAgainEntry } from '../shared/never-again';
import type { createActivities } from '../activities';
import { RETRY_POLICIES } from '../shared/retry-budgets';
import { repositoryKey, upstreamPrSinceKey, upstreamPrStateKey } from './definitions';
import {
  checkPullRequestNowSignal,
  closePullRequestUpdate,
  getPullRequestTrackingQuery,
  inboxActionRefusal,
  type InboxAction,
  type InboxActionResult,
  markOptOutSignal,
  MAX_PREVIEWS,
  PREVIEW_CHARS,
  replyToPullRequestUpdate,
  type MarkOptOut,
  type PullRequestTracking,
  type TrackerInput,
} from './pull-request-tracker-definitions';

type Activities = ReturnType<typeof createActivities>;

const { checkPullRequest, readPullRequestConversation, closeStalePullRequest, addToNeverAgainList } = proxyActivities<Activities>({
  startToCloseTimeout: '2 minutes',
  // A forge outage just delays the next look; the tracker keeps going.
  retry: RETRY_POLICIES.checkPullRequest,
});

const { replyOnPullRequest, closeFromInbox } = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  // A reviewer waits for the answer on the page: a down forge fails the action within about a minute.
  retry: RETRY_POLICIES.inboxAction,
});

/** Patch id of the inbox's updates (their activities; trackers that never got one replay unchanged). */
export const TRACKER_INBOX_PATCH = 'tracker-inbox';

/** Patch id of the `UpstreamPrSince` search attribute (trackers started before it replay unchanged). */
export const TRACKER_STATE_SINCE_PATCH = 'tracker-state-since';

/** Patch id of the conversation, the never-again list and the stale close (trackers started before it replay unchanged). */
export const TRACKER_CONVERSATION_PATCH = 'tracker-conversation';
const DEFAULT_STALE_AFTER = '60 days';

export async function pullRequestTrackerWorkflow(input: TrackerInput): Promise<PullRequestTracking> {
  const startedAt = input.carried?.startedAt ?? Date.now();
  const t: PullRequestTracking = input.carried ?? {
    url: input.url,
    repo: `${input.repo.owner}/${input.repo.name}`.toLowerCase(),
    number: input.number,
    state: 'open',
    changesRequestedBy: [],
    checks: 0,
  };
  let checkNow = false;
  const marks: MarkOptOut[] = [];
  setHandler(getPullRequestTrackingQuery, () => t);
  setHandler(checkPullRequestNowSignal, () => void (checkNow = true));
  setHandler(markOptOutSignal, (m) => {
    const mark = validMark(m);
    if (mark) marks.push(mark);
    else log.warn('markOptOut ignored: it needs scope "repository" or "owner" and a reason', { payload: JSON.stringify(m)?.slice(0, 300) });
  });
  let closing = false;
  /** An inbox update's handler: one activity posting the comment (and closing), then the tracker's record of it. */
  const inboxAction =
    (kind: 'reply' | 'close') =>
    async (a: InboxAction): Promise<InboxActionResult> => {
      patched(TRACKER_INBOX_PATCH);
      if (kind === 'close') closing = true;
      const params = { repo: input.repo, number: input.number, body: a.body, actionId: uuid4() };
      let value: InboxActionResult;
      try {
        ({ value } = kind === 'reply' ? await replyOnPullRequest(params) : await closeFromInbox(params));
      } catch (err) {
        if (kind === 'close') closing = false;
        const cause = (err as { cause?: { message?: string } }).cause?.message ?? (err as Error).message;
        throw ApplicationFailure.nonRetryable(
          `The forge did not take the ${kind === 'reply' ? 'reply' : 'close'}: ${cause}`,
          'ForgeRefused',
        );
      }
      const at = new Date().toISOString();
      const by = typeof a.by === 'string' && a.by.trim() ? a.by.trim().slice(0, 100) : undefined;
      const one = a.body.replace(/\s+/g, ' ').trim();
      const preview = one.length > PREVIEW_CHARS ? `${one.slice(0, PREVIEW_CHARS - 1)}…` : one;
      t.replies = [...(t.replies ?? []), { at, preview, kind, ...(by ? { by } : {}) }].slice(-MAX_PREVIEWS);
      if (kind === 'close') {
        t.closedFromInbox = { at, ...(by ? { by } : {}) };
        t.closedAt ??= at;
        setState('closed', at);
        checkNow = true;
      }
      return value;
    };
  const validator = (a: InboxAction) => {
    const refusal = inboxActionRefusal(a, t) ?? (closing ? 'The pull request is being closed already: nothing was posted.' : undefined);
    if (refusal) throw ApplicationFailure.nonRetryable(refusal, 'InboxActionRefused');
  };
  setHandler(replyToPullRequestUpdate, inboxAction('reply'), { validator });
  setHandler(closePullRequestUpdate, inboxAction('close'), { validator });
  // Since the patch: `UpstreamPrSince` beside the state, so the dashboard's burndown needs one visibility list and no
  // history reads. A run continued from one without it has no time for its state until the state next changes.
  const withSince = patched(TRACKER_STATE_SINCE_PATCH);
  if (withSince && !input.carried) t.stateSince = new Date(startedAt).toISOString();
  const sinceAttribute = () => (withSince && t.stateSince ? [{ key: upstreamPrSinceKey, value: t.stateSince }] : []);
  upsertSearchAttributes([{ key: repositoryKey, value: t.repo }, { key: upstreamPrStateKey, value: t.state }, ...sinceAttribute()]);
  const pollMs = inputDuration(input.pollInterval ?? '6 hours', 'pollInterval');
  const maxMs = inputDuration(input.maxTracking ?? '90 days', 'maxTracking');
  const staleAfter = input.staleAfter ?? DEFAULT_STALE_AFTER;
  const staleMs = staleAfter.trim().toLowerCase() === 'off' ? undefined : inputDuration(staleAfter, 'staleAfter');

  /** `since`: the forge's time of a merge or close; otherwise the state began when the tracker saw it. */
  const setState = (state: PullRequestTracking['state'], since?: string) => {
    if (state === t.state) return;
    t.state = state;
    if (withSince) t.stateSince = since && Number.isFinite(Date.parse(since)) ? new Date(since).toISOString() : new Date().toISOString();
    upsertSearchAttributes([{ key: upstreamPrStateKey, value: t.state }, ...sinceAttribute()]);
  };

  /**
   * Queues an entry for the never-again list, once per key unless marked by hand (a mark after an entry was lifted
   * must list it again); `flushList` writes the queue, and what fails stays queued for the next look.
   */
  const putOnList = (entry: NeverAgainEntry) => {
    const key = neverAgainKey(entry);
    const known = [...(t.neverAgain ?? []), ...(t.neverAgainPending ?? [])];
    if (entry.source !== 'manual' && known.some((e) => neverAgainKey(e) === key)) return;
    (t.neverAgainPending ??= []).push(entry);
  };
  const flushList = async () => {
    while (t.neverAgainPending?.length) {
      const entry = t.neverAgainPending[0]!;
      try {
        await addToNeverAgainList(entry);
      } catch {
        return;
      }
      t.neverAgainPending.shift();
      (t.neverAgain ??= []).push(entry);
    }
    delete t.neverAgainPending;
  };

  const entryFor = (e: Pick<NeverAgainEntry, 'scope' | 'reason' | 'at' | 'url' | 'source' | 'by'>): NeverAgainEntry => ({
    ...e,
    owner: input.repo.owner.toLowerCase(),
    ...(e.scope === 'repository' ? { name: input.repo.name.toLowerCase() } : {}),
    integrationId: input.integrationId,
  });

  /** The conversation since the last look; true when it was read (a failed read must not let the stale close fire). */
  const readConversation = async (): Promise<boolean> => {
    // Set once a read succeeded: its presence in the query means the tracker has read the conversation.
    const c = t.conversation ?? { messages: [], total: 0 };
    try {
      const { value } = await readPullRequestConversation({
        integrationId: input.integrationId,
        repo: input.repo,
        number: input.number,
        ...(c.cursor ? { cursor: c.cursor } : {}),
      });
      if (value.total > 0) c.lastAnswerSeenAt = new Date().toISOString();
      c.messages = [...c.messages, ...value.messages].slice(-MAX_PREVIEWS);
      c.total += value.total;
      if (value.cursor) c.cursor = value.cursor;
      t.conversation = c;
      for (const r of value.refusals) {
        putOnList(
          entryFor({
            scope: r.scope,
            reason: `@${r.author} wrote on the pull request: "${r.phrase}"`,
            at: r.createdAt,
            url: r.url,
            source: 'refusal',
          }),
        );
      }
      return true;
    } catch {
      // Retries exhausted: read from the same cursor at the next poll.
      return false;
    }
  };

  /** Closes the PR when nobody but the bot wrote for `staleAfter`; true once closed. */
  const closeIfStale = async (): Promise<boolean> => {
    if (staleMs === undefined || t.staleClosedAt || (t.state !== 'open' && t.state !== 'changes_requested')) return false;
    const lastAnswer = t.conversation?.lastAnswerSeenAt ? Date.parse(t.conversation.lastAnswerSeenAt) : 0;
    if (Date.now() - Math.max(startedAt, lastAnswer) < staleMs) return false;
    try {
      await closeStalePullRequest({ repo: input.repo, number: input.number, after: staleAfter });
    } catch {
      // The forge refused or is down: the next poll tries again (the activity never comments twice).
      return false;
    }
    t.staleClosedAt = new Date().toISOString();
    t.closedAt ??= t.staleClosedAt;
    t.followUpComments = 1;
    setState('closed', t.staleClosedAt);
    return true;
  };

  for (;;) {
    try {
      const { value } = await checkPullRequest({ repo: input.repo, number: input.number });
      t.checks++;
      t.lastCheckedAt = new Date().toISOString();
      t.changesRequestedBy = value.changesRequestedBy;
      if (value.mergedAt) t.mergedAt = value.mergedAt;
      if (value.closedAt) t.closedAt = value.closedAt;
      // A look that started before a close from the inbox may still have seen the PR open.
      const state = t.closedFromInbox && value.state !== 'merged' ? 'closed' : value.state;
      setState(state, state === 'merged' ? value.mergedAt : state === 'closed' ? value.closedAt : undefined);
    } catch {
      // Retries exhausted (the forge is down for hours, or the PR is gone): try again at the next poll.
    }
    if (patched(TRACKER_CONVERSATION_PATCH)) {
      const read = await readConversation();
      for (const m of marks.splice(0)) {
        putOnList(
          entryFor({
            scope: m.scope,
            reason: m.reason,
            at: new Date().toISOString(),
            url: t.url,
            source: 'manual',
            ...(m.by ? { by: m.by } : {}),
          }),
        );
      }
      if (t.state === 'closed' && !t.staleClosedAt && !t.closedFromInbox) {
        putOnList(
          entryFor({
            scope: 'repository',
            reason: 'the pull request was closed without being merged',
            at: t.closedAt ?? new Date().toISOString(),
            url: t.url,
            source: 'closed',
          }),
        );
      }
      await flushList();
      if (read && (await closeIfStale())) {
        t.ended = `closed by the tracker: no reply for ${staleAfter}`;
        return t;
      }
    }
    if (t.state === 'merged' || t.state === 'closed' || t.closedFromInbox) {
      t.ended = t.closedFromInbox
        ? `closed from the inbox${t.closedFromInbox.by ? ` by ${t.closedFromInbox.by}` : ''}`
        : `the pull request was ${t.state}`;
      return t;
    }
    const left = startedAt + maxMs - Date.now();
    if (left <= 0) {
      t.ended = `stopped tracking after ${input.maxTracking ?? '90 days'} without a merge or close`;
      return t;
    }
    checkNow = false;
    await condition(() => checkNow || marks.length > 0 || t.closedFromInbox !== undefined, Math.min(pollMs, left));
    // Not while an inbox action is in flight: its update would be lost with this run.
    if (workflowInfo().continueAsNewSuggested && allHandlersFinished())
      await continueAsNew<typeof pullRequestTrackerWorkflow>({ ...input, carried: { ...t, startedAt } });
  }
}

/** A `markOptOut` payload as the tracker keeps it, or undefined when it is not one (a signal cannot be refused). */
function validMark(m: unknown): MarkOptOut | undefined {
  if (!m || typeof m !== 'object') return undefined;
  const { scope, reason, by } = m as Record<string, unknown>;
  if (scope !== 'repository' && scope !== 'owner') return undefined;
  if (typeof reason !== 'string' || !reason.trim()) return undefined;
  return {
    scope,
    reason: reason.trim().slice(0, MAX_OPT_OUT_REASON),
    ...(typeof by === 'string' && by.trim() ? { by: by.trim().slice(0, 100) } : {}),
  };
}

/** A duration of the tracker's input in milliseconds; a bad one ends the tracker with a message naming the field
 * (a plain error would fail the workflow task and retry it forever). */
function inputDuration(value: string, field: string): number {
  const ms = durationMs(value);
  if (ms === undefined || !(ms > 0)) {
    throw ApplicationFailure.nonRetryable(
      `Invalid input: "${field}" must be a duration such as "6 hours" or "30m", got ${JSON.stringify(value)}`,
      FailureType.InvalidInput,
    );
  }
  return ms;
}
