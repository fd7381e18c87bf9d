/**
 * Registers the `IntegrationStatus` keyword search attribute on a namespace that lacks it (a plain
 * `temporal server start-dev`, a fresh cluster). Without it, the workflow's first upsert would fail its task.
 */
import type { NativeConnection } from '@temporalio/worker';
import type { Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { status } from '@grpc/grpc-js';
import { STATUS_SEARCH_ATTRIBUTE } from '../../shared/types';

export async function ensureSearchAttributes(connection: NativeConnection | Connection, namespace: string): Promise<'exists' | 'added'> {
  const operator = connection.operatorService;
  try {
    const { customAttributes } = await operator.listSearchAttributes({ namespace });
    if (customAttributes && STATUS_SEARCH_ATTRIBUTE in customAttributes) return 'exists';
  } catch (err) {
    // Temporal's time-skipping test server implements add but not list: fall through and add.
    if ((err as { code?: number }).code !== status.UNIMPLEMENTED) throw err;
  }
  try {
    await operator.addSearchAttributes({
      namespace,
      searchAttributes: { [STATUS_SEARCH_ATTRIBUTE]: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD },
    });
  } catch (err) {
    // Another worker registered it between our list and add: that is the state we wanted.
    if (!/already exists/i.test(String((err as Error).message))) throw err;
  }
  return 'added';
}
