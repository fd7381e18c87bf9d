/**
 * Every failure type the service raises, in one place: the `name` of the adapter errors activities turn into
 * failures, and the `type` of the ApplicationFailures activities and workflows throw. Callers match on these
 * strings (the workflow, the CLI, the dashboard, histories already recorded), so a value never changes; a new
 * failure gets a new constant. Pure and deterministic: workflow code imports it.
 */
export const FailureType = {
  // Adapter errors, by their `name`.
  /** The repository does not exist or cannot be read (any forge). */
  RepositoryNotFoundError: 'RepositoryNotFoundError',
  /** A repository we must not open a PR for (archived, already approached, rules forbid automated PRs). */
  RepositorySkippedError: 'RepositorySkippedError',
  RepoUrlError: 'RepoUrlError',
  ConfigError: 'ConfigError',
  GitHubAuthError: 'GitHubAuthError',
  GitHubPermissionError: 'GitHubPermissionError',
  GitHubValidationError: 'GitHubValidationError',
  /** The coding agent hit its turn, budget or time limit. */
  AgentLimitError: 'AgentLimitError',

  // Failures thrown by activities.
  InvalidInput: 'InvalidInput',
  /** The diff broke the diff policy (a secret, a file outside the allowed set, too large). */
  PolicyViolation: 'PolicyViolation',
  /** An unreachable forge, shown in the activity's history while it is waited out. */
  ForgeUnavailable: 'ForgeUnavailable',
  /** The working copy on this worker does not hold the commit the workflow expects: integrate again. */
  WorkspaceLost: 'WorkspaceLost',
  DiscoveryNotConfigured: 'DiscoveryNotConfigured',

  // Failures that end a workflow.
  DiscoveryFailed: 'DiscoveryFailed',
  ReviewTimeout: 'ReviewTimeout',
  ProofFailed: 'ProofFailed',
  IntegrationError: 'IntegrationError',
  InternalError: 'InternalError',

  // Refusals of the `submitReview` update (its validator's failure types; see REVIEW_REFUSALS).
  InvalidReview: 'InvalidReview',
  NotAwaitingReview: 'NotAwaitingReview',
  AlreadyDecided: 'AlreadyDecided',
  FeedbackNotActionable: 'FeedbackNotActionable',
} as const;
export type FailureType = (typeof FailureType)[keyof typeof FailureType];

/**
 * Failure types that retrying cannot fix. Activities throw them as non-retryable failures; the workflow's retry
 * policies list them too (RETRY_POLICIES), so even an error thrown outside `classifyErrors` is not retried.
 */
export const NON_RETRYABLE_FAILURES: FailureType[] = [
  FailureType.RepositoryNotFoundError,
  FailureType.RepoUrlError,
  FailureType.ConfigError,
  FailureType.GitHubAuthError,
  FailureType.GitHubPermissionError,
  FailureType.GitHubValidationError,
  FailureType.RepositorySkippedError,
  FailureType.InvalidInput,
  FailureType.PolicyViolation,
  FailureType.AgentLimitError,
];
