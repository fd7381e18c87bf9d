/** `status [workflow-id]`: one integration's status, or every integration grouped by state. */
import { askFirstWorkflowId } from '../../shared/ask-first-types';
import { askFirstStatusQuery } from '../../workflows/ask-first-definitions';
import { getStatusQuery, integrationStatusKey, upstreamPrStateKey } from '../../workflows/definitions';
import { getPullRequestTrackingQuery, trackerWorkflowId } from '../../workflows/pull-request-tracker-definitions';
import { configOrExit } from '../env';
import { clientFor } from '../temporal-client';

const ASK_FIRST_PREFIX = askFirstWorkflowId('');

export async function run(id: string | undefined): Promise<number | void> {
  const config = configOrExit();
  // Lists by WorkflowType only and reads the attributes where present: works on a namespace that lacks them.
  const client = await clientFor(config, 'status');
  if (id?.startsWith(ASK_FIRST_PREFIX)) {
    // A proposal (ask first): where it stands, its issue, the files, and the answer once there is one.
    console.log(JSON.stringify(await client.workflow.getHandle(id).query(askFirstStatusQuery), null, 2));
    return;
  }
  if (id) {
    const workflowId = id.startsWith('integration-') ? id : `integration-${id}`;
    const status = await client.workflow.getHandle(workflowId).query(getStatusQuery);
    // After approval, the tracker follows the upstream PR (absent before, or for integrations that predate it).
    const upstream = status.finalPr
      ? await client.workflow
          .getHandle(trackerWorkflowId(status.integrationId))
          .query(getPullRequestTrackingQuery)
          .catch(() => undefined)
      : undefined;
    console.log(JSON.stringify(upstream ? { ...status, upstreamPullRequest: upstream } : status, null, 2));
    return;
  }
  const rows: string[] = [];
  const upstream = new Map<string, string>();
  for await (const wf of client.workflow.list({ query: `WorkflowType = 'pullRequestTrackerWorkflow'` })) {
    upstream.set(wf.workflowId.replace(/^track-/, 'integration-'), wf.typedSearchAttributes.get(upstreamPrStateKey) ?? '?');
    if (upstream.size >= 1000) break;
  }
  for await (const wf of client.workflow.list({ query: `WorkflowType = 'repositoryIntegrationWorkflow'` })) {
    const state = wf.typedSearchAttributes.get(integrationStatusKey) ?? '?';
    const pr = upstream.get(wf.workflowId);
    rows.push(`${state.padEnd(20)} ${wf.workflowId.padEnd(50)} ${wf.startTime.toISOString()}${pr ? `  upstream PR ${pr}` : ''}`);
    if (rows.length >= 200) break;
  }
  // Proposals still waiting for a maintainer (ask first): the integration starts on a yes.
  for await (const wf of client.workflow.list({ query: `WorkflowType = 'askFirstWorkflow' AND ExecutionStatus = 'Running'` })) {
    rows.push(`${'asked'.padEnd(20)} ${wf.workflowId.padEnd(50)} ${wf.startTime.toISOString()}  waiting for a maintainer's answer`);
    if (rows.length >= 250) break;
  }
  console.log(rows.length ? rows.join('\n') : 'No integrations yet. Start one with: npm run workflow [repoUrl]');
}
