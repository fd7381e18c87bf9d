/** `workflow [repo-url] [--routing optional|always]`: starts an integration against a running worker. */
import type { RoutingMode } from '../../shared/types';
import { configOrExit } from '../env';
import { buildIntegrationInput, DEFAULT_REPOSITORY, startIntegration } from '../start-integration';
import { clientFor } from '../temporal-client';

export async function run(repoUrl: string | undefined, opts: { routing?: RoutingMode }): Promise<number | void> {
  const config = configOrExit();
  const input = buildIntegrationInput(repoUrl ?? DEFAULT_REPOSITORY, config, undefined, opts.routing);
  // The start sets the Repository attribute and the workflow upserts IntegrationStatus: both must exist first.
  const client = await clientFor(config, 'workflow', { searchAttributes: true });
  const handle = await startIntegration(client, input);
  console.log(`Started ${handle.workflowId} for ${input.repoOwner}/${input.repoName}`);
  console.log(`  status:  npm run status ${handle.workflowId}`);
  console.log(`  approve: npm run review ${handle.workflowId} approve`);
  console.log(`  reject:  npm run review ${handle.workflowId} reject "feedback"`);
}
