/**
 * Registers this service's keyword search attributes (IntegrationStatus, Repository, UpstreamPrState) on a namespace
 * that lacks them, so a worker can run against a plain `temporal server start-dev` or a fresh cluster: without
 * IntegrationStatus, the workflow's first upsert fails its task and the integration stalls.
 */
import type { Connection } from '@temporalio/client';
import type { NativeConnection } from '@temporalio/worker';
import { temporal } from '@temporalio/proto';
import { status } from '@grpc/grpc-js';
import { KEYWORD_SEARCH_ATTRIBUTES } from '../../shared/types';

const { IndexedValueType } = temporal.api.enums.v1;
const KEYWORD = IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD;

/** What was done: the attributes were already there, or this call added (some of) them. */
export type EnsureResult = 'exists' | 'added';

/** Accepts the client's Connection and the worker's NativeConnection: both expose the operator service. */
export async function ensureSearchAttributes(connection: Connection | NativeConnection, namespace: string): Promise<EnsureResult> {
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
