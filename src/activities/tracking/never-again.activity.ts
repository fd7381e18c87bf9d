/**
 * The tracker's write to the never-again list (src/shared/never-again.ts): starts the entry's workflow through the
 * worker's client. Idempotent: an entry whose key is already listed is left as it is (the first reason stands).
 * An activity rather than a child workflow: the entry outlives the tracker and belongs to no parent.
 */
import { Context } from '@temporalio/activity';
import { addNeverAgain } from '../../adapters/temporal/never-again-list';
import type { NeverAgainEntry } from '../../shared/never-again';

export function neverAgainActivity() {
  /** True when this call put it on the list, false when its key was already there. */
  return async function addToNeverAgainList(entry: NeverAgainEntry): Promise<boolean> {
    return addNeverAgain(Context.current().client, entry);
  };
}
