/**
 * A stand-in for the integration workflow for the dashboard benchmark: same type name, same `getStatus` query, and
 * nothing else (it waits forever). A thousand of them cost the worker next to nothing.
 */
import { condition, setHandler, workflowInfo } from '@temporalio/workflow';
import type { IntegrationState, IntegrationStatus } from '../../../src/shared/types';
import { getStatusQuery } from '../../../src/workflows/definitions';

export async function repositoryIntegrationWorkflow(input: { repo: string; state: IntegrationState }): Promise<void> {
  const at = new Date().toISOString();
  const status: IntegrationStatus = {
    integrationId: workflowInfo().workflowId.replace(/^integration-/, ''),
    repo: input.repo,
    state: input.state,
    message: 'benchmark stand-in',
    attempt: 1,
    maxAttempts: 3,
    forgeRequests: 0,
    attempts: [{ attempt: 1, integrator: 'codemod', summary: 'stand-in', filesChanged: ['src/ai.ts'] }],
    ignoredSignals: [],
    timeline: [{ state: input.state, at, message: 'stand-in' }],
  };
  setHandler(getStatusQuery, () => status);
  await condition(() => false);
}
