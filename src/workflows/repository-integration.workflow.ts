/**
 * The integration workflow: fork, clone, integrate, push, open a review PR, wait for a human, loop on feedback
 * (at most MAX_ATTEMPTS versions), then open the final PR upstream. Deterministic and small: every side effect is
 * an activity, and history holds only small records (no diffs, no secrets).
 */
import type { Duration } from '@temporalio/common';
import { msToNumber } from '@temporalio/common/lib/time';
import {
  ApplicationFailure,
  TemporalFailure,
  condition,
  isCancellation,
  log,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
  CancellationScope,
  ParentClosePolicy,
  patched,
  startChild,
} from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import type { createActivities } from '../activities';
import { FailureType } from '../shared/failures';
import { RETRY_POLICIES } from '../shared/retry-budgets';
import { parseReviewPayload, previewPayload } from '../shared/review-payload';
import {
  MAX_ATTEMPTS,
  ROUTING_MODES,
  type AttemptRecord,
  type Counted,
  type ForkInfo,
  type IntegrationAttemptResult,
  type IntegrationInput,
  type IntegrationResult,
  type IntegrationState,
  type IntegrationStatus,
  type PullRequestRef,
  type RepositoryAnalysis,
  type ReviewDecision,
  type ReviewRefusal,
  type SubmitReviewResult,
} from '../shared/types';
import { getStatusQuery, integrationStatusKey, reviewCompleteSignal, submitReviewUpdate } from './definitions';
import { trackerWorkflowId } from './pull-request-tracker-definitions';
import { pullRequestTrackerWorkflow } from './pull-request-tracker.workflow';

type Activities = ReturnType<typeof createActivities>;

const git = proxyActivities<Activities>({
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '2 minutes',
  // Enough attempts to wait out a forge outage of about 15 minutes; the activities themselves give up on any other
  // error sooner (RETRY_BUDGETS, enforced in activities/errors.ts).
  retry: RETRY_POLICIES.forgeAndGit,
});

const integrator = proxyActivities<Activities>({
  // Coding agents can run for a while; the heartbeat timeout is what detects a dead worker quickly.
  startToCloseTimeout: '45 minutes',
  heartbeatTimeout: '2 minutes',
  retry: RETRY_POLICIES.integrate,
});

// The proof installs and runs the repository's checks three times; its own total budget (PROOF_TOTAL_TIMEOUT, at
// most 90 minutes) ends it first. It heartbeats while a step runs, so a dead worker is noticed in minutes.
const prover = proxyActivities<Activities>({
  startToCloseTimeout: '2 hours',
  heartbeatTimeout: '2 minutes',
  retry: RETRY_POLICIES.proveChange,
});

const reporting = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: RETRY_POLICIES.reportStatus,
});

/** How many times a lost working copy (worker died between integrate and push) is rebuilt before giving up. */
const MAX_WORKSPACE_REBUILDS = 2;
const MAX_IGNORED_SIGNALS_KEPT = 20;
const DEFAULT_REVIEW_TIMEOUT = '7 days';

