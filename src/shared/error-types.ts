/**
 * Names of the errors that retrying cannot fix. Activities throw them as non-retryable failures; the workflow
 * lists them too, so even an error thrown outside `classifyErrors` is not retried.
 */
export const NON_RETRYABLE_ERRORS = [
  'RepositoryNotFoundError',
  'RepoUrlError',
  'ConfigError',
  'GitHubAuthError',
  'GitHubPermissionError',
  'GitHubValidationError',
  'RepositorySkippedError',
  'InvalidInput',
  'PolicyViolation',
  'AgentLimitError',
];

/** A repository we must not open a PR for (archived, already approached, rules forbid automated PRs). */
export const SKIPPED_ERROR = 'RepositorySkippedError';
