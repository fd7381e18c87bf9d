/** The campaign workflow's public contract: signals from the CLI, the Temporal UI and the dashboard, and its query. */
import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { CampaignStatus } from '../shared/campaign-types';

/** Stop starting integrations until resumed (running ones go on). */
export const pauseCampaignSignal = defineSignal('pauseCampaign');
export const resumeCampaignSignal = defineSignal('resumeCampaign');
/** Start no more integrations; those already started go on (they wait for their own review). */
export const cancelCampaignSignal = defineSignal('cancelCampaign');
export const campaignStatusQuery = defineQuery<CampaignStatus>('campaignStatus');

export const CAMPAIGN_WORKFLOW_PREFIX = 'campaign-';