export async function repositoryIntegrationWorkflow(input: IntegrationInput): Promise<IntegrationResult> {
  const repo = `${input.repoOwner}/${input.repoName}`;
  const status: IntegrationStatus = {
    integrationId: input.integrationId,
    repo,
    state: 'forking',
    message: 'Starting',
    attempt: 0,
    maxAttempts: MAX_ATTEMPTS,
    forgeRequests: 0,
    attempts: [],
    ignoredSignals: [],
    timeline: [],
  };
  let pendingDecision: ReviewDecision | undefined;

  setHandler(getStatusQuery, () => status);
  setHandler(reviewCompleteSignal, (raw: unknown) => {
    const ignore = (reason: string) => {
      log.warn('Ignored reviewChanges signal', { reason });
      status.ignoredSignals.push({ at: new Date().toISOString(), reason, payloadPreview: previewPayload(raw) });
      if (status.ignoredSignals.length > MAX_IGNORED_SIGNALS_KEPT) status.ignoredSignals.shift();
    };
    const parsed = parseReviewPayload(raw);
    if (!parsed.ok) return ignore(parsed.reason);
    if (status.state !== 'awaiting_review') {
      return ignore(`arrived while the integration was "${status.state}"; a review is accepted only while awaiting_review`);
    }
    if (pendingDecision) return ignore(`a decision for v${status.attempt} was already received`);
    pendingDecision = parsed.decision;
  });
  // The `submitReview` update (see definitions.ts). Registered at workflow start, before the first command, so its
  // marker is the first of the history. Integrations started before it have no marker: replaying them registers no
  // handler (their histories hold no update), and a live update to them is rejected for want of a handler, which the
  // client answers by falling back to query-then-signal (src/adapters/temporal/submit-review.ts).
  if (patched(REVIEW_UPDATE_PATCH)) {
    setHandler(
      submitReviewUpdate,
      (raw: unknown): SubmitReviewResult => {
        // The validator accepted this payload in the same activation, so it parses; a refusal here would still be
        // an update failure (never a workflow task failure).
        const parsed = parseReviewPayload(raw);
        if (!parsed.ok) throw ApplicationFailure.nonRetryable(`Invalid review: ${parsed.reason}`, FailureType.InvalidReview);
        pendingDecision = parsed.decision;
        const d = parsed.decision;
        const next = d.approved ? 'creating_pr' : d.feedback && status.attempt < MAX_ATTEMPTS ? 'integrating' : 'rejected';
        return { accepted: true, attempt: status.attempt, next };
      },
      {
        // Runs before anything enters history: a refused decision leaves no trace but the caller's error.
        validator: (raw: unknown) => {
          const refusal = reviewRefusal(status, pendingDecision, raw);
          if (refusal) throw ApplicationFailure.nonRetryable(refusal.reason, refusal.type);
        },
        description: 'Approve, or reject with optional feedback; refused with the reason when the decision cannot be taken now.',
      },
    );
  }

  let reports: Promise<void> = Promise.resolve();
  const setState = async (state: IntegrationState, message: string) => {
    status.state = state;
    status.message = message;
    status.timeline.push({ state, at: new Date().toISOString(), message });
    upsertSearchAttributes([{ key: integrationStatusKey, value: state }]);
    log.info(`Integration ${input.integrationId}: ${state}`, { message });
    const report = {
      integrationId: input.integrationId,
      repo,
      state,
      message,
      attempt: status.attempt,
      reviewPrUrl: status.reviewPrUrl,
      finalPrUrl: status.finalPrUrl,
      timestamp: new Date().toISOString(),
    };
    // Best effort: the reporter retries a few times; a dead endpoint must never fail the integration. Run it in a
    // non-cancellable scope so the final "failed" report still goes out when the workflow is being cancelled.
    const send = () =>
      CancellationScope.nonCancellable(() =>
        reporting.reportStatus(report).catch((err: unknown) => log.warn('Status report failed; continuing', { error: String(err) })),
      );
    // Off the critical path: reports go out one after another, in order, while the integration moves on, so a slow or
    // dead endpoint (6 s of retries per report) delays nothing; the workflow waits for them only before it ends.
    // Histories recorded before this change awaited each report in place and replay that way.
    if (patched(STATUS_REPORTS_IN_BACKGROUND_PATCH)) reports = reports.then(send);
    else await send();
  };

  /** Unwraps an activity result and adds its forge API requests to the integration's count. */
  const tally = <T>(r: Counted<T>): T => {
    status.forgeRequests += r.forgeRequests;
    return r.value;
  };

  try {
    const reviewTimeoutMs = checkInput(input);
    await setState('forking', `Forking ${repo}`);
    let fork: ForkInfo;
    try {
      fork = tally(await git.forkRepository({ repoUrl: input.repoUrl, repoOwner: input.repoOwner, repoName: input.repoName, integrationId: input.integrationId }));
    } catch (err) {
      if (failureType(err) !== FailureType.RepositorySkippedError) throw err;
      await setState('completed', `Skipped: ${errorMessage(err)}`);
      return { state: 'completed', message: status.message, attempts: 0 };
    }

    await setState('cloning', `Cloning ${fork.fork.owner}/${fork.fork.name}`);
    const analysis = await git.cloneRepository({ integrationId: input.integrationId, fork });
    log.info('Analysis', { files: analysis.files, languages: analysis.languages, conventionalCommits: analysis.conventionalCommits });
    if (analysis.forbidsAutomatedPrs) {
      await setState('completed', `Skipped: the contribution rules forbid automated pull requests ("${analysis.forbidsAutomatedPrs}")`);
      return { state: 'completed', message: status.message, attempts: 0 };
    }
    // Analyses recorded before `kind` existed have none, so old histories replay past this unchanged.
    if (analysis.kind === 'library') {
      await setState('completed', `Skipped: ${repo} is a library or SDK (${(analysis.kindEvidence ?? 'its manifest says so').replace(/\.$/, '')}); Helicone belongs in the applications that use it`);
      return { state: 'completed', message: status.message, attempts: 0 };
    }

    const feedback: string[] = [];
    let lastSessionId: string | undefined;
    /** The version in review: its result, record and review PR. */
    let published: { result: IntegrationAttemptResult; record: AttemptRecord; reviewPr: PullRequestRef } | undefined;
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      status.attempt = attempt;
      let result = await integrateAndPush(fork, analysis, attempt, feedback, lastSessionId);
      if (attempt === 1 && !result.branchDiffers) {
        await setState('completed', `No changes needed: ${result.summary}`);
        return { state: 'completed', message: status.message, attempts: attempt };
      }
      if (result.integratorUnderstandsFeedback !== undefined) status.integratorUnderstandsFeedback = result.integratorUnderstandsFeedback;
      let record: AttemptRecord;
      let reviewPr: PullRequestRef;
      let ready: string;
      if (published && result.commitSha !== undefined && result.commitSha === published.result.commitSha && patched(IDENTICAL_VERSION_PATCH)) {
        // The integrator made no change for the feedback: a v(n+1) identical to v(n) would tell the reviewer it was
        // answered. Nothing is published; v(n) stays in review on the same PR, with the feedback and the reason recorded.
        if (result.agent) lastSessionId = result.agent.sessionId;
        const unchanged = unchangedVersion(published.record, result, status.integratorUnderstandsFeedback);
        ({ result, record, reviewPr } = published);
        attempt = status.attempt = record.attempt;
        ready = unchanged.message(reviewPr.url);
        tally(await git.commentOnReviewPullRequest({ fork, number: reviewPr.number, comment: unchanged.comment }));
      } else {
        // Added after histories were recorded: integrations started before it reach review without a proof. Only a
        // new version is proved (one identical to the version in review was proved with it).
        if (patched(PROOF_PATCH) && result.commitSha) result = await prove(fork, analysis, attempt, feedback, result);
        record = {
          attempt,
          integrator: result.integrator,
          summary: result.summary,
          filesChanged: result.filesChanged,
          ...(result.agent ? { agent: { ...result.agent, toolCalls: result.agent.toolCalls.length } } : {}),
          sites: result.sites.slice(0, 100),
          ...(result.policy ? { policy: result.policy } : {}),
          ...(result.verification ? { verification: { ...result.verification, sites: result.verification.sites.slice(0, 100) } } : {}),
          ...(result.proof ? { proof: result.proof } : {}),
          ...(result.commitSha ? { commitSha: result.commitSha } : {}),
          ...(result.interdiffRef ? { interdiffRef: result.interdiffRef } : {}),
        };
        if (result.agent) lastSessionId = result.agent.sessionId;
        status.attempts.push(record);

        await setState('creating_review_pr', `Opening review PR v${attempt}`);
        reviewPr = tally(await git.openReviewPullRequest({
          integrationId: input.integrationId,
          fork,
          attempt,
          result,
          feedback: [...feedback],
          workflowId: workflowInfo().workflowId,
        }));
        status.reviewPrUrl = record.reviewPrUrl = reviewPr.url;
        status.reviewPr = reviewPr;
        published = { result, record, reviewPr };
        ready = `Review PR v${attempt} is ready: ${reviewPr.url}`;
      }

      pendingDecision = undefined;
      await setState('awaiting_review', ready);
      const decided = await condition(() => pendingDecision !== undefined, reviewTimeoutMs);
      if (!decided || !pendingDecision) {
        const reason = `No review within ${input.reviewTimeout ?? DEFAULT_REVIEW_TIMEOUT}`;
        status.lastError = reason;
        await setState('failed', reason);
        tally(await git.closeReviewPullRequest({ fork, number: reviewPr.number, comment: `${reason}; closing.` }));
        throw ApplicationFailure.nonRetryable(reason, FailureType.ReviewTimeout);
      }
      const decision: ReviewDecision = pendingDecision;
      record.decision = { ...decision, at: new Date().toISOString() };

      if (decision.approved) {
        await setState('creating_pr', `v${attempt} approved; opening the pull request upstream`);
        const finalPr = tally(await git.openUpstreamPullRequest({ integrationId: input.integrationId, fork, analysis, result }));
        status.finalPrUrl = finalPr.url;
        status.finalPr = finalPr;
        // No link to the upstream PR here: GitHub would show it there as a cross-reference to this internal review.
        tally(await git.closeReviewPullRequest({ fork, number: reviewPr.number, comment: 'Approved; the pull request is now open upstream.' }));
        // Added after histories were recorded: integrations that approved before it replay without a tracker.
        if (patched(TRACK_UPSTREAM_PR_PATCH)) await startTracker(input, fork, finalPr);
        await setState('completed', `Pull request opened: ${finalPr.url}`);
        return { state: 'completed', message: status.message, reviewPrUrl: status.reviewPrUrl, finalPrUrl: finalPr.url, attempts: attempt };
      }
      if (!decision.feedback || attempt === MAX_ATTEMPTS) {
        const why = !decision.feedback ? `v${attempt} rejected without feedback` : `v${attempt} rejected; no attempts left (${MAX_ATTEMPTS} max)`;
        tally(await git.closeReviewPullRequest({ fork, number: reviewPr.number, comment: `Rejected: ${why}.` }));
        await setState('rejected', why);
        return { state: 'rejected', message: why, reviewPrUrl: status.reviewPrUrl, attempts: attempt };
      }
      feedback.push(decision.feedback);
    }
    throw ApplicationFailure.nonRetryable('Review loop ended without a decision', FailureType.InternalError);
  } catch (err) {
    if (status.state !== 'failed') {
      status.lastError = isCancellation(err) ? 'Cancelled' : errorMessage(err);
      await setState('failed', status.lastError);
    }
    // A plain Error thrown here would fail the workflow task and retry it forever (a wedged workflow);
    // a TemporalFailure ends the workflow as failed.
    throw err instanceof TemporalFailure ? err : ApplicationFailure.nonRetryable(status.lastError ?? errorMessage(err), FailureType.IntegrationError);
  } finally {
    // The last reports ("completed", "failed") go out before the workflow closes.
    await reports;
  }

  /**
   * Runs the repository's own checks on the base and on the change. Newly failing steps go back once to an
   * integrator that understands feedback (its rework is pushed and proved again); otherwise they are shown at the
   * top of the review PR, or, with PROOF=required, fail the integration.
   */
  async function prove(fork: ForkInfo, analysis: RepositoryAnalysis, attempt: number, feedback: string[], result: IntegrationAttemptResult): Promise<IntegrationAttemptResult> {
    await setState('proving', `Running the repository's own checks on the base and on v${attempt}`);
    const params = { integrationId: input.integrationId, fork, attempt, commitSha: result.commitSha! };
    let proved = await prover.proveChange(params);
    if (proved.sendBack) {
      log.warn(`v${attempt}: checks newly fail; sending them back to the integrator once`, { summary: proved.proof.summary });
      result = await integrateAndPush(fork, analysis, attempt, feedback, result.agent?.sessionId, { proof: proved.proof, previous: result });
      await setState('proving', `Running the repository's own checks on the reworked v${attempt}`);
      proved = await prover.proveChange({ ...params, commitSha: result.commitSha!, afterSendBack: true });
    }
    const proof = proved.proof;
    if (proof.mode === 'required' && ['blocked', 'incomplete', 'error'].includes(proof.outcome)) {
      throw ApplicationFailure.nonRetryable(`The proof did not pass (PROOF=required): ${proof.summary}`, FailureType.ProofFailed);
    }
    return { ...result, proof };
  }

  /** Runs the integrator and pushes its commit; rebuilds the work when the working copy was lost with its worker. */
  async function integrateAndPush(
    fork: ForkInfo,
    analysis: RepositoryAnalysis,
    attempt: number,
    feedback: string[],
    previousSessionId: string | undefined,
    proofFix?: Parameters<Activities['integrate']>[0]['proofFix'],
  ): Promise<IntegrationAttemptResult> {
    for (let rebuild = 0; ; rebuild++) {
      await setState('integrating', proofFix ? `Reworking v${attempt} for the checks it breaks` : `Writing the integration (v${attempt})`);
      const result = await integrator.integrate({
        integrationId: input.integrationId,
        fork,
        analysis,
        attempt,
        feedback: [...feedback],
        ...(previousSessionId ? { previousSessionId } : {}),
        ...(input.routing ? { routing: input.routing } : {}),
        ...(proofFix ? { proofFix } : {}),
      });
      if (!result.branchDiffers) return result;
      await setState('pushing', `Pushing v${attempt} to ${fork.fork.owner}/${fork.fork.name}`);
      try {
        tally(await git.pushBranch({ integrationId: input.integrationId, fork, commitSha: result.commitSha! }));
        return result;
      } catch (err) {
        if (rebuild < MAX_WORKSPACE_REBUILDS && failureType(err) === FailureType.WorkspaceLost) {
          log.warn('Working copy lost (worker changed); integrating again', { attempt, rebuild });
          continue;
        }
        throw err;
      }
    }
  }
}

