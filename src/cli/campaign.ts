/**
 * `npm run campaign`: starts a campaignWorkflow over the top repositories of a discovery (or a file of URLs), or
 * pauses, resumes, cancels or reports one. Every repository is validated before anything starts: a malformed URL is
 * reported with its line number and nothing is started.
 */
import type { Client } from '@temporalio/client';
import { connectClient } from '../adapters/temporal/connect';
import type { CampaignStatus } from '../shared/campaign-types';
import type { Config } from '../shared/config';
import { parseRepoUrl, RepoUrlError } from '../shared/repo-url';
import { campaignIntegrationId } from '../shared/workflow-ids';
import { TASK_QUEUE, type IntegrationInput } from '../shared/types';
import { campaignWorkflow } from '../workflows';
import { CAMPAIGN_WORKFLOW_PREFIX, campaignStatusQuery, cancelCampaignSignal, pauseCampaignSignal, resumeCampaignSignal } from '../workflows/campaign-definitions';
import { discoveryResultQuery } from '../workflows/discovery-definitions';
import { CampaignArgsError, parseCampaignArgs } from './campaign/campaign-args';
import { formatCampaign } from './campaign/campaign-report';
import { configOrExit, runMain } from './env';
import { buildIntegrationInput } from './start-integration';

runMain(async () => {
  const config = configOrExit();
  const cmd = parseCampaignArgs(process.argv.slice(2));
  const client = await connectClient(config);
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
  const repositories = toInputs(urls, config);
  const workflowId = `${CAMPAIGN_WORKFLOW_PREFIX}${new Date().toISOString().replace(/[:.]/g, '-').toLowerCase()}`;
  const handle = await client.workflow.start(campaignWorkflow, { taskQueue: TASK_QUEUE, workflowId, args: [{ repositories, limits: cmd.limits }] });
  console.log(`Started ${workflowId}: ${repositories.length} repositories, ${cmd.limits.concurrency} at a time, at most ${cmd.limits.prsPerHour}/hour and ${cmd.limits.prsPerDay}/day`);
  console.log(`  status: npm run campaign -- status ${workflowId}\n  pause:  npm run campaign -- pause ${workflowId}`);
  const status: CampaignStatus = await handle.query(campaignStatusQuery);
  console.log(formatCampaign(status));
});

async function fromDiscovery(client: Client, id: string, top: number): Promise<string[]> {
  let result;
  try {
    result = await client.workflow.getHandle(id).query(discoveryResultQuery);
  } catch (err) {
    throw new CampaignArgsError(`--from-discovery ${id}: ${(err as Error).message}`);
  }
  if (result.state !== 'done') throw new CampaignArgsError(`--from-discovery ${id}: the discovery is ${result.state}${result.note ? ` (${result.note})` : ''}`);
  if (!result.ranked.length) throw new CampaignArgsError(`--from-discovery ${id}: the discovery ranked no repository`);
  return result.ranked.slice(0, top).map((r) => `#${r.rank}\t${r.url}`);
}

/** Validates every entry first; one integration id per repository, duplicates dropped (listed twice = once). */
function toInputs(entries: string[], config: Config): IntegrationInput[] {
  const errors: string[] = [];
  const seen = new Map<string, IntegrationInput>();
  for (const entry of entries) {
    const [where, url] = entry.split('\t') as [string, string];
    try {
      const parsed = parseRepoUrl(url, { githubUrl: config.GITHUB_URL });
      const input = buildIntegrationInput(url, config, campaignIntegrationId(parsed.owner, parsed.name));
      if (!seen.has(input.integrationId)) seen.set(input.integrationId, input);
    } catch (err) {
      if (!(err instanceof RepoUrlError)) throw err;
      errors.push(`  ${/^\d+$/.test(where) ? `line ${where}` : where}: ${err.message}`);
    }
  }
  if (errors.length) throw new CampaignArgsError(`Nothing started; fix these repositories first:\n${errors.join('\n')}`);
  return [...seen.values()];
}
