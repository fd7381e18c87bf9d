/**
 * Starts Temporal's dev server (demo, tests) or time-skipping test server (tests) from the binaries that
 * find-server locates, with the IntegrationStatus search attribute registered.
 */
import { SearchAttributeType, defineSearchAttributeKey } from '@temporalio/common';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { STATUS_SEARCH_ATTRIBUTE } from '../../shared/types';
import { ensureSearchAttributes } from './search-attributes';
import { missingServerHelp, serverExecutable, type ServerKind } from './find-server';

export interface DevServerOptions {
  port?: number;
  ui?: boolean;
  uiPort?: number;
  /** Persist to this SQLite file (in memory when unset). */
  dbFilename?: string;
  namespace?: string;
}

export async function startDevServer(opts: DevServerOptions = {}): Promise<TestWorkflowEnvironment> {
  return withHelp('cli', () =>
    TestWorkflowEnvironment.createLocal({
      server: {
        executable: serverExecutable('cli'),
        ip: '127.0.0.1',
        ...(opts.port ? { port: opts.port } : {}),
        ui: opts.ui ?? false,
        ...(opts.uiPort ? { uiPort: opts.uiPort } : {}),
        ...(opts.dbFilename ? { dbFilename: opts.dbFilename } : {}),
        ...(opts.namespace ? { namespace: opts.namespace } : {}),
        searchAttributes: [defineSearchAttributeKey(STATUS_SEARCH_ATTRIBUTE, SearchAttributeType.KEYWORD)],
      },
    }),
  );
}

export async function startTimeSkippingServer(): Promise<TestWorkflowEnvironment> {
  const env = await withHelp('test-server', () =>
    TestWorkflowEnvironment.createTimeSkipping({ server: { executable: serverExecutable('test-server') } }),
  );
  // The test server takes no search-attribute flags; register IntegrationStatus through the operator API.
  await ensureSearchAttributes(env.connection, env.namespace ?? 'default');
  return env;
}

async function withHelp<T>(kind: ServerKind, start: () => Promise<T>): Promise<T> {
  try {
    return await start();
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    throw new Error(`Could not start the Temporal ${kind === 'cli' ? 'dev server' : 'test server'}: ${message}\n${missingServerHelp(kind)}`);
  }
}
