/**
 * Campaigns on the time-skipping server with real integrations (local forge, codemod): 50 repositories within the
 * concurrency limit and the hourly and daily caps, a repository listed twice integrated once, one integrated by an
 * earlier campaign not started again, pause/resume and cancel. Limits are checked from the children's own
 * timelines (workflow time), not from the campaign's bookkeeping.
 */
import path from 'node:path';
import { Client, type WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTimeSkippingServer } from '../../src/adapters/temporal/dev-server';
import type { CampaignLimits, CampaignStatus } from '../../src/shared/campaign-types';
import { TASK_QUEUE, type IntegrationInput, type IntegrationStatus } from '../../src/shared/types';
import { campaignIntegrationId } from '../../src/shared/workflow-ids';
import { campaignWorkflow } from '../../src/workflows';
import {
  campaignStatusQuery,
  cancelCampaignSignal,
  pauseCampaignSignal,
  resumeCampaignSignal,
} from '../../src/workflows/campaign-definitions';
import { getStatusQuery } from '../../src/workflows/definitions';
import { makeRepo } from '../helpers/fixture-repos';
import { startHarness, type Harness } from '../helpers/integration-harness';

const HOUR = 3_600_000;
const FILES = { 'src/ai.ts': "import OpenAI from 'openai';\nexport const ai = new OpenAI();\n" };
let env: TestWorkflowEnvironment;
let h: Harness;
let n = 0;

beforeAll(async () => {
  env = await startTimeSkippingServer();
  h = await startHarness(env);
}, 120_000);

afterAll(async () => {
  await h?.stop();
  await env?.teardown();
});

async function repos(count: number, prefix: string): Promise<IntegrationInput[]> {
  const paths = await Promise.all(Array.from({ length: count }, (_, i) => makeRepo(`${prefix}${i}`, FILES)));
  return paths.map((p) => {
    const name = path.basename(p);
    // Reviews take as long as they take: the children must not time out while the campaign skips days ahead.
    return {
      repoUrl: p,
      repoOwner: 'local',
      repoName: name,
      integrationId: campaignIntegrationId('local', name),
      reviewTimeout: '365 days',
    };
  });
}

function startCampaign(repositories: IntegrationInput[], limits: CampaignLimits) {
  return env.client.workflow.start(campaignWorkflow, {
    taskQueue: TASK_QUEUE,
    workflowId: `campaign-test-${++n}`,
    args: [{ repositories, limits, pollInterval: '1 minute' }],
  });
}

const childStatus = (id: string): Promise<IntegrationStatus> => env.client.workflow.getHandle(id).query(getStatusQuery);

/**
 * Runs a campaign to its end, moving server time forward 15 minutes at a time. Not `handle.result()`: that unlocks
 * time skipping until the result arrives, and a server left idle with only the children's review timers would jump
 * a year ahead in between and time the reviews out.
 */
async function finish(handle: WorkflowHandle<typeof campaignWorkflow>): Promise<CampaignStatus> {
  while ((await handle.describe()).status.name === 'RUNNING') await env.sleep('15 minutes');
  return new Client({ connection: env.connection, namespace: env.namespace ?? 'default' }).workflow
    .getHandle<typeof campaignWorkflow>(handle.workflowId)
    .result();
}

