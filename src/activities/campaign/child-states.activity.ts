/**
 * What a campaign needs to know about its children: each one's current state, from its `getStatus` query (or its
 * closed status when it has ended). Read-only; one query per child, only while the campaign waits for a free slot.
 */
import { Context } from '@temporalio/activity';
import { WorkflowNotFoundError } from '@temporalio/client';
import type { CampaignRowState } from '../../shared/campaign-types';
import { getStatusQuery } from '../../workflows/definitions';

export function childStatesActivity() {
  return async function campaignChildStates(workflowIds: string[]): Promise<Record<string, CampaignRowState>> {
    const client = Context.current().client;
    const out: Record<string, CampaignRowState> = {};
    for (const id of workflowIds) {
      const handle = client.workflow.getHandle(id);
      try {
        out[id] = (await handle.query(getStatusQuery)).state;
      } catch (err) {
        if (err instanceof WorkflowNotFoundError) out[id] = 'unknown';
        else {
          // A child that failed before registering its query handler still has a closed status.
          const d = await handle.describe().catch(() => undefined);
          out[id] = d?.status.name === 'COMPLETED' ? 'completed' : d && d.status.name !== 'RUNNING' ? 'failed' : 'unknown';
        }
      }
    }
    return out;
  };
}
