/**
 * The integration's status as people see it (the `getStatus` query, the timeline, the status reports), and the
 * rules for review decisions, as pure functions of the status and the step results. The workflow calls these
 * between its steps; keeping them here keeps the workflow body to the steps, and lets them be unit-tested without a
 * Temporal server. Pure and deterministic: the caller passes the workflow's time.
 */
import {
  MAX_ATTEMPTS,
  type AttemptRecord,
  type IntegrationAttemptResult,
  type IntegrationInput,
  type IntegrationState,
  type IntegrationStatus,
  type PullRequestRef,
  type ReviewDecision,
  type ReviewRefusal,
  type StatusReport,
  type SubmitReviewResult,
} from '../shared/types';
import { FailureType } from '../shared/failures';
import { parseReviewPayload, previewPayload } from '../shared/review-payload';

export const MAX_IGNORED_SIGNALS_KEPT = 20;
/** History keeps at most this many sites per version (the full list is in the version's diff and the review PR). */
export const MAX_SITES_KEPT = 100;

export function initialStatus(input: IntegrationInput): IntegrationStatus {
  return {
    integrationId: input.integrationId,
    repo: `${input.repoOwner}/${input.repoName}`,
    state: 'forking',
    message: 'Starting',
    attempt: 0,
    maxAttempts: MAX_ATTEMPTS,
    forgeRequests: 0,
    attempts: [],
    ignoredSignals: [],
    timeline: [],
  };
}

/** Moves the status to `state` (timeline included) and returns the report to send for it. */
export function enterState(status: IntegrationStatus, state: IntegrationState, message: string, at: string): StatusReport {
  status.state = state;
  status.message = message;
  status.timeline.push({ state, at, message });
  return {
    integrationId: status.integrationId,
    repo: status.repo,
    state,
    message,
    attempt: status.attempt,
    reviewPrUrl: status.reviewPrUrl,
    finalPrUrl: status.finalPrUrl,
    timestamp: at,
  };
}

/** Keeps a signal that could not be used (newest 20), so a person can see why it was ignored. */
export function recordIgnoredSignal(status: IntegrationStatus, reason: string, raw: unknown, at: string): void {
  status.ignoredSignals.push({ at, reason, payloadPreview: previewPayload(raw) });
  if (status.ignoredSignals.length > MAX_IGNORED_SIGNALS_KEPT) status.ignoredSignals.shift();
}

/** Why a `reviewChanges` signal cannot be used now, or undefined (then `decision` is the parsed payload). */
export function signalRefusal(
  status: IntegrationStatus,
  pending: ReviewDecision | undefined,
  raw: unknown,
): { reason: string } | { decision: ReviewDecision } {
  const parsed = parseReviewPayload(raw);
  if (!parsed.ok) return { reason: parsed.reason };
  if (status.state !== 'awaiting_review') {
    return { reason: `arrived while the integration was "${status.state}"; a review is accepted only while awaiting_review` };
  }
  if (pending) return { reason: `a decision for v${status.attempt} was already received` };
  return { decision: parsed.decision };
}

/**
 * Why the `submitReview` update refuses a decision now, or undefined: the checks of the `reviewChanges` signal, plus
 * feedback the integrator cannot act on (it would produce the same version again). `type` is the failure type the
 * caller sees (one of REVIEW_REFUSALS).
 */
export function reviewRefusal(
  status: IntegrationStatus,
  pending: ReviewDecision | undefined,
  raw: unknown,
): { type: ReviewRefusal; reason: string } | undefined {
  const parsed = parseReviewPayload(raw);
  if (!parsed.ok) return { type: FailureType.InvalidReview, reason: `Invalid review: ${parsed.reason}` };
  if (status.state !== 'awaiting_review') {
    return {
      type: FailureType.NotAwaitingReview,
      reason: `The integration is "${status.state}", not awaiting_review (${status.message}); a review is accepted only while awaiting_review.`,
    };
  }
  if (pending) return { type: FailureType.AlreadyDecided, reason: `A decision for v${status.attempt} was already received.` };
  const d = parsed.decision;
  if (!d.approved && d.feedback && status.integratorUnderstandsFeedback === false)
    return { type: FailureType.FeedbackNotActionable, reason: cannotActOnFeedback(status) };
  return undefined;
}

