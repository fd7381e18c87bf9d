/**
 * Maps adapter errors onto Temporal failures: errors that a retry cannot fix become non-retryable with their type
 * name, so the workflow fails fast with a clear message instead of retrying for minutes. The budgets are those of
 * RETRY_BUDGETS (src/shared/retry-budgets.ts).
 */
import { Context, heartbeat, log } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { measureForgeUse } from '../adapters/forge/counting-forge';
import { FailureType, NON_RETRYABLE_FAILURES } from '../shared/failures';
import { RETRY_BUDGETS } from '../shared/retry-budgets';
import type { Counted } from '../shared/types';
import { isForgeUnreachable } from './forge-unreachable';

const NON_RETRYABLE: ReadonlySet<string> = new Set(NON_RETRYABLE_FAILURES);
const ATTEMPTS_WHILE_UNREACHABLE = RETRY_BUDGETS[FailureType.ForgeUnavailable];

export async function classifyErrors<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof Error && NON_RETRYABLE.has(err.name)) {
      throw ApplicationFailure.create({ message: err.message, type: err.name, nonRetryable: true });
    }
    // An outage is waited out by the retry policy (RETRY_BUDGETS.ForgeUnavailable); the message says so in the history.
    const attempt = currentAttempt();
    if (isForgeUnreachable(err)) {
      const message = err instanceof Error ? err.message : String(err);
      const cause = err instanceof Error ? err : undefined;
      if (attempt >= ATTEMPTS_WHILE_UNREACHABLE) {
        throw ApplicationFailure.create({
          message: `The forge could not be reached in ${ATTEMPTS_WHILE_UNREACHABLE} attempts (about 15 minutes): ${message}`,
          type: FailureType.ForgeUnavailable,
          nonRetryable: true,
          cause,
        });
      }
      throw ApplicationFailure.create({
        message: `The forge cannot be reached; retrying: ${message}`,
        type: FailureType.ForgeUnavailable,
        cause,
      });
    }
    // Anything else gets the short budget it always had, whatever the policy allows for outages.
    if (attempt >= RETRY_BUDGETS.otherErrors && err instanceof Error) {
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
  return ApplicationFailure.create({ message: `Working copy lost: ${detail}`, type: FailureType.WorkspaceLost, nonRetryable: true });
}

/**
 * Runs a forge operation (with classifyErrors) and reports how many requests the forge sent for it, for the
 * integration's request count. The calls come from the activities' counting forge (see createActivities).
 */
export async function counted<T>(fn: () => Promise<T>): Promise<Counted<T>> {
  // A rate-limited request can wait minutes for its reset: keep heartbeating so the activity is not presumed dead.
  const beat = setInterval(() => heartbeat(), 20_000);
  try {
    const { result, use } = await measureForgeUse(() => classifyErrors(fn));
    if (use.calls.length) log.debug(`Forge: ${use.calls.join(', ')} (${use.requests.length} requests)`);
    return { value: result, forgeRequests: use.requests.length };
  } finally {
    clearInterval(beat);
  }
}
