import { log } from '@temporalio/activity';
import type { StatusReport } from '../shared/types';
import type { ActivityDeps } from './deps';

/** Sends one state change to HELICONE_API_URL; a no-op when it is not configured. Retries come from the workflow. */
async function deliver(deps: ActivityDeps, report: StatusReport): Promise<void> {
  if (!deps.reporter.enabled) return;
  await deps.reporter.report(report);
  log.debug(`Reported ${report.state} for ${report.integrationId}`);
}

/**
 * The status activities. Since the patch `status-reports-local` a state change is first `noteStatus`, a local
 * activity (no task-queue round trip; the metrics count the state from it), which answers whether this worker sends
 * reports at all; only then does `deliverStatus` send it, as a regular activity off the critical path, so a slow
 * endpoint never holds the workflow task. Integrations started before the patch call `reportStatus`, both in one.
 */
export function reportStatusActivities(deps: ActivityDeps) {
  return {
    async reportStatus(report: StatusReport): Promise<void> {
      await deliver(deps, report);
    },
    async noteStatus(_report: StatusReport): Promise<{ deliver: boolean }> {
      return { deliver: deps.reporter.enabled };
    },
    async deliverStatus(report: StatusReport): Promise<void> {
      await deliver(deps, report);
    },
  };
}
