/** The discovery workflow's public contract: its query, read by `npm run discover`, campaigns and the dashboard. */
import { defineQuery } from '@temporalio/workflow';
import type { DiscoveryResult } from '../shared/discovery-types';

/** `discoveryResult`: the state, the ranked table and the excluded repositories (also after the workflow ends). */
export const discoveryResultQuery = defineQuery<DiscoveryResult>('discoveryResult');

export const DISCOVERY_WORKFLOW_PREFIX = 'discovery-';
