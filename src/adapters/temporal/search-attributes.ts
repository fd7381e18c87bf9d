/**
 * Registers this service's keyword search attributes (IntegrationStatus, Repository, UpstreamPrState) on a namespace
 * that lacks them, so a worker can run against a plain `temporal server start-dev` or a fresh cluster: without
 * IntegrationStatus, the workflow's first upsert fails its task and the integration stalls; without Repository, a
 * CLI cannot even start one. The worker and every CLI command that starts or lists integrations call this first.
 */
import type { ConnectionLike } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { status } from '@grpc/grpc-js';
import { KEYWORD_SEARCH_ATTRIBUTES } from '../../shared/types';
import { explainConnectionFailure, failureKind } from './connect';
import { temporalConnectionOptions, type TemporalSettings } from './connection-options';

const { IndexedValueType } = temporal.api.enums.v1;
const KEYWORD = IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD;

/** What was done: the attributes were already there, or this call added (some of) them. */
export type EnsureResult = 'exists' | 'added';

/** Any connection with the operator service: the client's Connection, the worker's NativeConnection. */
export type OperatorConnection = Pick<ConnectionLike, 'operatorService'>;

export async function ensureSearchAttributes(connection: OperatorConnection, namespace: string): Promise<EnsureResult> {
  const operator = connection.operatorService;
  let missing: string[] = [...KEYWORD_SEARCH_ATTRIBUTES];
  try {
    const { customAttributes } = await operator.listSearchAttributes({ namespace });
    missing = [];
    for (const name of KEYWORD_SEARCH_ATTRIBUTES) {
      const existing = customAttributes?.[name];
      if (existing === KEYWORD) continue;
      // The server accepts a re-add with another type without changing anything: say so instead of pretending.
      if (existing !== undefined && existing !== null) {
        throw new Error(
          `Search attribute ${name} exists in namespace ${namespace} with type ` +
            `${IndexedValueType[existing] ?? existing}, but this service needs Keyword. Remove it or use another namespace.`,
        );
      }
      missing.push(name);
    }
    if (missing.length === 0) return 'exists';
  } catch (err) {
    // Temporal's time-skipping test server implements add but not list: fall through and add them all.
    if ((err as { code?: number }).code !== status.UNIMPLEMENTED) throw err;
  }
  let added = false;
  // One at a time: a batch that includes one existing attribute is refused as a whole.
  for (const name of missing) {
    try {
      await operator.addSearchAttributes({ namespace, searchAttributes: { [name]: KEYWORD } });
      added = true;
    } catch (err) {
      // Another worker registered it between our list and add (the test server also answers ALREADY_EXISTS to a
      // second add): that is the state we wanted.
      const e = err as { code?: number; message?: string };
      if (e.code !== status.ALREADY_EXISTS && !/already exists/i.test(String(e.message))) throw err;
    }
  }
  return added ? 'added' : 'exists';
}

/** A namespace lacks the search attributes and this credential could not add them: what to run instead. */
export class SearchAttributesError extends Error {
  override readonly name = 'SearchAttributesError';
}

/** The commands that add the attributes: the `temporal` CLI (dev server, self-hosted) and `tcld` (Temporal Cloud). */
export function howToAddSearchAttributes(namespace: string, names: readonly string[] = KEYWORD_SEARCH_ATTRIBUTES): string {
  return [
    `  temporal operator search-attribute create --namespace ${namespace} ${names.map((n) => `--name ${n}`).join(' ')} --type Keyword`,
    `  tcld namespace search-attributes add --namespace ${namespace} ${names.map((n) => `--search-attribute ${n}=Keyword`).join(' ')}   (Temporal Cloud)`,
  ].join('\n');
}

/**
 * `ensureSearchAttributes` for a command a person runs (`who`: "The worker", "`npm run workflow`"): a wrong
 * namespace or credential is explained as a connection failure; anything else says which attributes are needed and
 * the commands that add them.
 */
export async function requireSearchAttributes(
  connection: OperatorConnection,
  settings: TemporalSettings,
  who: string,
): Promise<EnsureResult> {
  try {
    return await ensureSearchAttributes(connection, settings.TEMPORAL_NAMESPACE);
  } catch (err) {
    // The first namespace-scoped call: a wrong namespace or key shows up here.
    const kind = failureKind(err);
    if (kind === 'not-found' || kind === 'unauthenticated')
      throw explainConnectionFailure(settings, temporalConnectionOptions(settings), err);
    throw new SearchAttributesError(
      `${who} needs the search attributes ${KEYWORD_SEARCH_ATTRIBUTES.join(', ')} (Keyword) in namespace ${settings.TEMPORAL_NAMESPACE}, ` +
        `and could not check or add them: ${err instanceof Error ? err.message : String(err)}\n` +
        `Add them once (a credential allowed to change the namespace can also just start a worker, which adds them):\n${howToAddSearchAttributes(settings.TEMPORAL_NAMESPACE)}`,
      { cause: err },
    );
  }
}
