/**
 * The integration workflow: fork, clone and analyze, integrate and verify, push, prove, open a review PR, wait for a
 * person, loop on feedback (at most MAX_ATTEMPTS versions), then open the final PR upstream. The body is the steps;
 * the status people see is projected by ./integration-status.ts (pure), and forge request counting is kept on the
 * side by ./counted-steps.ts. Deterministic: every side effect is an activity, and history holds only small records
 * (no diffs, no secrets).
 */
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
  proxyLocalActivities,
  startChild,
} from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import type { createActivities } from '../activities';
import { durationMs } from '../shared/duration';
import { FailureType } from '../shared/failures';
import { RETRY_POLICIES } from '../shared/retry-budgets';
import { parseReviewPayload } from '../shared/review-payload';
import {
  MAX_ATTEMPTS,
  ROUTING_MODES,
  type AttemptRecord,
  type ForkInfo,
  type IntegrationAttemptResult,
  type IntegrationInput,
  type IntegrationResult,
  type IntegrationState,
  type PullRequestRef,
  type RepositoryAnalysis,
  type ReviewDecision,
  type StatusReport,
  type SubmitReviewResult,
} from '../shared/types';
import { countedSteps } from './counted-steps';
import { getStatusQuery, integrationStatusKey, reviewCompleteSignal, submitReviewUpdate } from './definitions';
import {
  acceptedReview,
  attemptRecord,
  enterState,
  initialStatus,
  recordIgnoredSignal,
  rejectionEnds,
  reviewRefusal,
  signalRefusal,
  unchangedVersion,
  upstreamPrOpened,
  versionInReview,
} from './integration-status';
import { trackerWorkflowId } from './pull-request-tracker-definitions';
import { pullRequestTrackerWorkflow } from './pull-request-tracker.workflow';

type Activities = ReturnType<typeof createActivities>;

// The steps, by activity name. Forge steps: enough attempts to wait out a forge outage of about 15 minutes; the
// activities themselves give up on any other error sooner (RETRY_BUDGETS, enforced in activities/errors.ts).
const forgeSteps = proxyActivities<Activities>({
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '2 minutes',
  retry: RETRY_POLICIES.forgeAndGit,
});
// The clone step also analyzes the working copy (languages, client sites, settings module, formatter, rules).
const { cloneRepository: cloneAndAnalyze } = forgeSteps;

// Integrating runs the integrator, then the diff policy and the verifier on its change (one send-back to an
// integrator that takes feedback), then commits. Coding agents can run for a while; the heartbeat timeout is what
// detects a dead worker quickly.
const { integrate: integrateAndVerify } = proxyActivities<Activities>({
  startToCloseTimeout: '45 minutes',
  heartbeatTimeout: '2 minutes',
  retry: RETRY_POLICIES.integrate,
});

// The proof installs and runs the repository's checks three times; its own total budget (PROOF_TOTAL_TIMEOUT, at
// most 90 minutes) ends it first. It heartbeats while a step runs, so a dead worker is noticed in minutes.
const { proveChange } = proxyActivities<Activities>({
  startToCloseTimeout: '2 hours',
  heartbeatTimeout: '2 minutes',
  retry: RETRY_POLICIES.proveChange,
});

const { reportStatus } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: RETRY_POLICIES.reportStatus,
});
// Since the patch `status-reports-local`: each state change is noted by a local activity, run by the worker that runs
// the workflow task, its answer a marker in that task's completion (no task-queue round trip; without
// HELICONE_API_URL, nothing more), and only a worker that sends reports is asked to deliver it, as a regular activity.
const { noteStatus } = proxyLocalActivities<Activities>({
  startToCloseTimeout: '10 seconds',
  retry: RETRY_POLICIES.reportStatus,
});
const { deliverStatus } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: RETRY_POLICIES.reportStatus,
});

/** How many times a lost working copy (worker died between integrate and push) is rebuilt before giving up. */
const MAX_WORKSPACE_REBUILDS = 2;
const DEFAULT_REVIEW_TIMEOUT = '7 days';

