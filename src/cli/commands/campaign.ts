/**
 * `campaign`: starts a campaignWorkflow over the top repositories of a discovery (or a file of URLs), or pauses,
 * resumes, cancels or reports one. Every repository is validated before anything starts: a malformed URL is
 * reported with its line number and nothing is started.
 */
import type { CampaignStatus } from '../../shared/campaign-types';
import { TASK_QUEUE } from '../../shared/types';
import { campaignWorkflow } from '../../workflows';
import {
  CAMPAIGN_WORKFLOW_PREFIX,
  campaignStatusQuery,
  cancelCampaignSignal,
  pauseCampaignSignal,
  resumeCampaignSignal,
} from '../../workflows/campaign-definitions';
import { campaignFromArgs } from '../campaign/campaign-args';
import { fromDiscovery, toInputs } from '../campaign/campaign-inputs';
import { formatCampaign } from '../campaign/campaign-report';
import { configOrExit } from '../env';
import { clientFor } from '../temporal-client';

export async function run(
  action: string | undefined,
  id: string | undefined,
  opts: Parameters<typeof campaignFromArgs>[1],
): Promise<number | void> {
  const config = configOrExit();
  const cmd = campaignFromArgs(
    [action, id].filter((a): a is string => a !== undefined),
    opts,
  );
  // Its integrations start with the Repository attribute and upsert IntegrationStatus.
  const client = await clientFor(config, 'campaign', { searchAttributes: cmd.kind === 'start' });
  if (cmd.kind !== 'start') {
    const handle = client.workflow.getHandle(cmd.campaignId);
    if (cmd.kind === 'pause') await handle.signal(pauseCampaignSignal);
    if (cmd.kind === 'resume') await handle.signal(resumeCampaignSignal);
    if (cmd.kind === 'cancel') await handle.signal(cancelCampaignSignal);
    if (cmd.kind !== 'status') console.log(`Sent ${cmd.kind} to ${cmd.campaignId}`);
    console.log(formatCampaign(await handle.query(campaignStatusQuery)));
    return;
  }
  const urls = 'urls' in cmd.source ? cmd.source.urls : await fromDiscovery(client, cmd.source.discovery, cmd.source.top);
  const repositories = toInputs(urls, config, cmd.routing);
  const workflowId = `${CAMPAIGN_WORKFLOW_PREFIX}${new Date().toISOString().replace(/[:.]/g, '-').toLowerCase()}`;
  const handle = await client.workflow.start(campaignWorkflow, {
    taskQueue: TASK_QUEUE,
    workflowId,
    args: [{ repositories, limits: cmd.limits, ...(cmd.askFirst ? { askFirst: { timeout: config.ASK_FIRST_TIMEOUT } } : {}) }],
  });
  console.log(
    `Started ${workflowId}: ${repositories.length} repositories, ${cmd.limits.concurrency} at a time, at most ${cmd.limits.prsPerHour}/hour and ${cmd.limits.prsPerDay}/day, routing ${repositories[0]?.routing ?? config.ROUTING}${cmd.askFirst ? `, asking first (answers awaited ${config.ASK_FIRST_TIMEOUT})` : ''}`,
  );
  console.log(`  status: npm run campaign -- status ${workflowId}\n  pause:  npm run campaign -- pause ${workflowId}`);
  const status: CampaignStatus = await handle.query(campaignStatusQuery);
  console.log(formatCampaign(status));
}
