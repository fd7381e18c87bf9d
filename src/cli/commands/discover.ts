/**
 * `discover [flags]`: runs a discovery workflow on the workers, waits for it and prints the ranked table. The result
 * stays queryable: `discoveryResult` on the workflow id printed first, which `campaign --from-discovery <id>` and the
 * dashboard read.
 */
import { TASK_QUEUE } from '../../shared/types';
import { discoveryWorkflow } from '../../workflows';
import { DISCOVERY_WORKFLOW_PREFIX, discoveryResultQuery } from '../../workflows/discovery-definitions';
import { discoveryInput } from '../discover/discover-args';
import { formatDiscovery } from '../discover/discovery-table';
import { configOrExit } from '../env';
import { clientFor } from '../temporal-client';

export async function run(opts: Parameters<typeof discoveryInput>[0]): Promise<number | void> {
  const config = configOrExit();
  const input = discoveryInput(opts, config);
  // Discovery skips repositories already approached, found by the Repository attribute.
  const client = await clientFor(config, 'discover', { searchAttributes: true });
  const workflowId = `${DISCOVERY_WORKFLOW_PREFIX}${new Date().toISOString().replace(/[:.]/g, '-').toLowerCase()}`;
  const handle = await client.workflow.start(discoveryWorkflow, { taskQueue: TASK_QUEUE, workflowId, args: [input] });
  console.log(`Started ${workflowId} (searching GitHub; code search is rate limited, so this can take minutes)`);
  try {
    await handle.result();
  } catch {
    // The query still has the state and the note that explains the failure.
  }
  const result = await handle.query(discoveryResultQuery);
  console.log(formatDiscovery(result));
  return result.state === 'done' ? 0 : 1;
}
