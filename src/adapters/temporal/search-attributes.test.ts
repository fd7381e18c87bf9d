/**
 * `ensureSearchAttributes` against a real dev server started the way `temporal server start-dev` runs by default:
 * without the IntegrationStatus attribute.
 */
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { msToTs } from '@temporalio/common/lib/time';
import { temporal } from '@temporalio/proto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { KEYWORD_SEARCH_ATTRIBUTES, STATUS_SEARCH_ATTRIBUTE } from '../../shared/types';
import { findTemporalCli, missingServerHelp } from './find-server';
import { ensureSearchAttributes } from './search-attributes';

const { IndexedValueType } = temporal.api.enums.v1;
let env: TestWorkflowEnvironment;

beforeAll(async () => {
  const cli = await findTemporalCli();
  if (!cli) throw new Error(missingServerHelp('cli'));
  // Deliberately no searchAttributes: the state a plain dev server or a fresh cluster starts in.
  env = await TestWorkflowEnvironment.createLocal({ server: { executable: { type: 'existing-path', path: cli }, ip: '127.0.0.1' } });
});

afterAll(async () => {
  await env?.teardown();
});

async function listed(namespace = 'default', name: string = STATUS_SEARCH_ATTRIBUTE) {
  const { customAttributes } = await env.connection.operatorService.listSearchAttributes({ namespace });
  return customAttributes?.[name];
}

it('adds every attribute as a keyword when missing, then finds them', async () => {
  expect(await listed()).toBeUndefined();
  expect(await ensureSearchAttributes(env.connection, 'default')).toBe('added');
  for (const name of KEYWORD_SEARCH_ATTRIBUTES) expect(await listed('default', name)).toBe(IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
  expect(await ensureSearchAttributes(env.connection, 'default')).toBe('exists');
  // The worker passes its NativeConnection.
  expect(await ensureSearchAttributes(env.nativeConnection, 'default')).toBe('exists');
});

it('adds only the missing ones when a namespace has some of them', async () => {
  await env.connection.workflowService.registerNamespace({ namespace: 'partial', workflowExecutionRetentionPeriod: msToTs(86_400_000) });
  await env.connection.operatorService.addSearchAttributes({
    namespace: 'partial',
    searchAttributes: { [STATUS_SEARCH_ATTRIBUTE]: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD },
  });
  expect(await ensureSearchAttributes(env.connection, 'partial')).toBe('added');
  for (const name of KEYWORD_SEARCH_ATTRIBUTES) expect(await listed('partial', name)).toBe(IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
});

it('tolerates workers racing to register it', async () => {
  await env.connection.workflowService.registerNamespace({
    namespace: 'race',
    workflowExecutionRetentionPeriod: msToTs(86_400_000),
  });
  const results = await Promise.all([1, 2, 3].map(() => ensureSearchAttributes(env.connection, 'race')));
  expect(results.every((r) => r === 'added' || r === 'exists')).toBe(true);
  expect(await listed('race')).toBe(IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
});

it('refuses an IntegrationStatus of another type instead of silently keeping it', async () => {
  await env.connection.workflowService.registerNamespace({
    namespace: 'wrong-type',
    workflowExecutionRetentionPeriod: msToTs(86_400_000),
  });
  await env.connection.operatorService.addSearchAttributes({
    namespace: 'wrong-type',
    searchAttributes: { [STATUS_SEARCH_ATTRIBUTE]: IndexedValueType.INDEXED_VALUE_TYPE_TEXT },
  });
  await expect(ensureSearchAttributes(env.connection, 'wrong-type')).rejects.toThrow(/INDEXED_VALUE_TYPE_TEXT.*needs Keyword/);
});
