/**
 * Where the inbox reads from: the visibility store finds the trackers (workflow type `pullRequestTrackerWorkflow`,
 * ids `track-<integration id>`, newest first), and each one's `getPullRequestTracking` query gives its conversation,
 * a few queries at a time. A tracker that does not answer (an ended one whose worker cannot replay it in time) is
 * left out and counted. A campaign filter reads the campaign's rows (its children's workflow ids).
 */
import type { Client } from '@temporalio/client';
import { inLanes } from '../shared/in-lanes';
import { workflowIdFor } from '../shared/workflow-ids';
import { campaignStatusQuery } from '../workflows/campaign-definitions';
import { getPullRequestTrackingQuery } from '../workflows/pull-request-tracker-definitions';
import type { TrackerView } from './inbox';

/** Trackers read per inbox page at most (newest first). */
export const INBOX_TRACKER_LIMIT = 200;
/** Tracker queries in flight at once: each one is a workflow task on a worker. */
const QUERY_LANES = 8;
const TRACKER_PREFIX = 'track-';

export interface InboxRead {
  trackers: TrackerView[];
  /** Trackers found that did not answer their query. */
  silent: number;
  /** More trackers exist than were read. */
  truncated: boolean;
}

export class InboxSource {
  constructor(
    private readonly client: Client,
    /** Runs Temporal calls under the dashboard's deadline (IntegrationsSource.temporal). */
    private readonly temporal: <R>(fn: () => Promise<R>) => Promise<R>,
  ) {}

  async read(limit = INBOX_TRACKER_LIMIT): Promise<InboxRead> {
    const ids: string[] = [];
    let truncated = false;
    await this.temporal(async () => {
      for await (const wf of this.client.workflow.list({ query: `WorkflowType = 'pullRequestTrackerWorkflow'`, pageSize: 100 })) {
        if (!wf.workflowId.startsWith(TRACKER_PREFIX)) continue;
        if (ids.length >= limit) {
          truncated = true;
          break;
        }
        if (!ids.includes(wf.workflowId)) ids.push(wf.workflowId);
      }
    });
    const read = await inLanes(
      ids,
      async (id) =>
        this.temporal(() => this.client.workflow.getHandle(id).query(getPullRequestTrackingQuery)).then(
          (tracking): TrackerView => ({ integrationId: id.slice(TRACKER_PREFIX.length), tracking }),
          () => undefined,
        ),
      QUERY_LANES,
    );
    const trackers = read.filter((t): t is TrackerView => !!t);
    return { trackers, silent: ids.length - trackers.length, truncated };
  }

  /** The integration ids of a campaign's repositories (its rows' workflow ids are `integration-<id>`). */
  async campaignMembers(campaignWorkflowId: string): Promise<Set<string>> {
    const status = await this.temporal(() => this.client.workflow.getHandle(campaignWorkflowId).query(campaignStatusQuery));
    const prefix = workflowIdFor('');
    return new Set(status.rows.map((r) => (r.workflowId.startsWith(prefix) ? r.workflowId.slice(prefix.length) : r.workflowId)));
  }
}
