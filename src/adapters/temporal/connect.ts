/**
 * Connecting to Temporal (local dev server, self-hosted cluster or Temporal Cloud) with an error that says which
 * setting to check, instead of a raw gRPC failure. The options come from connection-options.ts.
 */
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { status as grpcStatus } from '@grpc/grpc-js';
import { settingName, temporalConnectionOptions, type TemporalConnectionOptions, type TemporalSettings } from './connection-options';

export class TemporalConnectionError extends Error {
  override readonly name = 'TemporalConnectionError';
}

/** gRPC code of a client error, or the code name in a native (Rust core) error message. */
export function failureKind(err: unknown): 'unauthenticated' | 'denied' | 'not-found' | 'tls' | 'unreachable' {
  const code = (err as { code?: number }).code;
  const text = String(err instanceof Error ? `${err.message} ${String(err.cause ?? '')}` : err);
  if (code === grpcStatus.UNAUTHENTICATED || /unauthenticated|invalid api key/i.test(text)) return 'unauthenticated';
  if (code === grpcStatus.PERMISSION_DENIED || /permission ?denied/i.test(text)) return 'denied';
  if (code === grpcStatus.NOT_FOUND || /namespace[^.]*not found/i.test(text)) return 'not-found';
  if (/tls|certificate|handshake|ssl|invalid peer/i.test(text)) return 'tls';
  return 'unreachable';
}

/** Turns a connection failure into a message naming the setting that most likely causes it. */
export function explainConnectionFailure(
  settings: TemporalSettings,
  opts: TemporalConnectionOptions,
  err: unknown,
): TemporalConnectionError {
  const detail = err instanceof Error ? err.message : String(err);
  const address = `${opts.address} (${settingName(settings, 'TEMPORAL_ADDRESS')})`;
  const credential =
    opts.auth === 'api-key'
      ? settingName(settings, 'TEMPORAL_API_KEY')
      : opts.auth === 'mtls'
        ? `the client certificate (${settings.TEMPORAL_TLS_CLIENT_CERT_PATH ? settingName(settings, 'TEMPORAL_TLS_CLIENT_CERT_PATH') : settingName(settings, 'TEMPORAL_TLS_CLIENT_CERT_DATA')})`
        : 'no credential (set TEMPORAL_API_KEY or TEMPORAL_TLS_CLIENT_CERT_PATH/KEY_PATH)';
  switch (failureKind(err)) {
    case 'unauthenticated':
      return new TemporalConnectionError(
        `The Temporal server at ${address} rejected ${credential}: Unauthenticated. Check that it is valid and not expired. (${detail})`,
      );
    case 'denied':
      return new TemporalConnectionError(
        `The Temporal server at ${address} refused ${credential} access to namespace ${opts.namespace} (${settingName(settings, 'TEMPORAL_NAMESPACE')}): Permission denied. (${detail})`,
      );
    case 'not-found':
      return new TemporalConnectionError(
        `Namespace ${opts.namespace} (${settingName(settings, 'TEMPORAL_NAMESPACE')}) was not found on ${address}; Temporal Cloud namespaces look like <name>.<account>. (${detail})`,
      );
    case 'tls':
      return new TemporalConnectionError(
        `TLS with the Temporal server at ${address} failed: check TEMPORAL_TLS, TEMPORAL_TLS_SERVER_CA_CERT_PATH, TEMPORAL_TLS_SERVER_NAME and the client certificate. (${detail})`,
      );
    default:
      return new TemporalConnectionError(
        `Cannot reach the Temporal server at ${address}: ${detail}\n` +
          (opts.tls === false && !/^(localhost|127\.|\[::1\])/.test(opts.address)
            ? 'TLS is off: a remote cluster or Temporal Cloud needs TEMPORAL_TLS=true, TEMPORAL_API_KEY or a client certificate.\n'
            : '') +
          'Locally, start one with `temporal server start-dev` (npm install puts it in .tools/temporal/bin), ' +
          'or run `npm run demo`, which embeds its own.',
      );
  }
}

function optionsOrThrow(settings: TemporalSettings): TemporalConnectionOptions {
  try {
    return temporalConnectionOptions(settings);
  } catch (err) {
    throw new TemporalConnectionError(err instanceof Error ? err.message : String(err));
  }
}

/** A client for CLIs and the dashboard. Fails at once on a bad address, credential or namespace. */
export async function connectClient(settings: TemporalSettings): Promise<Client> {
  const opts = optionsOrThrow(settings);
  let connection: Connection | undefined;
  try {
    connection = await Connection.connect({
      address: opts.address,
      tls: opts.tls,
      apiKey: opts.apiKey,
      metadata: opts.metadata,
      connectTimeout: '5s',
    });
    // GetSystemInfo (in connect) needs no namespace: ask for ours so a wrong name or key fails here, not later.
    await connection.workflowService.describeNamespace({ namespace: opts.namespace }).catch((err: unknown) => {
      // Some Cloud roles may not describe the namespace; they can still run workflows, so only a clear no stops us.
      if (failureKind(err) !== 'denied') throw err;
    });
    return new Client({ connection, namespace: opts.namespace });
  } catch (err) {
    await connection?.close().catch(() => undefined);
    throw explainConnectionFailure(settings, opts, err);
  }
}

/** The worker's native connection (the namespace is checked when the worker is created). */
export async function connectWorker(settings: TemporalSettings): Promise<NativeConnection> {
  const opts = optionsOrThrow(settings);
  try {
    return await NativeConnection.connect({ address: opts.address, tls: opts.tls, apiKey: opts.apiKey, metadata: opts.metadata });
  } catch (err) {
    throw explainConnectionFailure(settings, opts, err);
  }
}
