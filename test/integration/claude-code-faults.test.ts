/**
 * Model faults through the real Claude Code CLI: a 500 that clears, a model that is down, a model that hangs, and
 * one that never stops calling tools. Each ends within its bounds with a clear state: never a hang.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startIntegration } from '../../src/cli/start-integration';
import { getStatusQuery } from '../../src/workflows/definitions';
import { agentFixture, startClaudeHarness, type ClaudeHarness } from '../helpers/claude-harness';
import { makeRepo } from '../helpers/fixture-repos';
import { awaitingReview, inputFor, waitFor } from '../helpers/integration-harness';

let c: ClaudeHarness;
beforeAll(async () => {
  c = await startClaudeHarness({ maxTurns: 6, apiTimeoutMs: 1500, timeoutMs: 8000 });
});
afterAll(() => c?.stop());

const withMarker = (marker: string) => agentFixture({ 'README.md': `# app\n\n${marker}\n` });

it('retries the activity after a transient API failure and goes on', async () => {
  const handle = await startIntegration(c.env.client, inputFor(await makeRepo('flaky', withMarker('FLAKY_MODEL'))));
  const status = await waitFor(handle, awaitingReview(1), 90_000);
  expect(status.state).toBe('awaiting_review');
  const history = await handle.fetchHistory();
  const integrateFailures = history.events!.filter((e) => e.activityTaskFailedEventAttributes || e.activityTaskStartedEventAttributes?.attempt === 2);
  expect(integrateFailures.length).toBeGreaterThan(0);
  await handle.terminate('test done');
}, 90_000);

it('fails with a clear message when the model stays down', async () => {
  const handle = await startIntegration(c.env.client, inputFor(await makeRepo('broken', withMarker('BROKEN_MODEL'))));
  await handle.result().catch(() => undefined);
  const status = await handle.query(getStatusQuery);
  expect(status.state).toBe('failed');
  expect(status.lastError).toMatch(/^Claude Code failed/);
}, 90_000);

it('gives up on a hanging model within its timeouts', async () => {
  const started = Date.now();
  const handle = await startIntegration(c.env.client, inputFor(await makeRepo('hanging', withMarker('HANGING_MODEL'))));
  await handle.result().catch(() => undefined);
  const status = await handle.query(getStatusQuery);
  expect(status.state).toBe('failed');
  expect(status.lastError).toMatch(/Claude Code (failed|did not finish)/);
  expect(Date.now() - started).toBeLessThan(80_000);
}, 90_000);

it('stops at the turn limit without retrying', async () => {
  const handle = await startIntegration(c.env.client, inputFor(await makeRepo('looping', withMarker('LOOPING_MODEL'))));
  await handle.result().catch(() => undefined);
  const status = await handle.query(getStatusQuery);
  expect(status.state).toBe('failed');
  expect(status.lastError).toBe('Claude Code stopped at its limit of 6 turns (AGENT_MAX_TURNS) without finishing');
  const history = await handle.fetchHistory();
  expect(history.events!.filter((e) => e.activityTaskStartedEventAttributes && e.activityTaskStartedEventAttributes.attempt! > 1)).toHaveLength(0);
}, 60_000);
