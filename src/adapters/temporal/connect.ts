/**
 * Connecting to Temporal with an error that says which setting to check, instead of a raw gRPC failure.
 */
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import type { Config } from '../../shared/config';

type TemporalConfig = Pick<Config, 'TEMPORAL_ADDRESS' | 'TEMPORAL_NAMESPACE'>;

export class TemporalConnectionError extends Error {
  override readonly name = 'TemporalConnectionError';
}

function explain(config: TemporalConfig, err: unknown): TemporalConnectionError {
  const detail = err instanceof Error ? err.message : String(err);
  return new TemporalConnectionError(
    `Cannot reach the Temporal server at ${config.TEMPORAL_ADDRESS} (TEMPORAL_ADDRESS): ${detail}\n` +
      'Start one with `temporal server start-dev` (npm install puts it in .tools/temporal/bin), ' +
      'or run `npm run demo`, which embeds its own.',
  );
}

export async function connectClient(config: TemporalConfig): Promise<Client> {
  try {
    const connection = await Connection.connect({ address: config.TEMPORAL_ADDRESS, connectTimeout: '5s' });
    return new Client({ connection, namespace: config.TEMPORAL_NAMESPACE });
  } catch (err) {
    throw explain(config, err);
  }
}

export async function connectWorker(config: TemporalConfig): Promise<NativeConnection> {
  try {
    return await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS });
  } catch (err) {
    throw explain(config, err);
  }
}
