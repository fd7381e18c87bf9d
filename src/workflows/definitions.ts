/**
 * Signals, queries and search attributes of the integration workflow: the names are a public contract used by the
 * CLI, the Temporal UI and the dashboard, so they live apart from the workflow body.
 */
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import {
  REPOSITORY_SEARCH_ATTRIBUTE,
  STATUS_SEARCH_ATTRIBUTE,
  UPSTREAM_PR_SEARCH_ATTRIBUTE,
  UPSTREAM_PR_SINCE_SEARCH_ATTRIBUTE,
  type IntegrationStatus,
  type ReviewDecision,
  type SubmitReviewResult,
} from '../shared/types';

/** `reviewChanges`: approve, or reject with optional feedback. Payloads are validated by the workflow. */
export const reviewCompleteSignal = defineSignal<[ReviewDecision]>('reviewChanges');

/**
 * `submitReview`: the same decision as `reviewChanges`, as an update, so the caller learns at once whether it was
 * taken. The validator refuses (the update fails with the reason, nothing enters history) a malformed payload, a
 * state other than awaiting_review, a second decision for the version, and feedback the integrator cannot act on.
 * Used by the CLI and the dashboard (src/adapters/temporal/submit-review.ts).
 */
export const submitReviewUpdate = defineUpdate<SubmitReviewResult, [ReviewDecision]>('submitReview');

/** Current state, attempt, PR URLs, last error, attempts and ignored signals. */
export const getStatusQuery = defineQuery<IntegrationStatus>('getStatus');

export const integrationStatusKey = defineSearchAttributeKey(STATUS_SEARCH_ATTRIBUTE, SearchAttributeType.KEYWORD);

/** `owner/name`, set when an integration starts (by the CLI or a campaign): how discovery finds repositories already approached. */
export const repositoryKey = defineSearchAttributeKey(REPOSITORY_SEARCH_ATTRIBUTE, SearchAttributeType.KEYWORD);

/** State of the upstream PR once the final PR is open (`open`, `merged`, `closed`, `changes_requested`). */
export const upstreamPrStateKey = defineSearchAttributeKey(UPSTREAM_PR_SEARCH_ATTRIBUTE, SearchAttributeType.KEYWORD);

/** When the upstream PR entered that state (ISO; trackers since the patch `tracker-state-since`). */
export const upstreamPrSinceKey = defineSearchAttributeKey(UPSTREAM_PR_SINCE_SEARCH_ATTRIBUTE, SearchAttributeType.KEYWORD);
