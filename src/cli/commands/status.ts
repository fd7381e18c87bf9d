/** `status [workflow-id]`: one integration's status, or every integration grouped by state. */
import { getStatusQuery, integrationStatusKey, upstreamPrStateKey } from '../../workflows/definitions';
import { getPullRequestTrackingQuery, trackerWorkflowId } from '../../workflows/pull-request-tracker-definitions';
import { configOrExit } from '../env';
import { clientFor } from '../temporal-client';

export async function run(id: string | undefined): Promise<number | void> {
  const config = configOrExit();
  // Lists by WorkflowType only and reads the attributes where present: works on a namespace that lacks them.
  const client = await clientFor(config, 'status');
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
  console.log(rows.length ? rows.join('\n') : 'No integrations yet. Start one with: npm run workflow [repoUrl]');
}
