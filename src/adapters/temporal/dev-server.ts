/**
 * Starts an embedded Temporal server for the demo and the tests: the dev server (`temporal server start-dev`) or the
 * time-skipping test server, from the binary find-server locates, with the `IntegrationStatus` search attribute
 * registered, IntegrationStatus first (the workflow upserts it on every state change and its task fails on a server that lacks it).
 */
import { SearchAttributeType, defineSearchAttributeKey } from '@temporalio/common';
import { TestWorkflowEnvironment, type DevServerConfig, type EphemeralServerExecutable } from '@temporalio/testing';
import { KEYWORD_SEARCH_ATTRIBUTES } from '../../shared/types';
import { missingServerHelp, serverExecutable, type ServerKind } from './find-server';
import { ensureSearchAttributes } from './search-attributes';

export interface DevServerOptions {
  /** Frontend port; a free one when unset. */
  port?: number;
  /** Serve the web UI; defaults to true when `uiPort` is given. */
  ui?: boolean;
  /** Web UI port; the SDK defaults it to `port + 1000`. */
  uiPort?: number;
  /** Persist to this SQLite file (in memory when unset). */
  dbFilename?: string;
  /** Namespace created at start-up; `default` when unset. */
  namespace?: string;
  /** The server's own log format and level (the SDK default is pretty/warn). */
  log?: DevServerConfig['log'];
}

export async function startDevServer(opts: DevServerOptions = {}): Promise<TestWorkflowEnvironment> {
  const executable = await serverExecutable('cli');
  return withHelp('cli', executable, () =>
    TestWorkflowEnvironment.createLocal({
      server: {
        executable,
        // Loopback only: the dev server has no auth, so it must not listen on other interfaces.
        ip: '127.0.0.1',
        port: opts.port,
        ui: opts.ui ?? opts.uiPort !== undefined,
        uiPort: opts.uiPort,
        dbFilename: opts.dbFilename,
        namespace: opts.namespace,
        log: opts.log,
        // Becomes `--search-attribute IntegrationStatus=Keyword` (and the others), so they exist before any workflow runs.
        searchAttributes: KEYWORD_SEARCH_ATTRIBUTES.map((name) => defineSearchAttributeKey(name, SearchAttributeType.KEYWORD)),
      },
    }),
  );
}

export async function startTimeSkippingServer(): Promise<TestWorkflowEnvironment> {
  const executable = await serverExecutable('test-server');
  const env = await withHelp('test-server', executable, () => TestWorkflowEnvironment.createTimeSkipping({ server: { executable } }));
  // The test server takes no search-attribute flags: register the attributes through the operator API instead.
  try {
    await ensureSearchAttributes(env.connection, env.namespace ?? 'default');
  } catch (err) {
    await env.teardown();
    throw err;
  }
  return env;
}

/**
 * Adds what to install to a failure of the SDK's download fallback (typically a DNS error without internet). A binary
 * that was found but failed to start is reported as it is, with its path, since installing more would not help.
 */
async function withHelp<T>(kind: ServerKind, executable: EphemeralServerExecutable, start: () => Promise<T>): Promise<T> {
  try {
    return await start();
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    if (executable.type === 'cached-download') throw new Error(`${missingServerHelp(kind)}\nDownload error: ${message}`, { cause: err });
    throw new Error(`The Temporal ${kind === 'cli' ? 'dev server' : 'test server'} at ${executable.path} failed to start: ${message}`, {
      cause: err,
    });
  }
}
