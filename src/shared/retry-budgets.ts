/**
 * Every retry budget of the service, in one place: attempts per failure type for the forge and git activities, and
 * the retry policy of each kind of activity the workflows schedule. Changing a value changes behaviour (and what a
 * running integration does on its next retry), so they are kept exactly as they were when they lived in each
 * workflow. Pure and deterministic: workflow code imports it.
 */
import type { RetryPolicy } from '@temporalio/common';
import { FailureType, NON_RETRYABLE_FAILURES } from './failures';

/**
 * Attempts a forge or git activity (fork, clone, push, the PR steps) gets, by how it fails. The activity's retry
 * policy allows the largest budget; `classifyErrors` (src/activities/errors.ts) ends a smaller one early by
 * throwing a non-retryable failure. Failure types in NON_RETRYABLE_FAILURES, and WorkspaceLost, get one attempt.
 */
export const RETRY_BUDGETS = {
  /** An outage: with backoff 2 s doubling to the 1-minute cap, 20 attempts wait out about 15 minutes of it. */
  [FailureType.ForgeUnavailable]: 20,
  /** Any other retryable error (a git command failing, a 5xx Octokit gave up on): a real failure ends in minutes. */
  otherErrors: 6,
} as const satisfies Partial<Record<FailureType, number>> & { otherErrors: number };

/** Retry policies by kind of activity; the workflows' proxies use these and nothing else. */
export const RETRY_POLICIES = {
  /** Forge and git activities: enough attempts for an outage (see RETRY_BUDGETS). */
  forgeAndGit: {
    initialInterval: '2s',
    backoffCoefficient: 2,
    maximumInterval: '1 minute',
    maximumAttempts: RETRY_BUDGETS[FailureType.ForgeUnavailable],
    nonRetryableErrorTypes: NON_RETRYABLE_FAILURES,
  },
  /** The integrator (codemod or coding agent). */
  integrate: {
    initialInterval: '5s',
    backoffCoefficient: 2,
    maximumInterval: '2 minutes',
    maximumAttempts: 3,
    nonRetryableErrorTypes: NON_RETRYABLE_FAILURES,
  },
  /** The proof (its own total budget ends it first). */
  proveChange: {
    initialInterval: '5s',
    backoffCoefficient: 2,
    maximumInterval: '1 minute',
    maximumAttempts: 3,
    nonRetryableErrorTypes: NON_RETRYABLE_FAILURES,
  },
  /** Status reports: best effort, a dead endpoint never fails the integration. */
  reportStatus: { initialInterval: '2s', backoffCoefficient: 2, maximumAttempts: 3 },
  /** The campaign's look at its children. */
  campaignChildStates: { initialInterval: '5s', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 5 },
  /** The upstream PR tracker's look at the PR: an outage just delays the next look. */
  checkPullRequest: { initialInterval: '30s', backoffCoefficient: 2, maximumInterval: '30 minutes', maximumAttempts: 10 },
  /** A reply or close from the inbox: the reviewer waits for it, so a down forge fails it within about a minute. */
  inboxAction: { initialInterval: '2s', backoffCoefficient: 2, maximumInterval: '20s', maximumAttempts: 5 },
  /** Discovery's search; without a GitHub token it cannot run at all. */
  findCandidates: {
    initialInterval: '5s',
    backoffCoefficient: 2,
    maximumInterval: '2 minutes',
    maximumAttempts: 5,
    nonRetryableErrorTypes: [FailureType.DiscoveryNotConfigured],
  },
  /** Discovery's ranking. */
  rankCandidates: { initialInterval: '5s', backoffCoefficient: 2, maximumInterval: '2 minutes', maximumAttempts: 4 },
} satisfies Record<string, RetryPolicy>;
