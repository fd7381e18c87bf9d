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

/**
 * Attempts for a forge or git activity. An unreachable forge (an outage) is retried up to ATTEMPTS_WHILE_UNREACHABLE
 * times: with the 1-minute backoff cap that waits out about 15 minutes of outage. Any other retryable error is given
 * up after ATTEMPTS_FOR_OTHER_ERRORS, so a real failure still ends the integration within minutes.
 */
export const ATTEMPTS_WHILE_UNREACHABLE = 20;
export const ATTEMPTS_FOR_OTHER_ERRORS = 6;
/** The failure type of an unreachable forge, shown in the activity's history while it waits. */
export const FORGE_UNAVAILABLE = 'ForgeUnavailable';
