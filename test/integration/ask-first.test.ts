/**
 * Ask first end to end on a real dev server and worker, with the GitHub forge against the fake GitHub (where the
 * test plays the maintainer): a campaign with `askFirst` opens a proposal issue listing the files the change would
 * touch, and forks nothing; a reader's 👍 is ignored; a writer's "yes" starts the integration, whose upstream PR
 * links the issue. A writer's refusal puts the repository on the never-again list, closes the issue with one comment
 * and integrates nothing. (No answer within the timeout: ask-first-timeout.test.ts, on the time-skipping server.)
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { GitHubForge } from '../../src/adapters/forge/github/github-forge';
import { startDevServer } from '../../src/adapters/temporal/dev-server';
import { runningEntry } from '../../src/adapters/temporal/never-again-list';
import { askFirstWorkflowId, proposalMarker } from '../../src/shared/ask-first-types';
import { TASK_QUEUE } from '../../src/shared/types';
import { campaignIntegrationId, workflowIdFor } from '../../src/shared/workflow-ids';
import { askFirstWorkflow, campaignWorkflow } from '../../src/workflows';
import { askFirstStatusQuery, checkProposalNowSignal } from '../../src/workflows/ask-first-definitions';
import { campaignStatusQuery } from '../../src/workflows/campaign-definitions';
import { reviewCompleteSignal } from '../../src/workflows/definitions';
import { FakeGitHub } from '../helpers/fake-github/fake-github-server';
import { awaitingReview, startHarness, waitFor, type Harness } from '../helpers/integration-harness';
import { until } from '../helpers/until';

const TOKEN = 'ghp_askfirsttoken000000000000000000';
const FILES = { 'src/ai.ts': "import OpenAI from 'openai';\nexport const ai = new OpenAI();\n", 'README.md': '# app\n' };
let env: TestWorkflowEnvironment;
let h: Harness;
let gh: FakeGitHub;

beforeAll(async () => {
  gh = new FakeGitHub({ token: TOKEN });
  await gh.start();
  for (const name of ['yes-app', 'no-app']) {
    gh.addRepo('askers', name, FILES);
    gh.setPermission('askers', name, 'ada', 'write');
    gh.setPermission('askers', name, 'rando', 'read');
  }
  env = await startDevServer({});
  h = await startHarness(env, { forge: new GitHubForge({ token: TOKEN, apiUrl: gh.apiUrl, forkReadyTimeoutMs: 20_000 }) });
}, 120_000);

afterAll(async () => {
  await h?.stop();
  await env?.teardown();
  await gh?.stop();
});

const input = (name: string) => ({
  repoUrl: `${gh.baseUrl}/askers/${name}`,
  repoOwner: 'askers',
  repoName: name,
  integrationId: campaignIntegrationId('askers', `${name}-${process.pid}`),
});

it("a campaign asks first; a reader's +1 is ignored, a writer's yes integrates and the PR links the issue", async () => {
  const i = input('yes-app');
  const campaign = await env.client.workflow.start(campaignWorkflow, {
    taskQueue: TASK_QUEUE,
    workflowId: `ask-first-campaign-${process.pid}`,
    args: [{ repositories: [i], limits: { concurrency: 1, prsPerHour: 1, prsPerDay: 1 }, askFirst: { timeout: '14 days' } }],
  });
  const ask = env.client.workflow.getHandle(askFirstWorkflowId(i.integrationId));
  const asked = await until(
    () => ask.query(askFirstStatusQuery).catch(() => undefined),
    (s) => s?.state === 'asked' && s.looks >= 1,
  );
  expect(asked!.files).toEqual(['src/ai.ts']);
  const [issue] = gh.issuesOf('askers', 'yes-app');
  expect(issue).toBeDefined();
  expect(asked!.issue).toEqual({ number: issue!.number, url: `${gh.baseUrl}/askers/yes-app/issues/${issue!.number}` });
  expect(issue!.body).toContain('- `src/ai.ts`');
  expect(issue!.body).toContain('Nothing changes unless `HELICONE_API_KEY` is set');
  expect(issue!.body).toContain(proposalMarker(i.integrationId));
  // Nothing but the issue: no fork, no pull request.
  expect(gh.repos.has(`${gh.botLogin}/yes-app`)).toBe(false);
  expect(gh.pullsOf('askers', 'yes-app')).toHaveLength(0);
  // The campaign shows the row as asked and counts the proposal against its caps; it ends without waiting for it.
  const done = await campaign.result();
  expect(done.rows).toEqual([expect.objectContaining({ state: 'asked', askWorkflowId: ask.workflowId, startedAt: expect.any(String) })]);

  gh.maintainerOnIssue('askers', 'yes-app', issue!.number, { react: '+1' }, 'rando');
  gh.maintainerOnIssue('askers', 'yes-app', issue!.number, { comment: 'Yes please, go ahead!' }, 'rando');
  await ask.signal(checkProposalNowSignal);
  const still = await until(
    () => ask.query(askFirstStatusQuery),
    (s) => s.looks >= asked!.looks + 1,
  );
  expect(still.state).toBe('asked');

  gh.maintainerOnIssue('askers', 'yes-app', issue!.number, { comment: 'Sounds good, go ahead.' }, 'ada');
  await ask.signal(checkProposalNowSignal);
  const accepted = await ask.result();
  expect(accepted).toMatchObject({ state: 'accepted', answer: { verdict: 'yes', how: 'comment', by: 'ada' } });

  const integration = env.client.workflow.getHandle(workflowIdFor(i.integrationId));
  await waitFor(integration, awaitingReview(1), 120_000);
  await integration.signal(reviewCompleteSignal, { approved: true });
  expect((await integration.result()).state).toBe('completed');
  const [pr] = gh.pullsOf('askers', 'yes-app');
  expect(pr!.body).toContain(`Proposed in #${issue!.number} (${gh.baseUrl}/askers/yes-app/issues/${issue!.number}), where @ada said yes.`);
  expect(gh.issuesOf('askers', 'yes-app')).toHaveLength(1);
  // The campaign's query (a worker answers it after the end) still shows the state of the end.
  expect((await campaign.query(campaignStatusQuery)).counts).toEqual({ asked: 1 });
}, 240_000);

it("a writer's refusal puts the repository on the never-again list, closes the issue once and integrates nothing", async () => {
  const i = input('no-app');
  const ask = await env.client.workflow.start(askFirstWorkflow, {
    taskQueue: TASK_QUEUE,
    workflowId: askFirstWorkflowId(i.integrationId),
    args: [{ integration: i, timeout: '14 days' }],
  });
  await until(
    () => ask.query(askFirstStatusQuery),
    (s) => s.state === 'asked' && s.looks >= 1,
  );
  const [issue] = gh.issuesOf('askers', 'no-app');
  gh.maintainerOnIssue('askers', 'no-app', issue!.number, { comment: 'No thanks, we are not interested.' }, 'ada');
  await ask.signal(checkProposalNowSignal);
  const end = await ask.result();
  expect(end).toMatchObject({ state: 'declined', answer: { verdict: 'no', by: 'ada' } });

  const entry = await runningEntry(env.client, 'askers/no-app');
  expect(entry).toMatchObject({ scope: 'repository', source: 'refusal', url: end.answer!.url, integrationId: i.integrationId });
  expect(entry!.reason).toContain('@ada wrote on the proposal');
  expect(entry!.reason).toContain('not interested');
  const closed = gh.issuesOf('askers', 'no-app')[0]!;
  expect(closed.state).toBe('closed');
  expect(closed.comments.filter((c) => c.user === gh.botLogin)).toHaveLength(1);
  expect(gh.repos.has(`${gh.botLogin}/no-app`)).toBe(false);
  await expect(env.client.workflow.getHandle(workflowIdFor(i.integrationId)).describe()).rejects.toThrow(/not found/i);
}, 120_000);