export async function repositoryIntegrationWorkflow(input: IntegrationInput): Promise<IntegrationResult> {
  const status = initialStatus(input);
  const repo = status.repo;
  const now = () => new Date().toISOString();
  let pendingDecision: ReviewDecision | undefined;

  setHandler(getStatusQuery, () => status);
  setHandler(reviewCompleteSignal, (raw: unknown) => {
    const checked = signalRefusal(status, pendingDecision, raw);
    if ('reason' in checked) {
      log.warn('Ignored reviewChanges signal', { reason: checked.reason });
      return recordIgnoredSignal(status, checked.reason, raw, now());
    }
    pendingDecision = checked.decision;
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
        return acceptedReview(status, parsed.decision);
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

  // The forge steps, each adding the API requests it made to the integration's count.
  const { forkRepository, pushBranch, openReviewPullRequest, commentOnReviewPullRequest, closeReviewPullRequest, openUpstreamPullRequest } =
    countedSteps(
      {
        forkRepository: forgeSteps.forkRepository,
        pushBranch: forgeSteps.pushBranch,
        openReviewPullRequest: forgeSteps.openReviewPullRequest,
        commentOnReviewPullRequest: forgeSteps.commentOnReviewPullRequest,
        closeReviewPullRequest: forgeSteps.closeReviewPullRequest,
        openUpstreamPullRequest: forgeSteps.openUpstreamPullRequest,
      },
      (n) => (status.forgeRequests += n),
    );

  // Decided once, before the first report: an integration started before the patch keeps `reportStatus`.
  const noted = patched(LOCAL_STATUS_REPORTS_PATCH);
  const report = async (change: StatusReport) => {
    if (!noted) return reportStatus(change);
    if ((await noteStatus(change)).deliver) await deliverStatus(change);
  };
  let reports: Promise<void> = Promise.resolve();
  const setState = async (state: IntegrationState, message: string) => {
    const change = enterState(status, state, message, now());
    upsertSearchAttributes([{ key: integrationStatusKey, value: state }]);
    log.info(`Integration ${input.integrationId}: ${state}`, { message });
    // Best effort: the reporter retries a few times; a dead endpoint must never fail the integration. Run it in a
    // non-cancellable scope so the final "failed" report still goes out when the workflow is being cancelled.
    const send = () =>
      CancellationScope.nonCancellable(() =>
        report(change).catch((err: unknown) => log.warn('Status report failed; continuing', { error: String(err) })),
      );
    // Off the critical path: reports go out one after another, in order, while the integration moves on, so a slow or
    // dead endpoint (6 s of retries per report) delays nothing; the workflow waits for them only before it ends.
    // Histories recorded before this change awaited each report in place and replay that way.
    if (patched(STATUS_REPORTS_IN_BACKGROUND_PATCH)) reports = reports.then(send);
    else await send();
  };
  const skip = async (why: string): Promise<IntegrationResult> => {
    await setState('completed', `Skipped: ${why}`);
    return { state: 'completed', message: status.message, attempts: 0 };
  };

  try {
    const reviewTimeoutMs = checkInput(input);

    // 1. Fork (or find the fork made before). The skip rules (archived, empty, an earlier PR of ours) end it here.
    await setState('forking', `Forking ${repo}`);
    let fork: ForkInfo;
    try {
      fork = await forkRepository({
        repoUrl: input.repoUrl,
        repoOwner: input.repoOwner,
        repoName: input.repoName,
        integrationId: input.integrationId,
      });
    } catch (err) {
      if (failureType(err) !== FailureType.RepositorySkippedError) throw err;
      return await skip(errorMessage(err));
    }

    // 2. Clone and analyze; a repository whose rules forbid bots, or a library, gets no PR.
    await setState('cloning', `Cloning ${fork.fork.owner}/${fork.fork.name}`);
    const analysis = await cloneAndAnalyze({ integrationId: input.integrationId, fork });
    log.info('Analysis', { files: analysis.files, languages: analysis.languages, conventionalCommits: analysis.conventionalCommits });
    if (analysis.forbidsAutomatedPrs)
      return await skip(`the contribution rules forbid automated pull requests ("${analysis.forbidsAutomatedPrs}")`);
    // Analyses recorded before `kind` existed have none, so old histories replay past this unchanged.
    if (analysis.kind === 'library') {
      return await skip(
        `${repo} is a library or SDK (${(analysis.kindEvidence ?? 'its manifest says so').replace(/\.$/, '')}); Helicone belongs in the applications that use it`,
      );
    }

    const feedback: string[] = [];
    let lastSessionId: string | undefined;
    /** The version in review: its result, record and review PR. */
    let published: { result: IntegrationAttemptResult; record: AttemptRecord; reviewPr: PullRequestRef } | undefined;
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      status.attempt = attempt;
      // 3. Integrate, verify and push version n.
      let result = await integrateAndPush(fork, analysis, attempt, feedback, lastSessionId);
      if (attempt === 1 && !result.branchDiffers) {
        await setState('completed', `No changes needed: ${result.summary}`);
        return { state: 'completed', message: status.message, attempts: attempt };
      }
      if (result.integratorUnderstandsFeedback !== undefined) status.integratorUnderstandsFeedback = result.integratorUnderstandsFeedback;
      let record: AttemptRecord;
      let reviewPr: PullRequestRef;
      let ready: string;
      if (
        published &&
        result.commitSha !== undefined &&
        result.commitSha === published.result.commitSha &&
        patched(IDENTICAL_VERSION_PATCH)
      ) {
        // The integrator made no change for the feedback: a v(n+1) identical to v(n) would tell the reviewer it was
        // answered. Nothing is published; v(n) stays in review on the same PR, with the feedback and the reason recorded.
        if (result.agent) lastSessionId = result.agent.sessionId;
        const unchanged = unchangedVersion(published.record, result, status.integratorUnderstandsFeedback);
        ({ result, record, reviewPr } = published);
        attempt = status.attempt = record.attempt;
        ready = unchanged.message(reviewPr.url);
        await commentOnReviewPullRequest({ fork, number: reviewPr.number, comment: unchanged.comment });
      } else {
        // 4. Prove it: the repository's own checks on the base and on the change. Added after histories were
        // recorded: integrations started before it reach review without a proof. Only a new version is proved (one
        // identical to the version in review was proved with it).
        if (patched(PROOF_PATCH) && result.commitSha) result = await prove(fork, analysis, attempt, feedback, result);
        record = attemptRecord(attempt, result);
        if (result.agent) lastSessionId = result.agent.sessionId;
        status.attempts.push(record);

        // 5. Open (or update) the review PR in the fork.
        await setState('creating_review_pr', `Opening review PR v${attempt}`);
        reviewPr = await openReviewPullRequest({
          integrationId: input.integrationId,
          fork,
          attempt,
          result,
          feedback: [...feedback],
          workflowId: workflowInfo().workflowId,
        });
        versionInReview(status, record, reviewPr);
        published = { result, record, reviewPr };
        ready = `Review PR v${attempt} is ready: ${reviewPr.url}`;
      }

      // 6. Wait for a person's decision.
      pendingDecision = undefined;
      await setState('awaiting_review', ready);
      const decided = await condition(() => pendingDecision !== undefined, reviewTimeoutMs);
      if (!decided || !pendingDecision) {
        const reason = `No review within ${input.reviewTimeout ?? DEFAULT_REVIEW_TIMEOUT}`;
        status.lastError = reason;
        await setState('failed', reason);
        await closeReviewPullRequest({ fork, number: reviewPr.number, comment: `${reason}; closing.` });
        throw ApplicationFailure.nonRetryable(reason, FailureType.ReviewTimeout);
      }
      const decision: ReviewDecision = pendingDecision;
      record.decision = { ...decision, at: now() };

      // 7. Approved: open the PR upstream, close the review PR, and follow the upstream PR until it ends.
      if (decision.approved) {
        await setState('creating_pr', `v${attempt} approved; opening the pull request upstream`);
        // A proposal (ask first) only adds a field to the activity's input: no new command, so no patch is needed.
        const finalPr = await openUpstreamPullRequest({
          integrationId: input.integrationId,
          fork,
          analysis,
          result,
          ...(input.proposal ? { proposal: input.proposal } : {}),
        });
        upstreamPrOpened(status, finalPr);
        // No link to the upstream PR here: GitHub would show it there as a cross-reference to this internal review.
        await closeReviewPullRequest({ fork, number: reviewPr.number, comment: 'Approved; the pull request is now open upstream.' });
        // Added after histories were recorded: integrations that approved before it replay without a tracker.
        if (patched(TRACK_UPSTREAM_PR_PATCH)) await startTracker(input, fork, finalPr);
        await setState('completed', `Pull request opened: ${finalPr.url}`);
        return { state: 'completed', message: status.message, reviewPrUrl: status.reviewPrUrl, finalPrUrl: finalPr.url, attempts: attempt };
      }
      // Rejected: it ends here, or its feedback makes the next version.
      const ends = rejectionEnds(decision, attempt);
      if (ends) {
        await closeReviewPullRequest({ fork, number: reviewPr.number, comment: `Rejected: ${ends}.` });
        await setState('rejected', ends);
        return { state: 'rejected', message: ends, reviewPrUrl: status.reviewPrUrl, attempts: attempt };
      }
      feedback.push(decision.feedback!);
    }
    throw ApplicationFailure.nonRetryable('Review loop ended without a decision', FailureType.InternalError);
  } catch (err) {
    if (status.state !== 'failed') {
      status.lastError = isCancellation(err) ? 'Cancelled' : errorMessage(err);
      await setState('failed', status.lastError);
    }
    // A plain Error thrown here would fail the workflow task and retry it forever (a wedged workflow);
    // a TemporalFailure ends the workflow as failed.
    throw err instanceof TemporalFailure
      ? err
      : ApplicationFailure.nonRetryable(status.lastError ?? errorMessage(err), FailureType.IntegrationError);
  } finally {
    // The last reports ("completed", "failed") go out before the workflow closes.
    await reports;
  }

  /**
   * Runs the repository's own checks on the base and on the change. Newly failing steps go back once to an
   * integrator that understands feedback (its rework is pushed and proved again); otherwise they are shown at the
   * top of the review PR, or, with PROOF=required, fail the integration.
   */
  async function prove(
    fork: ForkInfo,
    analysis: RepositoryAnalysis,
    attempt: number,
    feedback: string[],
    result: IntegrationAttemptResult,
  ): Promise<IntegrationAttemptResult> {
    await setState('proving', `Running the repository's own checks on the base and on v${attempt}`);
    const params = { integrationId: input.integrationId, fork, attempt, commitSha: result.commitSha! };
    let proved = await proveChange(params);
    if (proved.sendBack) {
      log.warn(`v${attempt}: checks newly fail; sending them back to the integrator once`, { summary: proved.proof.summary });
      result = await integrateAndPush(fork, analysis, attempt, feedback, result.agent?.sessionId, {
        proof: proved.proof,
        previous: result,
      });
      await setState('proving', `Running the repository's own checks on the reworked v${attempt}`);
      proved = await proveChange({ ...params, commitSha: result.commitSha!, afterSendBack: true });
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
      const result = await integrateAndVerify({
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
        await pushBranch({ integrationId: input.integrationId, fork, commitSha: result.commitSha! });
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
    const ms = durationMs(input.reviewTimeout ?? DEFAULT_REVIEW_TIMEOUT);
    if (ms === undefined || !(ms > 0)) throw new Error('not positive');
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
  return cause instanceof ApplicationFailure ? (cause.type ?? undefined) : undefined;
}

function errorMessage(err: unknown): string {
  // ActivityFailure wraps the real error in `cause`; show the root message, not "Activity task failed".
  let e: unknown = err;
  while (e && typeof e === 'object' && 'cause' in e && (e as { cause?: unknown }).cause) e = (e as { cause: unknown }).cause;
  return e instanceof Error ? e.message : String(e);
}

/** Patch id of the upstream PR tracker (see docs/workflow-contract.md, "Tracking the upstream PR"). */
export const TRACK_UPSTREAM_PR_PATCH = 'track-upstream-pr';
/** The proof (proving state, proveChange, and the one send-back of newly failing checks) before the review PR. */
export const PROOF_PATCH = 'proof-before-review';
/** Status reports sent in order in the background instead of awaited at each state change. */
export const STATUS_REPORTS_IN_BACKGROUND_PATCH = 'status-reports-in-background';
/** The `submitReview` update handler, registered at workflow start. */
export const REVIEW_UPDATE_PATCH = 'review-update';
/** Status changes noted by a local activity, delivered only where reports are configured (see noteStatus). */
export const LOCAL_STATUS_REPORTS_PATCH = 'status-reports-local';
/** A feedback round whose commit is the version in review publishes nothing and keeps that version in review. */
export const IDENTICAL_VERSION_PATCH = 'identical-version';

/** Starts the tracker of the final PR; it outlives this workflow (ABANDON) and one per integration id runs at a time. */
async function startTracker(input: IntegrationInput, fork: ForkInfo, pr: PullRequestRef): Promise<void> {
  try {
    await startChild(pullRequestTrackerWorkflow, {
      workflowId: trackerWorkflowId(input.integrationId),
      args: [
        {
          integrationId: input.integrationId,
          repo: { owner: fork.upstream.owner, name: fork.upstream.name },
          number: pr.number,
          url: pr.url,
          ...(input.trackPullRequestEvery ? { pollInterval: input.trackPullRequestEvery } : {}),
          ...(input.staleAfter ? { staleAfter: input.staleAfter } : {}),
        },
      ],
      parentClosePolicy: ParentClosePolicy.ABANDON,
    });
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
  }
}
