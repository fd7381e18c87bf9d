/**
 * The never-again list's workflow contract (see src/shared/never-again.ts): the start options of an entry (every
 * writer goes through adapters/temporal/never-again-list.ts), the query of an entry and the signal that lifts it.
 */
import { defineSearchAttributeKey, SearchAttributeType, type SearchAttributePair } from '@temporalio/common';
import { defineQuery, defineSignal } from '@temporalio/workflow';
import { neverAgainKey, neverAgainWorkflowId, OPT_OUT_SEARCH_ATTRIBUTE, type NeverAgainEntry } from '../shared/never-again';

export const optOutKey = defineSearchAttributeKey(OPT_OUT_SEARCH_ATTRIBUTE, SearchAttributeType.KEYWORD);

export interface LiftNeverAgain {
  by?: string;
  reason?: string;
}

export interface NeverAgainResult {
  entry: NeverAgainEntry;
  liftedAt: string;
  liftedBy?: string;
  why?: string;
}

export const neverAgainEntryQuery = defineQuery<NeverAgainEntry>('neverAgainEntry');
/** Ends the entry: the repository (or owner) may be approached again. */
export const liftNeverAgainSignal = defineSignal<[LiftNeverAgain]>('liftNeverAgain');

/** Id, memo (the entry, read back by describe) and the `OptOut` attribute of an entry's workflow. */
export function neverAgainStart(entry: NeverAgainEntry): {
  workflowId: string;
  memo: { entry: NeverAgainEntry };
  typedSearchAttributes: SearchAttributePair[];
} {
  const key = neverAgainKey(entry);
  return { workflowId: neverAgainWorkflowId(key), memo: { entry }, typedSearchAttributes: [{ key: optOutKey, value: key }] };
}
