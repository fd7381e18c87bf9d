/**
 * Registers the `IntegrationStatus` keyword search attribute on a namespace that lacks it, so a worker can run
 * against a plain `temporal server start-dev` or a fresh cluster: without the attribute, the workflow's first
 * upsert fails its task and the integration stalls.
 */
import type { Connection } from '@temporalio/client';
import type { NativeConnection } from '@temporalio/worker';
import { temporal } from '@temporalio/proto';
import { status } from '@grpc/grpc-js';
import { STATUS_SEARCH_ATTRIBUTE } from '../../shared/types';

const { IndexedValueType } = temporal.api.enums.v1;

/** What was done: the attribute was already there, or this call added it. */
export type EnsureResult = 'exists' | 'added';

/** Accepts the client's Connection and the worker's NativeConnection: both expose the operator service. */
export async function ensureSearchAttributes(connection: Connection | NativeConnection, namespace: string): Promise<EnsureResult> {
  const operator = connection.operatorService;
  try {
    const { customAttributes } = await operator.listSearchAttributes({ namespace });
    const existing = customAttributes?.[STATUS_SEARCH_ATTRIBUTE];
    if (existing === IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD) return 'exists';
    // The server accepts a re-add with another type without changing anything: say so instead of pretending.
    if (existing !== undefined && existing !== null) {
      throw new Error(
        `Search attribute ${STATUS_SEARCH_ATTRIBUTE} exists in namespace ${namespace} with type ` +
          `${IndexedValueType[existing] ?? existing}, but this service needs Keyword. Remove it or use another namespace.`,
      );
    }
  } catch (err) {
    // Temporal's time-skipping test server implements add but not list: fall through and add.
    if ((err as { code?: number }).code !== status.UNIMPLEMENTED) throw err;
  }
  try {
    await operator.addSearchAttributes({
      namespace,
      searchAttributes: { [STATUS_SEARCH_ATTRIBUTE]: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD },
    });
  } catch (err) {
    // Another worker registered it between our list and add (the test server also answers ALREADY_EXISTS to a
    // second add): that is the state we wanted.
    const e = err as { code?: number; message?: string };
    if (e.code !== status.ALREADY_EXISTS && !/already exists/i.test(String(e.message))) throw err;
    return 'exists';
  }
  return 'added';
}
