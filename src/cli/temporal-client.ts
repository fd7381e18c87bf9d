/**
 * The Temporal client of a CLI command. A command that starts or lists integrations by their search attributes
 * first makes sure the namespace has them, as the worker does on start, so it works on a fresh
 * `temporal server start-dev` before any worker ran; when it cannot add them, the error names them and the
 * commands that add them.
 */
import type { Client } from '@temporalio/client';
import { connectClient } from '../adapters/temporal/connect';
import { requireSearchAttributes } from '../adapters/temporal/search-attributes';
import type { Config } from '../shared/config';
import { KEYWORD_SEARCH_ATTRIBUTES } from '../shared/types';

export async function clientFor(config: Config, command: string, needs: { searchAttributes?: boolean } = {}): Promise<Client> {
  const client = await connectClient(config);
  if (needs.searchAttributes) {
    const result = await requireSearchAttributes(client.connection, config, `\`npm run ${command}\``);
    if (result === 'added')
      console.error(`Added the search attributes ${KEYWORD_SEARCH_ATTRIBUTES.join(', ')} to namespace ${config.TEMPORAL_NAMESPACE}.`);
  }
  return client;
}
