/**
 * Maps adapter errors onto Temporal failures: errors that a retry cannot fix become non-retryable with their type
 * name, so the workflow fails fast with a clear message instead of retrying for minutes.
 */
import { Context, heartbeat } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { ATTEMPTS_FOR_OTHER_ERRORS, ATTEMPTS_WHILE_UNREACHABLE, FORGE_UNAVAILABLE, NON_RETRYABLE_ERRORS } from '../shared/error-types';
import { isForgeUnreachable } from './forge-unreachable';
import type { Counted } from '../shared/types';
import { countRequests } from '../adapters/forge/github/request-counter';

export async function classifyErrors<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof Error && NON_RETRYABLE_ERRORS.includes(err.name)) {
      throw ApplicationFailure.create({ message: err.message, type: err.name, nonRetryable: true });
    }
    // An outage is waited out by the retry policy (ATTEMPTS_WHILE_UNREACHABLE); the message says so in the history.
    const attempt = currentAttempt();
    if (isForgeUnreachable(err)) {
      const message = err instanceof Error ? err.message : String(err);
      const cause = err instanceof Error ? err : undefined;
      if (attempt >= ATTEMPTS_WHILE_UNREACHABLE) {
        throw ApplicationFailure.create({ message: `The forge could not be reached in ${ATTEMPTS_WHILE_UNREACHABLE} attempts (about 15 minutes): ${message}`, type: FORGE_UNAVAILABLE, nonRetryable: true, cause });
      }
      throw ApplicationFailure.create({ message: `The forge cannot be reached; retrying: ${message}`, type: FORGE_UNAVAILABLE, cause });
    }
    // Anything else gets the short budget it always had, whatever the policy allows for outages.
    if (attempt >= ATTEMPTS_FOR_OTHER_ERRORS && err instanceof Error) {
      throw ApplicationFailure.create({ message: err.message, type: err.name, nonRetryable: true, cause: err });
    }
    throw err;
  }
}

/** The activity attempt (1 when called outside an activity, e.g. from a CLI or a test). */
function currentAttempt(): number {
  try {
    return Context.current().info.attempt;
  } catch {
    return 1;
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
