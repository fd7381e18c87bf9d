/**
 * What a person sees when a command fails: our own errors already say what to do, so only their message is shown;
 * Temporal's client errors ("ServiceError: Failed to start Workflow") get the server's reason and the next step.
 */
import { status as grpcStatus } from '@grpc/grpc-js';
import { ServiceError, WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/client';
import { TemporalConnectionError } from '../adapters/temporal/connect';
import { TemporalSettingsError } from '../adapters/temporal/connection-options';
import { howToAddSearchAttributes, SearchAttributesError } from '../adapters/temporal/search-attributes';
import { ConfigError } from '../shared/config';
import { RepoUrlError } from '../shared/repo-url';
import { UsageError } from './usage-error';

/** Errors whose message is written for the person at the terminal. */
const EXPLAINED = [UsageError, ConfigError, TemporalConnectionError, TemporalSettingsError, SearchAttributesError, RepoUrlError];

const codeName = (code: number | undefined) => (code === undefined ? undefined : (grpcStatus[code] as string | undefined));

export function explainError(err: unknown, namespace = process.env.TEMPORAL_NAMESPACE || 'default'): string {
  if (!(err instanceof Error)) return String(err);
  if (EXPLAINED.some((type) => err instanceof type)) return err.message;
  if (err instanceof WorkflowNotFoundError)
    return `${err.message}: no such workflow in namespace ${namespace}. \`npm run status\` lists the integrations.`;
  if (err instanceof WorkflowExecutionAlreadyStartedError)
    return `${err.message}: a workflow with this id is already running. \`npm run status\` shows it.`;
  if (err instanceof ServiceError) {
    const cause = err.cause as { code?: number; details?: string; message?: string } | undefined;
    const reason = cause?.details ?? cause?.message;
    const missing = /no mapping defined for search attribute (\w+)/i.exec(reason ?? '')?.[1];
    if (missing) {
      return (
        `${err.message}: namespace ${namespace} lacks the search attribute ${missing}. Start a worker once (\`npm run worker\`), ` +
        `which adds them, or add them yourself:\n${howToAddSearchAttributes(namespace)}`
      );
    }
    const code = codeName(cause?.code);
    // A query or update waits for a worker to run it: the usual cause is that none is running.
    const noWorker =
      cause?.code === grpcStatus.DEADLINE_EXCEEDED && /worker/i.test(reason ?? '')
        ? '\nIs a worker running? Start one with `npm run worker` (same TEMPORAL_* settings).'
        : '';
    return `${err.message}${reason ? `: ${reason}` : ''}${code ? ` (${code})` : ''}${noWorker}`;
  }
  return `${err.name === 'Error' ? '' : `${err.name}: `}${err.message}`;
}
