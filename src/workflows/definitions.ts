/**
 * Signals, queries and search attributes of the integration workflow: the names are a public contract used by the
 * CLI, the Temporal UI and the dashboard, so they live apart from the workflow body.
 */
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import { defineQuery, defineSignal } from '@temporalio/workflow';
import { STATUS_SEARCH_ATTRIBUTE, type IntegrationStatus, type ReviewDecision } from '../shared/types';

/** `reviewChanges`: approve, or reject with optional feedback. Payloads are validated by the workflow. */
export const reviewCompleteSignal = defineSignal<[ReviewDecision]>('reviewChanges');

/** Current state, attempt, PR URLs, last error, attempts and ignored signals. */
export const getStatusQuery = defineQuery<IntegrationStatus>('getStatus');

export const integrationStatusKey = defineSearchAttributeKey(STATUS_SEARCH_ATTRIBUTE, SearchAttributeType.KEYWORD);