/**
 * Inputs can be typed by hand in the Temporal UI: check them before any work, and fail with a message naming the
 * field rather than throwing somewhere deep. Returns the review timeout in milliseconds.
 */
function checkInput(input: IntegrationInput): number {
  for (const field of ['repoUrl', 'repoOwner', 'repoName', 'integrationId'] as const) {
    const v = (input as unknown as Record<string, unknown> | undefined)?.[field];
    if (typeof v !== 'string' || !v.trim()) {
      throw ApplicationFailure.nonRetryable(`Invalid input: "${field}" must be a non-empty string`, FailureType.InvalidInput);
    }
  }
  if (input.routing !== undefined && !ROUTING_MODES.includes(input.routing)) {
    throw ApplicationFailure.nonRetryable(
      `Invalid input: "routing" must be one of ${ROUTING_MODES.map((m) => `"${m}"`).join(', ')}, got ${JSON.stringify(input.routing)}`,
      FailureType.InvalidInput,
    );
  }
  try {
    const ms = msToNumber((input.reviewTimeout ?? DEFAULT_REVIEW_TIMEOUT) as Duration);
    if (!(ms > 0)) throw new Error('not positive');
    return ms;
  } catch {
    throw ApplicationFailure.nonRetryable(
      `Invalid input: "reviewTimeout" must be a duration such as "7 days" or "36h", got ${JSON.stringify(input.reviewTimeout)}`,
      FailureType.InvalidInput,
    );
  }
}

