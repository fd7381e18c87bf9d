/**
 * Validates a `reviewChanges` signal payload. It runs inside the workflow sandbox, so it is plain deterministic
 * code with no dependencies: a payload typed by hand in the Temporal UI can be anything, and the workflow must
 * record and ignore what it cannot use rather than fail.
 */
import type { ReviewDecision } from './types';

/** Feedback longer than this is refused: it would bloat history and no reviewer writes that much. */
export const MAX_FEEDBACK_CHARS = 16_000;
export const MAX_REVIEWER_CHARS = 100;
const ALLOWED_KEYS = ['approved', 'feedback', 'reviewer'];

export type ReviewPayloadResult = { ok: true; decision: ReviewDecision } | { ok: false; reason: string };

export function parseReviewPayload(raw: unknown): ReviewPayloadResult {
  let value = raw;
  // The Temporal UI sends whatever was typed; a JSON document typed as a string is still a fair request.
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      return { ok: false, reason: 'payload is a string that is not JSON; expected {"approved": true|false, "feedback"?: "..."}' };
    }
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { ok: false, reason: `payload must be an object like {"approved": true}, got ${describe(value)}` };
  }
  // A misspelt key ("feedbak") must not turn into a silent approval without the feedback: unknown keys are refused.
  const unknown = Object.keys(value).filter((k) => !ALLOWED_KEYS.includes(k));
  if (unknown.length) {
    return {
      ok: false,
      reason: `unknown field${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => JSON.stringify(k.slice(0, 40))).join(', ')}; expected {"approved": true|false, "feedback"?: "..."}`,
    };
  }
  const { approved, feedback, reviewer } = value as Record<string, unknown>;
  if (typeof approved !== 'boolean') {
    return { ok: false, reason: `"approved" must be true or false, got ${describe(approved)}` };
  }
  if (feedback !== undefined && feedback !== null && typeof feedback !== 'string') {
    return { ok: false, reason: `"feedback" must be a string, got ${describe(feedback)}` };
  }
  const text = typeof feedback === 'string' ? feedback.trim() : '';
  if (text.length > MAX_FEEDBACK_CHARS) {
    return { ok: false, reason: `"feedback" is ${text.length} characters; the limit is ${MAX_FEEDBACK_CHARS}` };
  }
  if (reviewer !== undefined && reviewer !== null && (typeof reviewer !== 'string' || reviewer.length > MAX_REVIEWER_CHARS)) {
    return { ok: false, reason: `"reviewer" must be a name of at most ${MAX_REVIEWER_CHARS} characters, got ${describe(reviewer)}` };
  }
  const who = typeof reviewer === 'string' && reviewer.trim() ? { reviewer: reviewer.trim() } : {};
  return { ok: true, decision: { approved, ...(text ? { feedback: text } : {}), ...who } };
}

function describe(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string') return `string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`;
  return `${typeof v} ${typeof v === 'object' ? '' : String(v)}`.trim();
}

/** A bounded JSON preview of a payload for the audit trail (history must not grow with a 1 MB signal twice). */
export function previewPayload(raw: unknown, max = 200): string {
  let text: string;
  try {
    text = JSON.stringify(raw) ?? 'undefined';
  } catch {
    text = String(raw);
  }
  return text.length > max ? `${text.slice(0, max)}… (${text.length} chars)` : text;
}
