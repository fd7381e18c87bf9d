/**
 * The tracker's read of an upstream PR's conversation since its last look: comments, reviews and review comments on
 * lines from anyone but the bot. Each message's full text goes to a file under DATA_DIR (artifacts/<id>/conversation);
 * the workflow gets previews, the refusals the opt-out detector read, and where to read from next time. Idempotent:
 * a retry rewrites the same files and returns the same answer.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { PullRequestMessage } from '../../adapters/forge/forge';
import type { Counted } from '../../shared/types';
import {
  MAX_PREVIEWS,
  PREVIEW_CHARS,
  type ConversationCursor,
  type ConversationPreview,
} from '../../workflows/pull-request-tracker-definitions';
import { artifactPath, type ActivityDeps } from '../deps';
import { counted } from '../errors';
import { detectOptOut, type OptOutVerdict } from './opt-out-detector';

export interface ReadConversationParams {
  integrationId: string;
  repo: { owner: string; name: string };
  number: number;
  cursor?: ConversationCursor;
}

export interface Refusal {
  id: string;
  author: string;
  createdAt: string;
  url: string;
  scope: NonNullable<OptOutVerdict['scope']>;
  phrase: string;
}

export interface ConversationRead {
  /** The new maintainer messages, oldest first; at most MAX_PREVIEWS (the newest), `total` counts them all. */
  messages: ConversationPreview[];
  total: number;
  /** Refusals among all the new messages, oldest first (at most 10), even those whose preview was left out. */
  refusals: Refusal[];
  /** Unchanged when nothing new was written. */
  cursor?: ConversationCursor;
}

const MAX_REFUSALS = 10;

export function readConversationActivity(deps: ActivityDeps) {
  return async function readPullRequestConversation(p: ReadConversationParams): Promise<Counted<ConversationRead>> {
    return counted(async () => {
      const bot = (await deps.forge.botLogin()).toLowerCase();
      const all = await deps.forge.getPullRequestConversation(p.repo, p.number, p.cursor && readFrom(p.cursor));
      const fresh = all.filter((m) => m.author.toLowerCase() !== bot && isNew(m, p.cursor));
      const refusals: Refusal[] = [];
      const previews: ConversationPreview[] = [];
      for (const m of fresh) {
        const verdict = detectOptOut(m.body);
        if (verdict.refusal && refusals.length < MAX_REFUSALS) {
          refusals.push({ id: m.id, author: m.author, createdAt: m.createdAt, url: m.url, scope: verdict.scope!, phrase: verdict.phrase! });
        }
        previews.push({ ...preview(m), ...(verdict.refusal ? { refusal: verdict.scope! } : {}) });
      }
      const kept = previews.slice(-MAX_PREVIEWS);
      for (const [i, m] of fresh.slice(-MAX_PREVIEWS).entries()) kept[i]!.textRef = await storeText(deps, p.integrationId, m);
      return { messages: kept, total: fresh.length, refusals, ...nextCursor(all, p.cursor) };
    });
  };
}

/** Not among the ids already seen (the read starts OVERLAP_MS before the newest message seen, see nextCursor). */
function isNew(m: PullRequestMessage, cursor: ConversationCursor | undefined): boolean {
  return !cursor || (m.createdAt >= readFrom(cursor) && !cursor.ids.includes(m.id));
}

/**
 * The next read starts this long before the newest message seen, and the ids seen since then are kept: the three
 * reads of a look are not one snapshot, so a comment written during a look may carry a time earlier than a review
 * the same look saw; it is read next time instead of never.
 */
const OVERLAP_MS = 10 * 60_000;
/** Ids kept in the cursor at most (a thread this busy within ten minutes is unheard of). */
const MAX_CURSOR_IDS = 500;

/** Where the next read starts. */
export function readFrom(cursor: ConversationCursor): string {
  return new Date(Date.parse(cursor.since) - OVERLAP_MS).toISOString();
}

/** The newest time among everything read (the bot's messages too), and the ids within the overlap before it. */
function nextCursor(all: PullRequestMessage[], previous: ConversationCursor | undefined): { cursor?: ConversationCursor } {
  const newest = all.reduce<string | undefined>((max, m) => (!max || m.createdAt > max ? m.createdAt : max), previous?.since);
  if (!newest) return {};
  const from = readFrom({ since: newest, ids: [] });
  const ids = new Set([...(previous?.ids ?? []), ...all.filter((m) => m.createdAt >= from).map((m) => m.id)]);
  // Ids older than the overlap can no longer come back from a read: drop them (those of `all` are known by time).
  const recent = [...ids].filter((id) => {
    const m = all.find((x) => x.id === id);
    return m ? m.createdAt >= from : true;
  });
  return { cursor: { since: newest, ids: recent.slice(-MAX_CURSOR_IDS) } };
}

function preview(m: PullRequestMessage): ConversationPreview {
  const one = m.body.replace(/\s+/g, ' ').trim();
  const text = one || (m.reviewState ? `(${m.reviewState.replace(/_/g, ' ')})` : '');
  return {
    id: m.id,
    kind: m.kind,
    author: m.author,
    createdAt: m.createdAt,
    preview: text.length > PREVIEW_CHARS ? `${text.slice(0, PREVIEW_CHARS - 1)}…` : text,
    url: m.url,
    ...(m.reviewState ? { reviewState: m.reviewState } : {}),
    ...(m.path ? { path: m.path } : {}),
    ...(m.line ? { line: m.line } : {}),
  };
}

/** The whole message as JSON under DATA_DIR; the workflow keeps the relative path. */
async function storeText(deps: ActivityDeps, integrationId: string, m: PullRequestMessage): Promise<string> {
  const { abs, ref } = artifactPath(deps, integrationId, path.posix.join('conversation', `${m.id.replace(/[^A-Za-z0-9_-]/g, '-')}.json`));
  await fs.mkdir(path.dirname(abs), { recursive: true });
  await fs.writeFile(abs, `${JSON.stringify(m, null, 2)}\n`);
  return ref;
}