function failureType(err: unknown): string | undefined {
  const cause = (err as { cause?: unknown }).cause;
  return cause instanceof ApplicationFailure ? cause.type ?? undefined : undefined;
}

function errorMessage(err: unknown): string {
  // ActivityFailure wraps the real error in `cause`; show the root message, not "Activity task failed".
  let e: unknown = err;
  while (e && typeof e === 'object' && 'cause' in e && (e as { cause?: unknown }).cause) e = (e as { cause: unknown }).cause;
  return e instanceof Error ? e.message : String(e);
}

/** Patch id of the upstream PR tracker (see the README's "Tracking the upstream PR"). */
export const TRACK_UPSTREAM_PR_PATCH = 'track-upstream-pr';
/** The proof (proving state, proveChange, and the one send-back of newly failing checks) before the review PR. */
export const PROOF_PATCH = 'proof-before-review';
/** Status reports sent in order in the background instead of awaited at each state change. */
export const STATUS_REPORTS_IN_BACKGROUND_PATCH = 'status-reports-in-background';
/** The `submitReview` update handler, registered at workflow start. */
export const REVIEW_UPDATE_PATCH = 'review-update';
/** A feedback round whose commit is the version in review publishes nothing and keeps that version in review. */
export const IDENTICAL_VERSION_PATCH = 'identical-version';

