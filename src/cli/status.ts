/** `npm run status [workflow-id]`: one integration's status, or every integration grouped by state. */
import { connectClient } from '../adapters/temporal/connect';
import { getStatusQuery, integrationStatusKey } from '../workflows/definitions';
import { configOrExit, runMain } from './env';

runMain(async () => {
  const config = configOrExit();
  const client = await connectClient(config);
  const id = process.argv[2];
  if (id) {
    const workflowId = id.startsWith('integration-') ? id : `integration-${id}`;
    const status = await client.workflow.getHandle(workflowId).query(getStatusQuery);
    console.log(JSON.stringify(status, null, 2));
    return;
  }
  const rows: string[] = [];
  for await (const wf of client.workflow.list({ query: `WorkflowType = 'repositoryIntegrationWorkflow'` })) {
    const state = wf.typedSearchAttributes.get(integrationStatusKey) ?? '?';
    rows.push(`${state.padEnd(20)} ${wf.workflowId.padEnd(50)} ${wf.startTime.toISOString()}`);
    if (rows.length >= 200) break;
  }
  console.log(rows.length ? rows.join('\n') : 'No integrations yet. Start one with: npm run workflow [repoUrl]');
});
