/**
 * What a campaign needs to know about its children: each one's current state, from its `getStatus` query (or its
 * closed status when it has ended). Read-only; one query per child, only while the campaign waits for a free slot.
 */
import { Context } from '@temporalio/activity';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { askFirstWorkflowId } from '../../shared/ask-first-types';
import { workflowIdFor } from '../../shared/workflow-ids';
import type { CampaignRowState } from '../../shared/campaign-types';
import { askFirstStatusQuery } from '../../workflows/ask-first-definitions';
import { getStatusQuery } from '../../workflows/definitions';

const ASK_FIRST_PREFIX = askFirstWorkflowId('');

/** A proposal's row: waiting, refused, unanswered, or, once accepted, its integration's state. */
async function proposalState(client: Client, id: string): Promise<CampaignRowState> {
  const s = await client.workflow
    .getHandle(id)
    .query(askFirstStatusQuery)
    .catch(() => undefined);
  if (!s) return 'unknown';
  if (s.state === 'previewing' || s.state === 'asked') return 'asked';
  if (s.state === 'declined' || s.state === 'no_answer' || s.state === 'duplicate') return s.state;
  if (s.state === 'nothing_to_change') return 'completed';
  return integrationState(client, workflowIdFor(s.integrationId));
}

export function childStatesActivity() {
  return async function campaignChildStates(workflowIds: string[]): Promise<Record<string, CampaignRowState>> {
    const client = Context.current().client;
    const out: Record<string, CampaignRowState> = {};
    for (const id of workflowIds)
      out[id] = id.startsWith(ASK_FIRST_PREFIX) ? await proposalState(client, id) : await integrationState(client, id);
    return out;
  };
}

async function integrationState(client: Client, id: string): Promise<CampaignRowState> {
  const handle = client.workflow.getHandle(id);
  try {
    return (await handle.query(getStatusQuery)).state;
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return 'unknown';
    // A child that failed before registering its query handler still has a closed status.
    const d = await handle.describe().catch(() => undefined);
    return d?.status.name === 'COMPLETED' ? 'completed' : d && d.status.name !== 'RUNNING' ? 'failed' : 'unknown';
  }
}
