/// <reference lib="dom" />
/**
 * The inbox end to end on a real Temporal dev server, a real worker and the local forge (where the test plays the
 * maintainer), in Chromium: a maintainer's comment reaches the tracker and then /inbox; a reply posted from the inbox
 * arrives on the PR once, as the bot (and a retried activity does not post it again); an empty reply is refused with
 * a clear message and posts nothing; close asks first, then closes the PR with one comment and the tracker ends.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { inboxActivities } from '../../src/activities/tracking/inbox-actions.activity';
import { sendInboxAction } from '../../src/adapters/temporal/inbox-action';
import { startDevServer } from '../../src/adapters/temporal/dev-server';
import { startDashboard } from '../../src/dashboard/server';
import { TASK_QUEUE } from '../../src/shared/types';
import { pullRequestTrackerWorkflow } from '../../src/workflows';
import {
  checkPullRequestNowSignal,
  getPullRequestTrackingQuery,
  trackerWorkflowId,
  type PullRequestTracking,
} from '../../src/workflows/pull-request-tracker-definitions';
import { makeRepo } from '../helpers/fixture-repos';
import { startHarness, type Harness } from '../helpers/integration-harness';
import { until } from '../helpers/until';

const TOKEN = 'inbox-test-token';
const SHOTS = path.resolve(__dirname, '..', '..', 'test-results', 'screenshots');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const MARKER = /<!-- helicone-integrator:inbox:[0-9a-f-]+ -->$/;

let env: TestWorkflowEnvironment;
let h: Harness;
let dash: Awaited<ReturnType<typeof startDashboard>>;
let browser: Browser;
let n = 0;

beforeAll(async () => {
  await fs.mkdir(SHOTS, { recursive: true });
  env = await startDevServer({});
  h = await startHarness(env);
  dash = await startDashboard({
    client: env.client,
    namespace: env.namespace ?? 'default',
    forge: h.forge,
    auth: { token: TOKEN },
    host: '127.0.0.1',
    port: 0,
  });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await dash?.close();
  await h?.stop();
  await env?.teardown();
});

async function signIn(): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  page.on('dialog', (d) => void d.accept().catch(() => undefined));
  await page.goto(`${dash.url}/login`);
  await page.fill('input[name=reviewer]', 'Ada');
  await page.fill('input[name=token]', TOKEN);
  await page.click('button[type=submit]');
  await page.waitForURL(`${dash.url}/`);
  return page;
}

/** An open PR on the local forge and its tracker (a long poll: the test says when to look). */
async function trackedPr() {
  const dir = await makeRepo('inbox', { 'README.md': '# app\n' });
  const repo = { owner: 'up', name: path.basename(dir) };
  await h.forge.getRepository({ ...repo, url: dir });
  const pr = await h.forge.ensurePullRequest({ repo, head: { ...repo, branch: 'trunk' }, base: 'trunk', title: 't', body: 'b' });
  const integrationId = `inbox-${process.pid}-${++n}`;
  const tracker = await env.client.workflow.start(pullRequestTrackerWorkflow, {
    taskQueue: TASK_QUEUE,
    workflowId: trackerWorkflowId(integrationId),
    args: [{ integrationId, repo, number: pr.number, url: pr.url, pollInterval: '6 hours' }],
  });
  await until(
    () => tracker.query(getPullRequestTrackingQuery),
    (t) => t.conversation !== undefined,
  );
  return { tracker, repo, number: pr.number, integrationId };
}

const botComments = async (repo: { owner: string; name: string }, number: number) =>
  (await h.forge.getPullRequest(repo, number))!.comments.filter((c) => c.author === undefined);

