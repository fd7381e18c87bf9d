/**
 * Model faults through the real Claude Code CLI: a 500 that clears, a model that is down (reported as the API's
 * error, also when Claude Code is still retrying at the timeout), a model that hangs, and one that never stops
 * calling tools. Each ends within its bounds with a clear state: never a hang.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildAgentEnv } from '../../src/adapters/integrator/claude-code/agent-env';
import { AgentApiError, runAgent } from '../../src/adapters/integrator/claude-code/run-agent';
import { startIntegration } from '../../src/cli/start-integration';
import { getStatusQuery } from '../../src/workflows/definitions';
import { agentFixture, startClaudeHarness, type ClaudeHarness } from '../helpers/claude-harness';
import { FakeAnthropic } from '../helpers/fake-anthropic';
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
  const integrateFailures = history.events!.filter(
    (e) => e.activityTaskFailedEventAttributes || e.activityTaskStartedEventAttributes?.attempt === 2,
  );
  expect(integrateFailures.length).toBeGreaterThan(0);
  await handle.terminate('test done');
}, 90_000);

it('fails with the API error, not a timeout, when the model answers 500 on every call', async () => {
  // The marker is a file name, so it is in the brief's site list: the very first call already fails.
  const fixture = agentFixture({
    'src/BROKEN_MODEL.ts': "import OpenAI from 'openai';\nimport { opts } from './config';\n\nexport const down = new OpenAI(opts);\n",
  });
  const handle = await startIntegration(c.env.client, inputFor(await makeRepo('broken', fixture)));
  await handle.result().catch(() => undefined);
  const status = await handle.query(getStatusQuery);
  expect(status.state).toBe('failed');
  expect(status.lastError).toMatch(
    /^Claude Code failed: the Anthropic API answered 500 \(Internal Server Error\) on every call \(3 attempts\): scripted failure/,
  );
  expect(status.lastError).not.toMatch(/AGENT_TIMEOUT/);
}, 90_000);

it('names the API error when Claude Code is still retrying it at AGENT_TIMEOUT', async () => {
  const fake = new FakeAnthropic(() => ({ status: 503 }));
  await fake.start();
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'hi-agent-'));
  await Promise.all(['cwd', 'home', 'config'].map((d) => fs.mkdir(path.join(dir, d))));
  try {
    const run = runAgent({
      prompt: 'Add Helicone.',
      cwd: path.join(dir, 'cwd'),
      // Claude Code's own retries on (as in production, where they outlast any sensible timeout).
      env: buildAgentEnv({
        home: path.join(dir, 'home'),
        configDir: path.join(dir, 'config'),
        anthropicApiKey: 'sk-ant-x',
        baseUrl: fake.url,
        apiRetries: 8,
      }),
      maxTurns: 3,
      maxBudgetUsd: 1,
      timeoutMs: 2500,
      activityAttempt: 1,
      transcriptPath: path.join(dir, 't.jsonl'),
      log: () => undefined,
    });
    await expect(run).rejects.toThrow(
      /^Claude Code failed: the Anthropic API answered 503 \(Service Unavailable\) on every call \(\d+ attempts\), until AGENT_TIMEOUT \(3s\) stopped the run/,
    );
    await expect(run).rejects.toBeInstanceOf(AgentApiError);
    expect(fake.requests.length).toBeGreaterThanOrEqual(2);
  } finally {
    await fake.stop();
    await fs.rm(dir, { recursive: true, force: true });
  }
}, 30_000);

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
  expect(
    history.events!.filter((e) => e.activityTaskStartedEventAttributes && e.activityTaskStartedEventAttributes.attempt! > 1),
  ).toHaveLength(0);
}, 60_000);
