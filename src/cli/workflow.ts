/** `npm run workflow [repoUrl]`: starts an integration against a running worker and prints how to review it. */
import { connectClient } from '../adapters/temporal/connect';
import { configOrExit, runMain } from './env';
import { buildIntegrationInput, DEFAULT_REPOSITORY, startIntegration } from './start-integration';

runMain(async () => {
  const config = configOrExit();
  const repoUrl = process.argv[2] ?? DEFAULT_REPOSITORY;
  const input = buildIntegrationInput(repoUrl, config);
  const client = await connectClient(config);
  const handle = await startIntegration(client, input);
  console.log(`Started ${handle.workflowId} for ${input.repoOwner}/${input.repoName}`);
  console.log(`  status:  npm run status ${handle.workflowId}`);
  console.log(`  approve: npm run review ${handle.workflowId} approve`);
  console.log(`  reject:  npm run review ${handle.workflowId} reject "feedback"`);
});
