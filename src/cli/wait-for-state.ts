import type { WorkflowHandle } from '@temporalio/client';
import { getStatusQuery } from '../workflows/definitions';
import type { IntegrationStatus } from '../shared/types';

/**
 * Polls the status query until `done` holds, reporting each new state on the way. Polling a query is cheap and
 * works against any server; the workflow does not need to notify anyone.
 */
export async function waitForStatus(
  handle: WorkflowHandle,
  done: (s: IntegrationStatus) => boolean,
  onChange?: (s: IntegrationStatus) => void,
  intervalMs = 300,
): Promise<IntegrationStatus> {
  let last = '';
  for (;;) {
    const status = await handle.query(getStatusQuery);
    const key = `${status.state}:${status.attempt}`;
    if (key !== last) {
      last = key;
      onChange?.(status);
    }
    if (done(status)) return status;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
