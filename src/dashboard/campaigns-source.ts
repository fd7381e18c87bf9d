/**
 * Campaigns and discoveries for the dashboard, read from Temporal: visibility for the lists, each workflow's query
 * for its details, the children's `IntegrationStatus` (visibility: upserted at every state change, so as fresh as
 * their `getStatus` without asking a worker per child) for their states, and the trackers (visibility, their results
 * and histories: UpstreamTimelines) for what happened upstream and when.
 */
import type { Client } from '@temporalio/client';
import type { CampaignStatus } from '../shared/campaign-types';
import type { DiscoveryResult } from '../shared/discovery-types';
import { TERMINAL_STATES } from '../shared/types';
import { campaignStatusQuery } from '../workflows/campaign-definitions';
import { integrationStatusKey } from '../workflows/definitions';
import { discoveryResultQuery } from '../workflows/discovery-definitions';
import { getPullRequestTrackingQuery, trackerWorkflowId, type PullRequestTracking } from '../workflows/pull-request-tracker-definitions';
import type { PrTimeline } from './burndown';
import { UpstreamTimelines } from './upstream-timelines';
import { latestRun, runsById } from './visibility-by-id';

export interface WorkflowListRow {
  workflowId: string;
  startedAt: Date;
  running: boolean;
}

export interface CampaignView {
  status: CampaignStatus;
  /**
   * Each repository's current state: the child's `IntegrationStatus`, unless the campaign has seen it settle; the
   * campaign's own view when the child has none.
   */
  states: Map<string, string>;
  /** Upstream PR state by integration workflow id, once the integration's final PR is tracked. */
  upstream: Map<string, string>;
  /** Every tracked upstream PR of the campaign: when it was opened and reached its state (the burndown's input). */
  prs: PrTimeline[];
}

export class CampaignsSource {
  private readonly timelines: UpstreamTimelines;

  constructor(
    private readonly client: Client,
    /** Runs Temporal calls under the dashboard's deadline (IntegrationsSource.temporal). */
    private readonly temporal: <R>(fn: () => Promise<R>) => Promise<R> = (fn) => fn(),
  ) {
    this.timelines = new UpstreamTimelines(client, temporal);
  }

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
    const started = status.rows.filter((r) => r.startedAt);
    // An integration's tracker is `track-<integration id>`, its workflow `integration-<integration id>`: matched by
    // id, not by repository, so another campaign's PR to the same repository is not counted here.
    const integrationOf = new Map(started.map((r) => [trackerWorkflowId(r.workflowId.replace(/^integration-/, '')), r.workflowId]));
    // A row the campaign has seen settle (completed, rejected, failed) cannot change: only the others are read.
    const live = started.filter((r) => !(TERMINAL_STATES as readonly string[]).includes(r.state));
    const [children, timelines] = await Promise.all([
      runsById(
        this.client,
        this.temporal,
        'repositoryIntegrationWorkflow',
        live.map((r) => r.workflowId),
      ),
      this.timelines.of([...integrationOf.keys()]),
    ]);
    const states = new Map<string, string>();
    for (const r of status.rows) {
      const fresh = latestRun(children.get(r.workflowId) ?? [])?.typedSearchAttributes.get(integrationStatusKey);
      states.set(r.workflowId, fresh ?? r.state);
    }
    const upstream = new Map<string, string>();
    for (const [trackerId, t] of timelines) upstream.set(integrationOf.get(trackerId)!, t.state);
    return { status, states, upstream, prs: [...timelines.values()] };
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
