/**
 * Campaigns and discoveries for the dashboard, read from Temporal: visibility for the lists, each workflow's query
 * for its details, the children's `getStatus` for fresh states, and the trackers' `UpstreamPrState` (one visibility
 * query per campaign) for what happened upstream.
 */
import type { Client } from '@temporalio/client';
import type { CampaignStatus } from '../shared/campaign-types';
import type { DiscoveryResult } from '../shared/discovery-types';
import { campaignStatusQuery } from '../workflows/campaign-definitions';
import { getStatusQuery, repositoryKey, upstreamPrStateKey } from '../workflows/definitions';
import { discoveryResultQuery } from '../workflows/discovery-definitions';
import { getPullRequestTrackingQuery, trackerWorkflowId, type PullRequestTracking } from '../workflows/pull-request-tracker-definitions';

export interface WorkflowListRow {
  workflowId: string;
  startedAt: Date;
  running: boolean;
}

export interface CampaignView {
  status: CampaignStatus;
  /** Each repository's current state (from the child's query; the campaign's own view when the child has none). */
  states: Map<string, string>;
  /** Upstream PR state by repository (`owner/name`), once the integration's final PR is tracked. */
  upstream: Map<string, string>;
}

export class CampaignsSource {
  constructor(
    private readonly client: Client,
    /** Runs Temporal calls under the dashboard's deadline (IntegrationsSource.temporal). */
    private readonly temporal: <R>(fn: () => Promise<R>) => Promise<R> = (fn) => fn(),
  ) {}

  async listOf(type: 'campaignWorkflow' | 'discoveryWorkflow', limit = 100): Promise<WorkflowListRow[]> {
    const rows: WorkflowListRow[] = [];
    await this.temporal(async () => {
      for await (const wf of this.client.workflow.list({ query: `WorkflowType = '${type}'`, pageSize: limit })) {
        rows.push({ workflowId: wf.workflowId, startedAt: wf.startTime, running: wf.status.name === 'RUNNING' });
        if (rows.length >= limit) break;
      }
    });
    return rows.sort((a, b) => b.startedAt.getTime() - a.startedAt.getTime());
  }

  async campaign(workflowId: string): Promise<CampaignView> {
    const status = await this.temporal(() => this.client.workflow.getHandle(workflowId).query(campaignStatusQuery));
    const states = new Map<string, string>();
    await Promise.all(
      status.rows.map(async (r) => {
        const fresh = r.startedAt
          ? await this.temporal(() => this.client.workflow.getHandle(r.workflowId).query(getStatusQuery)).catch(() => undefined)
          : undefined;
        states.set(r.workflowId, fresh?.state ?? r.state);
      }),
    );
    const upstream = new Map<string, string>();
    const repos = status.rows.filter((r) => r.startedAt).map((r) => JSON.stringify(r.repo));
    if (repos.length) {
      const query = `WorkflowType = 'pullRequestTrackerWorkflow' AND Repository IN (${repos.join(', ')})`;
      await this.temporal(async () => {
        for await (const wf of this.client.workflow.list({ query })) {
          const repo = wf.typedSearchAttributes.get(repositoryKey);
          const pr = wf.typedSearchAttributes.get(upstreamPrStateKey);
          if (repo && pr) upstream.set(repo, pr);
        }
      });
    }
    return { status, states, upstream };
  }

  /** The upstream PR tracker's view of an integration, when there is one (integrations approved before it have none). */
  tracking(integrationId: string): Promise<PullRequestTracking | undefined> {
    return this.temporal(() => this.client.workflow.getHandle(trackerWorkflowId(integrationId)).query(getPullRequestTrackingQuery)).catch(
      () => undefined,
    );
  }

  discovery(workflowId: string): Promise<DiscoveryResult> {
    return this.temporal(() => this.client.workflow.getHandle(workflowId).query(discoveryResultQuery));
  }
}
