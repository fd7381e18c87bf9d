/**
 * Where the dashboard reads integrations from: Temporal itself (the IntegrationStatus search attribute for lists,
 * the getStatus query for details) and the forge for diffs. No second copy of the state.
 */
import type { Client } from '@temporalio/client';
import type { Forge } from '../adapters/forge/forge';
import { getStatusQuery, integrationStatusKey } from '../workflows/definitions';
import type { IntegrationState, IntegrationStatus } from '../shared/types';

export interface IntegrationRow {
  workflowId: string;
  state: IntegrationState | 'unknown';
  startedAt: Date;
  status?: IntegrationStatus;
}

const ORDER: Record<string, number> = { awaiting_review: 0 };

export class IntegrationsSource {
  constructor(
    private readonly client: Client,
    private readonly forge?: Forge,
    private readonly limit = 200,
  ) {}

  /**
   * Integrations from the visibility store. `details` adds each one's status query (repository, attempt, cost):
   * the page needs it, the live stream's change detection does not, and it would cost one query per row per tick.
   */
  async list(filter: { state?: string; search?: string } = {}, opts: { details?: boolean } = { details: true }): Promise<IntegrationRow[]> {
    const clauses = [`WorkflowType = 'repositoryIntegrationWorkflow'`];
    if (filter.state && /^[a-z_]+$/.test(filter.state)) clauses.push(`IntegrationStatus = '${filter.state}'`);
    const rows: IntegrationRow[] = [];
    for await (const wf of this.client.workflow.list({ query: clauses.join(' AND ') })) {
      rows.push({ workflowId: wf.workflowId, state: (wf.typedSearchAttributes.get(integrationStatusKey) as IntegrationState) ?? 'unknown', startedAt: wf.startTime });
      if (rows.length >= this.limit) break;
    }
    // Details (repository, attempt, cost) come from the query; a workflow whose worker is gone still lists.
    if (opts.details !== false) await Promise.all(rows.map(async (r) => (r.status = await this.status(r.workflowId).catch(() => undefined))));
    const q = filter.search?.trim().toLowerCase();
    return rows
      .filter((r) => !q || r.workflowId.toLowerCase().includes(q) || r.status?.repo.toLowerCase().includes(q))
      .sort((a, b) => (ORDER[a.state] ?? 1) - (ORDER[b.state] ?? 1) || b.startedAt.getTime() - a.startedAt.getTime());
  }

  status(workflowId: string): Promise<IntegrationStatus> {
    return this.client.workflow.getHandle(workflowId).query(getStatusQuery);
  }

  /** The current review PR's diff (or the final PR's once it exists). */
  async diff(status: IntegrationStatus): Promise<string | undefined> {
    const pr = status.finalPr ?? status.reviewPr;
    if (!pr || !this.forge) return undefined;
    const [owner = '', name = ''] = pr.repo.split('/');
    return this.forge.getPullRequestDiff({ owner, name }, pr.number).catch(() => undefined);
  }
}
