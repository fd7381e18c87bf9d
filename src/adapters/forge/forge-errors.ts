/**
 * Errors any forge (and the steps that use one) may raise about a repository. Neutral: the local and GitHub
 * forges and the activities throw the same classes, and activities turn them into non-retryable failures by name.
 */
import { FailureType } from '../../shared/failures';

/** Thrown when a repository does not exist or cannot be read; never worth retrying. */
export class RepositoryNotFoundError extends Error {
  override readonly name = FailureType.RepositoryNotFoundError;
}

/**
 * A repository we must not open a pull request for: archived (the forge says so), or already approached by us
 * (a rule of the fork step). The integration ends `completed` with a "Skipped" message.
 */
export class RepositorySkippedError extends Error {
  override readonly name = FailureType.RepositorySkippedError;
}
