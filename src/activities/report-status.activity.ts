import { log } from '@temporalio/activity';
import type { StatusReport } from '../shared/types';
import type { ActivityDeps } from './deps';

/** Sends one state change to HELICONE_API_URL; a no-op when it is not configured. Retries come from the workflow. */
export function reportStatusActivity(deps: ActivityDeps) {
  return async function reportStatus(report: StatusReport): Promise<void> {
    if (!deps.reporter.enabled) return;
    await deps.reporter.report(report);
    log.debug(`Reported ${report.state} for ${report.integrationId}`);
  };
}