/** What an accepted `submitReview` answers: the state the integration goes to next. */
export function acceptedReview(status: IntegrationStatus, d: ReviewDecision): SubmitReviewResult {
  const next = d.approved ? 'creating_pr' : d.feedback && status.attempt < MAX_ATTEMPTS ? 'integrating' : 'rejected';
  return { accepted: true, attempt: status.attempt, next };
}

const NO_AGENT = 'no coding agent: ANTHROPIC_API_KEY is unset or INTEGRATOR=codemod';

function cannotActOnFeedback(status: IntegrationStatus): string {
  const integrator = status.attempts.at(-1)?.integrator ?? 'codemod';
  const v = status.attempt;
  return (
    `The ${integrator} integrator cannot act on free-text feedback (${NO_AGENT}): v${v + 1} would be identical to v${v}. ` +
    `Approve v${v}, or reject it without feedback (this ends the integration); to have an agent answer feedback, run the ` +
    'worker with ANTHROPIC_API_KEY set (INTEGRATOR=auto or claude-code) and start a new integration.'
  );
}

/** The record of a new version, as history keeps it (at most MAX_SITES_KEPT sites; no diffs). */
export function attemptRecord(attempt: number, result: IntegrationAttemptResult): AttemptRecord {
  return {
    attempt,
    integrator: result.integrator,
    summary: result.summary,
    filesChanged: result.filesChanged,
    ...(result.agent ? { agent: { ...result.agent, toolCalls: result.agent.toolCalls.length } } : {}),
    sites: result.sites.slice(0, MAX_SITES_KEPT),
    ...(result.policy ? { policy: result.policy } : {}),
    ...(result.verification ? { verification: { ...result.verification, sites: result.verification.sites.slice(0, MAX_SITES_KEPT) } } : {}),
    ...(result.proof ? { proof: result.proof } : {}),
    ...(result.commitSha ? { commitSha: result.commitSha } : {}),
    ...(result.interdiffRef ? { interdiffRef: result.interdiffRef } : {}),
  };
}

/** A new version is in review on `reviewPr`. */
export function versionInReview(status: IntegrationStatus, record: AttemptRecord, reviewPr: PullRequestRef): void {
  status.reviewPrUrl = record.reviewPrUrl = reviewPr.url;
  status.reviewPr = reviewPr;
}

/** The upstream PR is open. */
export function upstreamPrOpened(status: IntegrationStatus, pr: PullRequestRef): void {
  status.finalPrUrl = pr.url;
  status.finalPr = pr;
}

/** Why a rejection ends the integration, or undefined when it asks for another version. */
export function rejectionEnds(decision: ReviewDecision, attempt: number): string | undefined {
  if (!decision.feedback) return `v${attempt} rejected without feedback`;
  if (attempt >= MAX_ATTEMPTS) return `v${attempt} rejected; no attempts left (${MAX_ATTEMPTS} max)`;
  return undefined;
}

/**
 * For a feedback round whose commit is the version in review: records the feedback with the reason on that
 * version (its decision is undone: it is in review again) and returns the status message and the review PR comment.
 */
export function unchangedVersion(record: AttemptRecord, run: IntegrationAttemptResult, understandsFeedback: boolean | undefined) {
  const v = record.attempt;
  const reason =
    understandsFeedback === false
      ? `the ${run.integrator} integrator cannot act on free-text feedback (${NO_AGENT}), so its commit is v${v}'s again`
      : `the ${run.integrator} integrator made no change for the feedback, so its commit is v${v}'s again`;
  const d = record.decision;
  if (d?.feedback)
    (record.feedbackWithoutChange ??= []).push({ feedback: d.feedback, ...(d.reviewer ? { reviewer: d.reviewer } : {}), at: d.at, reason });
  delete record.decision;
  return {
    message: (url: string) => `v${v + 1} not published: ${reason}. v${v} is still awaiting review: ${url}`,
    comment:
      `The feedback on v${v} produced no new version: ${reason}.\n\n` +
      (d?.feedback
        ? `${d.feedback
            .split('\n')
            .map((l) => `> ${l}`)
            .join('\n')}\n\n`
        : '') +
      `v${v} is still awaiting review: approve it, reject it without feedback, or give feedback the integrator can act on.`,
  };
}
