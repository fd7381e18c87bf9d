/**
 * `npm run workflow [repoUrl] [--routing optional|always]`: starts an integration against a running worker and
 * prints how to review it.
 */
import { parseArgs } from 'node:util';
import { connectClient } from '../adapters/temporal/connect';
import { configOrExit, runMain } from './env';
import { buildIntegrationInput, DEFAULT_REPOSITORY, parseRouting, startIntegration } from './start-integration';

runMain(async () => {
  const config = configOrExit();
  const { values, positionals } = parseArgs({ args: process.argv.slice(2), allowPositionals: true, strict: true, options: { routing: { type: 'string' } } });
  const repoUrl = positionals[0] ?? DEFAULT_REPOSITORY;
  const input = buildIntegrationInput(repoUrl, config, undefined, values.routing === undefined ? undefined : parseRouting(values.routing));
  const client = await connectClient(config);
  const handle = await startIntegration(client, input);
  console.log(`Started ${handle.workflowId} for ${input.repoOwner}/${input.repoName}`);
  console.log(`  status:  npm run status ${handle.workflowId}`);
  console.log(`  approve: npm run review ${handle.workflowId} approve`);
  console.log(`  reject:  npm run review ${handle.workflowId} reject "feedback"`);
});