/**
 * Why the `submitReview` update refuses a decision now, or undefined: the checks of the `reviewChanges` signal, plus
 * feedback the integrator cannot act on (it would produce the same version again). `type` is the failure type the
 * caller sees (one of REVIEW_REFUSALS).
 */
function reviewRefusal(status: IntegrationStatus, pending: ReviewDecision | undefined, raw: unknown): { type: ReviewRefusal; reason: string } | undefined {
  const parsed = parseReviewPayload(raw);
  if (!parsed.ok) return { type: FailureType.InvalidReview, reason: `Invalid review: ${parsed.reason}` };
  if (status.state !== 'awaiting_review') {
    return { type: FailureType.NotAwaitingReview, reason: `The integration is "${status.state}", not awaiting_review (${status.message}); a review is accepted only while awaiting_review.` };
  }
  if (pending) return { type: FailureType.AlreadyDecided, reason: `A decision for v${status.attempt} was already received.` };
  const d = parsed.decision;
  if (!d.approved && d.feedback && status.integratorUnderstandsFeedback === false) return { type: FailureType.FeedbackNotActionable, reason: cannotActOnFeedback(status) };
  return undefined;
}

function cannotActOnFeedback(status: IntegrationStatus): string {
  const integrator = status.attempts.at(-1)?.integrator ?? 'codemod';
  const v = status.attempt;
  return (
    `The ${integrator} integrator cannot act on free-text feedback (${NO_AGENT}): v${v + 1} would be identical to v${v}. ` +
    `Approve v${v}, or reject it without feedback (this ends the integration); to have an agent answer feedback, run the ` +
    'worker with ANTHROPIC_API_KEY set (INTEGRATOR=auto or claude-code) and start a new integration.'
  );
}