it('integrates 50 repositories within its concurrency and hourly/daily caps, each once', async () => {
  const inputs = await repos(50, 'camp');
  const limits = { concurrency: 3, prsPerHour: 10, prsPerDay: 40 };
  const result = await finish(await startCampaign([...inputs, inputs[7]!], limits));

  expect(result.rows).toHaveLength(50);
  expect(result.phase).toBe('done');
  expect(result.counts).toEqual({ awaiting_review: 50 });
  const statuses = await Promise.all(result.rows.map((r) => childStatus(r.workflowId)));
  expect(statuses.filter((s) => s.state !== 'awaiting_review').map((s) => `${s.integrationId}: ${s.state} ${s.message}`)).toEqual([]);

  // Caps, from the times the campaign started each child (its workflow time, what the caps govern; a child's own
  // first status comes a scheduling delay later, and that delay varies): any 10 consecutive starts span an hour or
  // more, any 40 a day or more.
  const starts = result.rows.map((r) => Date.parse(r.startedAt!)).sort((a, b) => a - b);
  expect(starts.every(Number.isFinite)).toBe(true);
  for (let i = 0; i + limits.prsPerHour < starts.length; i++)
    expect(starts[i + limits.prsPerHour]! - starts[i]!).toBeGreaterThanOrEqual(HOUR);
  for (let i = 0; i + limits.prsPerDay < starts.length; i++)
    expect(starts[i + limits.prsPerDay]! - starts[i]!).toBeGreaterThanOrEqual(24 * HOUR);
  // Concurrency: from start to awaiting review, never more than 3 children at once.
  const spans = statuses.map(
    (s) => [Date.parse(s.timeline[0]!.at), Date.parse(s.timeline.find((t) => t.state === 'awaiting_review')!.at)] as const,
  );
  const peak = Math.max(...spans.map(([from]) => spans.filter(([a, b]) => a <= from && from < b).length));
  expect(peak).toBeLessThanOrEqual(limits.concurrency);
  expect(result.maxInProgress).toBeLessThanOrEqual(limits.concurrency);

  // Listed twice, integrated once: one fork and one review PR per repository.
  for (const input of [inputs[7]!, inputs[8]!]) {
    const prs = await h.forge.listPullRequests({ owner: 'helicone-bot', name: input.repoName });
    expect(prs).toHaveLength(1);
  }

  // A later campaign over already-integrated repositories starts nothing again.
  const again = await finish(await startCampaign(inputs.slice(0, 2), limits));
  expect(again.rows.map((r) => r.state)).toEqual(['duplicate', 'duplicate']);
  expect(again.rows[0]!.note).toMatch(/already exists/);
}, 300_000);

it('starts nothing while paused, resumes, and stops starting when cancelled', async () => {
  const inputs = await repos(4, 'pause');
  const handle = await startCampaign(inputs, { concurrency: 5, prsPerHour: 1, prsPerDay: 24 });
  const started = async () => (await handle.query(campaignStatusQuery)).rows.filter((r) => r.startedAt).length;
  await waitUntil(async () => (await started()) >= 1);
  await handle.signal(pauseCampaignSignal);
  expect((await handle.query(campaignStatusQuery)).phase).toBe('paused');
  const before = await started();
  await env.sleep('5 hours');
  expect(await started()).toBe(before);
  await handle.signal(resumeCampaignSignal);
  const result = await finish(handle);
  expect(result.rows.every((r) => r.startedAt)).toBe(true);
  const starts = result.rows.map((r) => Date.parse(r.startedAt!)).sort((a, b) => a - b);
  // Paused for at least five hours between the first start and the rest.
  expect(starts[1]! - starts[0]!).toBeGreaterThanOrEqual(5 * HOUR);

  const more = await repos(3, 'cancel');
  const c = await startCampaign(more, { concurrency: 5, prsPerHour: 1, prsPerDay: 24 });
  await waitUntil(async () => (await c.query(campaignStatusQuery)).rows.some((r) => r.startedAt));
  await c.signal(cancelCampaignSignal);
  const cancelled = await finish(c);
  // One started before the cancel (its own state is the integration's business); the other two never start.
  expect(cancelled.rows.filter((r) => r.startedAt)).toHaveLength(1);
  expect(cancelled.rows.filter((r) => r.state === 'cancelled')).toHaveLength(2);
  expect(cancelled.cancelled).toBe(true);
}, 300_000);

it('refuses invalid limits with a clear error instead of starting anything', async () => {
  const inputs = await repos(1, 'bad');
  const handle = await startCampaign(inputs, { concurrency: 0, prsPerHour: 5, prsPerDay: 20 });
  await expect(handle.result()).rejects.toMatchObject({
    cause: { message: expect.stringMatching(/Invalid campaign limits .*concurrency 1–100/) },
  });
}, 60_000);

async function waitUntil(check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 200));
  }
}
