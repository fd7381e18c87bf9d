/**
 * One entry of the never-again list (src/shared/never-again.ts): it waits, costing nothing (no timer, no activity),
 * until `liftNeverAgain` ends it. Its memo and `OptOut` attribute are set by whoever starts it.
 */
import { condition, setHandler } from '@temporalio/workflow';
import type { NeverAgainEntry } from '../shared/never-again';
import { liftNeverAgainSignal, neverAgainEntryQuery, type LiftNeverAgain, type NeverAgainResult } from './never-again-definitions';

export async function neverAgainWorkflow(entry: NeverAgainEntry): Promise<NeverAgainResult> {
  let lifted: LiftNeverAgain | undefined;
  setHandler(neverAgainEntryQuery, () => entry);
  setHandler(liftNeverAgainSignal, (p) => void (lifted = typeof p === 'object' && p ? p : {}));
  await condition(() => lifted !== undefined);
  return {
    entry,
    liftedAt: new Date().toISOString(),
    ...(typeof lifted?.by === 'string' ? { liftedBy: lifted.by.slice(0, 100) } : {}),
    ...(typeof lifted?.reason === 'string' ? { why: lifted.reason.slice(0, 500) } : {}),
  };
}