const NO_AGENT = 'no coding agent: ANTHROPIC_API_KEY is unset or INTEGRATOR=codemod';

/**
 * For a feedback round whose commit is the version in review: records the feedback with the reason on that
 * version (its decision is undone: it is in review again) and returns the status message and the review PR comment.
 */
function unchangedVersion(record: AttemptRecord, run: IntegrationAttemptResult, understandsFeedback: boolean | undefined) {
  const v = record.attempt;
  const reason =
    understandsFeedback === false
      ? `the ${run.integrator} integrator cannot act on free-text feedback (${NO_AGENT}), so its commit is v${v}'s again`
      : `the ${run.integrator} integrator made no change for the feedback, so its commit is v${v}'s again`;
  const d = record.decision;
  if (d?.feedback) (record.feedbackWithoutChange ??= []).push({ feedback: d.feedback, ...(d.reviewer ? { reviewer: d.reviewer } : {}), at: d.at, reason });
  delete record.decision;
  return {
    message: (url: string) => `v${v + 1} not published: ${reason}. v${v} is still awaiting review: ${url}`,
    comment:
      `The feedback on v${v} produced no new version: ${reason}.\n\n` +
      (d?.feedback ? `${d.feedback.split('\n').map((l) => `> ${l}`).join('\n')}\n\n` : '') +
      `v${v} is still awaiting review: approve it, reject it without feedback, or give feedback the integrator can act on.`,
  };
}

/** Starts the tracker of the final PR; it outlives this workflow (ABANDON) and one per integration id runs at a time. */
async function startTracker(input: IntegrationInput, fork: ForkInfo, pr: PullRequestRef): Promise<void> {
  try {
    await startChild(pullRequestTrackerWorkflow, {
      workflowId: trackerWorkflowId(input.integrationId),
      args: [{ integrationId: input.integrationId, repo: { owner: fork.upstream.owner, name: fork.upstream.name }, number: pr.number, url: pr.url, ...(input.trackPullRequestEvery ? { pollInterval: input.trackPullRequestEvery } : {}) }],
      parentClosePolicy: ParentClosePolicy.ABANDON,
    });
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
  }
}
