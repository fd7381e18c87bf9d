/**
 * Maps adapter errors onto Temporal failures: errors that a retry cannot fix become non-retryable with their type
 * name, so the workflow fails fast with a clear message instead of retrying for minutes.
 */
import { ApplicationFailure } from '@temporalio/common';
import { RepositoryNotFoundError } from '../adapters/forge/forge';
import { RepoUrlError } from '../shared/repo-url';

export async function classifyErrors<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof RepositoryNotFoundError || err instanceof RepoUrlError) {
      throw ApplicationFailure.create({ message: err.message, type: err.name, nonRetryable: true });
    }
    throw err;
  }
}

/** The working copy on this worker does not hold the commit the workflow expects: integrate again. */
export function workspaceLost(detail: string): ApplicationFailure {
  return ApplicationFailure.create({ message: `Working copy lost: ${detail}`, type: 'WorkspaceLost', nonRetryable: true });
}
