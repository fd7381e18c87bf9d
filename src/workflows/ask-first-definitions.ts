/** The ask-first workflow's public contract: its status query and the signal that reads the issue at once. */
import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { AskFirstStatus } from '../shared/ask-first-types';

export const askFirstStatusQuery = defineQuery<AskFirstStatus>('askFirstStatus');
/** Read the proposal issue now instead of at the next poll (`maintainer-says` sends it on the local forge). */
export const checkProposalNowSignal = defineSignal('checkProposalNow');
