/**
 * The upstream PR tracker's contract: its id, its query, a signal to check now instead of at the next poll, and a
 * signal to put the repository (or its owner) on the never-again list by hand.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { NeverAgainEntry, OptOutScope } from '../shared/never-again';
import type { UpstreamPrState } from '../shared/types';

/** What the tracker keeps of one maintainer message: a preview; the full text is a file under DATA_DIR. */
export interface ConversationPreview {
  /** Unique within the PR (`comment:<id>`, `review:<id>`, `review_comment:<id>`). */
  id: string;
  kind: 'comment' | 'review' | 'review_comment';
  author: string;
  /** ISO, the forge's time. */
  createdAt: string;
  /** The first ~200 characters, on one line. */
  preview: string;
  url: string;
  /** The full text, relative to DATA_DIR on the worker that read it (another worker may not have it: `url` always works). */
  textRef?: string;
  /** Reviews: approved, changes_requested, commented, dismissed. */
  reviewState?: string;
  /** Review comments: where. */
  path?: string;
  line?: number;
  /** The opt-out detector read a refusal in it, for this repository or the whole owner. */
  refusal?: OptOutScope;
}

/** Where the conversation was last read up to: the newest time seen, and the ids seen shortly before it (the next read overlaps). */
export interface ConversationCursor {
  since: string;
  ids: string[];
}

export interface TrackedConversation {
  /** The newest maintainer messages, oldest first, at most MAX_PREVIEWS. */
  messages: ConversationPreview[];
  /** Every maintainer message read so far (the previews keep only the newest). */
  total: number;
  /** Workflow time of the look that found the newest maintainer message (restarts the STALE_AFTER clock). */
  lastAnswerSeenAt?: string;
  cursor?: ConversationCursor;
}

export interface PullRequestTracking {
  url: string;
  repo: string;
  number: number;
  state: UpstreamPrState;
  /**
   * When the PR entered `state` (ISO): the forge's merge or close time, else when the tracker saw it (patch
   * `tracker-state-since`; also the `UpstreamPrSince` search attribute).
   */
  stateSince?: string;
  changesRequestedBy: string[];
  checks: number;
  lastCheckedAt?: string;
  mergedAt?: string;
  closedAt?: string;
  /** Why tracking ended, once it has. */
  ended?: string;
  /** What maintainers wrote on the PR (anyone but the bot), once the tracker reads it (patch `tracker-conversation`). */
  conversation?: TrackedConversation;
  /** The never-again entries this tracker made (a refusal, a close, a mark by hand), first one first. */
  neverAgain?: NeverAgainEntry[];
  /** Entries not written yet (the write failed; the next look tries again). */
  neverAgainPending?: NeverAgainEntry[];
  /** When the tracker closed the PR for having no answer for `staleAfter`; it comments once, then closes. */
  staleClosedAt?: string;
  /** Comments the tracker posted on the PR by itself: at most one (the stale close). Replies from the inbox are `replies`. */
  followUpComments?: number;
  /** What reviewers posted from the inbox as the bot (patch `tracker-inbox`), oldest first, the last MAX_PREVIEWS. */
  replies?: InboxReply[];
  /** Set when a reviewer closed the PR from the inbox (no never-again entry: we closed it, not the maintainer). */
  closedFromInbox?: { at: string; by?: string };
}

/** A reply a reviewer posted from the inbox. */
export interface InboxReply {
  /** Workflow time it was posted. */
  at: string;
  by?: string;
  preview: string;
  /** `reply` or `close` (the polite comment of a close). */
  kind: 'reply' | 'close';
}

export interface TrackerInput {
  integrationId: string;
  repo: { owner: string; name: string };
  number: number;
  url: string;
  /** Between two checks (default "6 hours"): a sleeping workflow costs nothing. */
  pollInterval?: string;
  /** Tracking stops after this long without a merge or close (default "90 days"). */
  maxTracking?: string;
  /** Close the PR, once, after this long without a maintainer's answer (default "60 days"; "off": never). */
  staleAfter?: string;
  /** Carried over continue-as-new. */
  carried?: PullRequestTracking & { startedAt: number };
}

/** `markOptOut`: a reviewer puts the repository (or its whole owner) on the never-again list. */
export interface MarkOptOut {
  scope: OptOutScope;
  reason: string;
  /** Who (the CLI sends the OS user). */
  by?: string;
}

export const getPullRequestTrackingQuery = defineQuery<PullRequestTracking>('getPullRequestTracking');
export const checkPullRequestNowSignal = defineSignal('checkPullRequestNow');
export const markOptOutSignal = defineSignal<[MarkOptOut]>('markOptOut');

/** `replyToPullRequest` / `closePullRequest`: a comment to post as the bot, and who asked (the dashboard's reviewer). */
export interface InboxAction {
  body: string;
  by?: string;
}
export interface InboxActionResult {
  /** False when a retry found the comment already on the PR (it is posted once whatever happens). */
  posted: boolean;
}
/** Posts `body` as the bot on the upstream PR (an activity, idempotent); refused when empty, too long or the PR is not open. */
export const replyToPullRequestUpdate = defineUpdate<InboxActionResult, [InboxAction]>('replyToPullRequest');
/** Posts `body` (a polite comment) and closes the PR; the tracker then ends. Same refusals as the reply. */
export const closePullRequestUpdate = defineUpdate<InboxActionResult, [InboxAction]>('closePullRequest');
/** The longest reply (GitHub allows 65536; a reply from the inbox is a few sentences). */
export const MAX_REPLY_CHARS = 5000;

/** Why an inbox action is refused, or undefined when it may go (the updates' validator; the dashboard checks first too). */
export function inboxActionRefusal(a: unknown, t: Pick<PullRequestTracking, 'state' | 'ended'>): string | undefined {
  const body = a && typeof a === 'object' ? (a as { body?: unknown }).body : undefined;
  if (typeof body !== 'string' || !body.trim()) return 'The reply is empty: write what to post on the pull request.';
  if (body.length > MAX_REPLY_CHARS) return `The reply is ${body.length} characters long; at most ${MAX_REPLY_CHARS} are allowed.`;
  if (t.ended || (t.state !== 'open' && t.state !== 'changes_requested'))
    return `The pull request is ${t.state}${t.ended ? ` and no longer tracked (${t.ended})` : ''}: nothing was posted.`;
  return undefined;
}

/** How many previews the tracker keeps, so its history and query stay small whatever the thread's length. */
export const MAX_PREVIEWS = 50;
/** How long a preview is. */
export const PREVIEW_CHARS = 200;

export function trackerWorkflowId(integrationId: string): string {
  return `track-${integrationId}`;
}