it('shows a maintainer comment on /inbox, replies once as the bot, refuses an empty reply, and closes with one comment', async () => {
  const page = await signIn();
  await page.goto(`${dash.url}/inbox`);
  expect(await page.locator('[data-role=inbox-empty]').textContent()).toContain('No maintainer has written on an upstream pull request');
  expect(await page.locator('[data-role=unanswered]').textContent()).toContain('No open pull request has an unanswered maintainer message');

  const { tracker, repo, number, integrationId } = await trackedPr();
  await h.forge.maintainerComment(repo, number, 'Does this <b>change</b> anything without the key?', 'maya');
  await tracker.signal(checkPullRequestNowSignal);
  await until(
    () => tracker.query(getPullRequestTrackingQuery),
    (t) => (t.conversation?.total ?? 0) === 1,
  );

  await page.goto(`${dash.url}/inbox`);
  const row = page.locator(`tr[data-integration-id="${integrationId}"]`);
  await expect(row.count()).resolves.toBe(1);
  expect(await row.locator('[data-role=author]').textContent()).toBe('maya');
  expect(await row.locator('[data-role=kind]').textContent()).toBe('comment');
  // Escaped: the maintainer's markup is text, not an element.
  expect(await row.locator('[data-role=preview]').textContent()).toBe('Does this <b>change</b> anything without the key?');
  expect(await row.locator('[data-role=preview] b').count()).toBe(0);
  expect(await row.locator('[data-role=state]').textContent()).toBe('open');
  expect(await row.locator('[data-role=integration-link]').getAttribute('href')).toBe(`/integrations/integration-${integrationId}`);
  expect(await page.locator('[data-role=unanswered]').textContent()).toMatch(/1 open pull request has unanswered maintainer messages/);
  await page.screenshot({ path: path.join(SHOTS, 'inbox.png'), fullPage: true });

  // An empty reply: a clear refusal, nothing posted.
  await row.locator('summary').click();
  await row.locator('[data-role=reply-form] textarea').fill('   ');
  await row.locator('[data-action=reply]').click();
  await page.waitForSelector('[data-role=error-message]');
  expect(await page.locator('[data-role=error-message]').textContent()).toBe('The reply is empty: write what to post on the pull request.');
  expect(await botComments(repo, number)).toEqual([]);

  // A reply: through the tracker's update, on the PR once, as the bot, with its marker.
  await page.goto(`${dash.url}/inbox`);
  await row.locator('summary').click();
  await row.locator('[data-role=reply-form] textarea').fill('No: without HELICONE_API_KEY nothing changes.');
  await row.locator('[data-action=reply]').click();
  await page.waitForURL(`${dash.url}/inbox`);
  const replies = await botComments(repo, number);
  expect(replies).toHaveLength(1);
  expect(replies[0]!.body.startsWith('No: without HELICONE_API_KEY nothing changes.\n\n')).toBe(true);
  expect(replies[0]!.body).toMatch(MARKER);
  const afterReply = await tracker.query(getPullRequestTrackingQuery);
  expect(afterReply.replies).toEqual([
    expect.objectContaining({ kind: 'reply', by: 'Ada', preview: 'No: without HELICONE_API_KEY nothing changes.' }),
  ]);
  // The bot's own reply is not a maintainer message, and it answers the one there was.
  expect(await page.locator('[data-role=unanswered]').textContent()).toContain('No open pull request has an unanswered maintainer message');

  // Close: confirmed (the dialog), then one comment and closed; the tracker ends, with no never-again entry.
  await row.locator('summary').click();
  await row.locator('[data-role=close-form] textarea').fill('Closing this one, thank you for looking!');
  await row.locator('[data-action=close]').click();
  await page.waitForURL(`${dash.url}/inbox`);
  const end: PullRequestTracking = await tracker.result();
  expect(end).toMatchObject({ state: 'closed', ended: 'closed from the inbox by Ada', closedFromInbox: { by: 'Ada' } });
  expect(end.neverAgain ?? []).toEqual([]);
  const pr = await h.forge.getPullRequest(repo, number);
  expect(pr!.state).toBe('closed');
  const all = await botComments(repo, number);
  expect(all).toHaveLength(2);
  expect(all[1]!.body).toMatch(/^Closing this one, thank you for looking!\n\n<!-- helicone-integrator:inbox:/);
  // Nothing can be posted on it any more: the tracker has ended.
  const late = await sendInboxAction(env.client, integrationId, 'reply', { body: 'one more thing' }, { timeoutMs: 10_000 });
  expect(late).toMatchObject({ ok: false, status: 409 });
  expect(await botComments(repo, number)).toHaveLength(2);
  await page.close();
}, 120_000);

it('the close asks first without scripts too, and the update refuses an empty body itself', async () => {
  const { tracker, repo, number, integrationId } = await trackedPr();
  // The validator, not only the dashboard's check: an empty reply sent straight to the update is refused.
  await expect(sendInboxAction(env.client, integrationId, 'reply', { body: ' ' }, { timeoutMs: 10_000 })).resolves.toEqual({
    ok: false,
    status: 400,
    reason: 'The reply is empty: write what to post on the pull request.',
  });
  const page = await signIn();
  const csrf = await page.locator('input[name=csrf]').first().getAttribute('value');
  // A form post without confirmed=1 (what a browser without scripts sends): the confirmation page, nothing closed.
  const res = await page.request.post(`${dash.url}/inbox/${integrationId}/close`, {
    form: { csrf: csrf!, body: 'Closing, thanks.' },
    headers: { Origin: dash.url },
  });
  expect(res.status()).toBe(200);
  expect(await res.text()).toContain('Are you sure?');
  expect((await tracker.query(getPullRequestTrackingQuery)).state).toBe('open');
  expect(await botComments(repo, number)).toEqual([]);
  // Without the CSRF token: refused.
  const forged = await page.request.post(`${dash.url}/inbox/${integrationId}/reply`, {
    form: { body: 'hi' },
    headers: { Origin: dash.url },
  });
  expect(forged.status()).toBe(403);
  expect(await botComments(repo, number)).toEqual([]);
  await page.close();
  await tracker.terminate();
}, 60_000);

it('a retried reply activity does not post twice, even with a maintainer comment in between', async () => {
  const { tracker, repo, number } = await trackedPr();
  await tracker.terminate();
  const acts = inboxActivities({ ...h.deps, forge: h.forge });
  const params = { repo, number, body: 'Thanks, fixed.', actionId: 'a1b2c3d4-0000-4000-8000-000000000001' };
  expect((await acts.replyOnPullRequest(params)).value).toEqual({ posted: true });
  await h.forge.maintainerComment(repo, number, 'Great', 'maya');
  expect((await acts.replyOnPullRequest(params)).value).toEqual({ posted: false });
  expect(await botComments(repo, number)).toHaveLength(1);
  // The close's retry closes without a second comment.
  const close = { ...params, body: 'Closing.', actionId: 'a1b2c3d4-0000-4000-8000-000000000002' };
  expect((await acts.closeFromInbox(close)).value).toEqual({ posted: true });
  expect((await acts.closeFromInbox(close)).value).toEqual({ posted: false });
  expect(await botComments(repo, number)).toHaveLength(2);
  expect((await h.forge.getPullRequest(repo, number))!.state).toBe('closed');
}, 60_000);
