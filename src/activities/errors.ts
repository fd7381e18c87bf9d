/**
 * Maps adapter errors onto Temporal failures: errors that a retry cannot fix become non-retryable with their type
 * name, so the workflow fails fast with a clear message instead of retrying for minutes.
 */
import { heartbeat } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { NON_RETRYABLE_ERRORS } from '../shared/error-types';
import type { Counted } from '../shared/types';
import { countRequests } from '../adapters/forge/github/request-counter';

export async function classifyErrors<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof Error && NON_RETRYABLE_ERRORS.includes(err.name)) {
      throw ApplicationFailure.create({ message: err.message, type: err.name, nonRetryable: true });
    }
    throw err;
  }
}

/** The working copy on this worker does not hold the commit the workflow expects: integrate again. */
export function workspaceLost(detail: string): ApplicationFailure {
  return ApplicationFailure.create({ message: `Working copy lost: ${detail}`, type: 'WorkspaceLost', nonRetryable: true });
}

/** Runs a forge operation and reports how many API requests it made, for the integration's request count. */
export async function counted<T>(fn: () => Promise<T>): Promise<Counted<T>> {
  // A rate-limited request can wait minutes for its reset: keep heartbeating so the activity is not presumed dead.
  const beat = setInterval(() => heartbeat(), 20_000);
  try {
    const { result, requests } = await countRequests(() => classifyErrors(fn));
    return { value: result, forgeRequests: requests };
  } finally {
    clearInterval(beat);
  }
}
