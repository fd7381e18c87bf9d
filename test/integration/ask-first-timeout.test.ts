/**
 * Ask first's timeout on the time-skipping server, with the local forge (where the test plays a visitor): a proposal
 * nobody with write access answers is closed after ASK_FIRST_TIMEOUT (14 days here, as the default), once, with one
 * comment, and nothing is integrated. A reader's "yes" on the way does not count. Runs no integration (see
 * stale-pull-requests.test.ts on why this server should not).
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTimeSkippingServer } from '../../src/adapters/temporal/dev-server';
import { askFirstWorkflowId, DEFAULT_ASK_FIRST_TIMEOUT } from '../../src/shared/ask-first-types';
import { TASK_QUEUE } from '../../src/shared/types';
import { workflowIdFor } from '../../src/shared/workflow-ids';
import { askFirstWorkflow } from '../../src/workflows';
import { askFirstStatusQuery } from '../../src/workflows/ask-first-definitions';
import { makeRepo } from '../helpers/fixture-repos';
import { startHarness, type Harness } from '../helpers/integration-harness';
import { until } from '../helpers/until';

const DAY = 86_400_000;
let env: TestWorkflowEnvironment;
let h: Harness;

beforeAll(async () => {
  env = await startTimeSkippingServer();
  h = await startHarness(env);
}, 120_000);

afterAll(async () => {
  await h?.stop();
  await env?.teardown();
});

it('closes an unanswered proposal once after 14 days, ignores a reader, and integrates nothing', async () => {
  const dir = await makeRepo('ask-timeout', { 'src/ai.ts': "import OpenAI from 'openai';\nexport const ai = new OpenAI();\n" });
  const repo = { owner: 'up', name: dir.split('/').pop()! };
  const integrationId = `ask-timeout-${process.pid}`;
  await h.forge.getRepository({ ...repo, url: dir });
  await h.forge.setPermission(repo, 'visitor', 'read');
  const ask = await env.client.workflow.start(askFirstWorkflow, {
    taskQueue: TASK_QUEUE,
    workflowId: askFirstWorkflowId(integrationId),
    args: [
      { integration: { repoUrl: dir, repoOwner: repo.owner, repoName: repo.name, integrationId }, timeout: DEFAULT_ASK_FIRST_TIMEOUT },
    ],
  });
  const asked = await until(
    () => ask.query(askFirstStatusQuery),
    (s) => s.state === 'asked' && s.looks >= 1,
  );
  expect(asked.files).toEqual(['src/ai.ts']);
  await h.forge.maintainerOnIssue(repo, asked.issue!.number, { comment: 'Yes please, go ahead!' }, 'visitor');
  await h.forge.maintainerOnIssue(repo, asked.issue!.number, { react: '+1' }, 'visitor');

  const end = await ask.result();
  expect(end.state).toBe('no_answer');
  expect(end.answer).toBeUndefined();
  // 14 days of 6-hour looks (56 or so), then the close; skipped, not waited.
  expect(Date.parse(end.closedAt!) - Date.parse(end.askedAt!)).toBeGreaterThanOrEqual(14 * DAY);
  expect(Date.parse(end.closedAt!) - Date.parse(end.askedAt!)).toBeLessThan(14 * DAY + 60_000);
  expect(end.looks).toBeGreaterThanOrEqual(56);
  const [issue] = await h.forge.listIssues(repo);
  expect(issue).toMatchObject({ state: 'closed', closedBy: 'helicone-bot' });
  const botComments = issue!.comments.filter((c) => c.author === 'helicone-bot');
  expect(botComments).toHaveLength(1);
  expect(botComments[0]!.body).toContain('no answer for 14 days');
  await expect(env.client.workflow.getHandle(workflowIdFor(integrationId)).describe()).rejects.toThrow(/not found/i);
  // No fork either: the preview cloned upstream read-only.
  expect(await h.forge.findPullRequest(repo, { owner: 'helicone-bot', branch: `helicone/integration-${integrationId}` })).toBeUndefined();
}, 120_000);
