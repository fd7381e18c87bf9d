/**
 * Turns a repository URL into a started integration workflow. Shared by `npm run workflow` and the demo so both
 * validate input the same way, before anything reaches Temporal.
 */
import path from 'node:path';
import type { Client, WorkflowHandle } from '@temporalio/client';
import { repositoryIntegrationWorkflow } from '../workflows';
import { repositoryKey } from '../workflows/definitions';
import type { Config } from '../shared/config';
import { parseRepoUrl, RepoUrlError } from '../shared/repo-url';
import { TASK_QUEUE, type IntegrationInput, type RoutingMode } from '../shared/types';
import { workflowIdFor } from '../shared/workflow-ids';

/** The repository integrated when none is given: the sample app that ships with the project. */
export const DEFAULT_REPOSITORY = path.resolve(__dirname, '..', '..', 'examples', 'sample-app');

export { parseRouting, RoutingModeError } from './routing-arg';

export function buildIntegrationInput(repoUrl: string, config: Config, integrationId?: string, routing?: RoutingMode): IntegrationInput {
  const parsed = parseRepoUrl(repoUrl, { githubUrl: config.GITHUB_URL });
  if (parsed.kind === 'github' && config.FORGE !== 'github') {
    throw new RepoUrlError(`${parsed.url} is a GitHub repository: set GITHUB_TOKEN (FORGE=auto or github) to integrate it.`);
  }
  if (parsed.kind === 'local' && config.FORGE !== 'local') {
    throw new RepoUrlError(
      `${repoUrl} is a local path, but this worker uses the ${config.FORGE} forge: give a ${config.GITHUB_URL} URL, or set FORGE=local.`,
    );
  }
  const id = integrationId ?? `${parsed.owner}-${parsed.name}-${Date.now().toString(36)}`.toLowerCase();
  return {
    repoUrl: parsed.kind === 'local' ? parsed.path : parsed.url,
    repoOwner: parsed.owner,
    repoName: parsed.name,
    integrationId: id,
    reviewTimeout: config.REVIEW_TIMEOUT,
    staleAfter: config.STALE_AFTER,
    // Explicit in the input (the Temporal UI shows it), from --routing or the ROUTING setting.
    routing: routing ?? config.ROUTING,
  };
}

export { workflowIdFor };

export async function startIntegration(
  client: Client,
  input: IntegrationInput,
): Promise<WorkflowHandle<typeof repositoryIntegrationWorkflow>> {
  return client.workflow.start(repositoryIntegrationWorkflow, {
    taskQueue: TASK_QUEUE,
    workflowId: workflowIdFor(input.integrationId),
    args: [input],
    // Set at start, not by the workflow: discovery finds repositories already approached by this attribute.
    typedSearchAttributes: [{ key: repositoryKey, value: `${input.repoOwner}/${input.repoName}`.toLowerCase() }],
  });
}
