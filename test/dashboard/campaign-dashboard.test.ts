/// <reference lib="dom" />
/**
 * The dashboard's campaign and discovery pages in Chromium against a real dev server and real workflows: a
 * discovery's ranked table and exclusions; a campaign's states and upstream PRs, paused, resumed and cancelled from
 * the page. Screenshots go to test-results/screenshots.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { GitHubDiscovery } from '../../src/adapters/discovery/github-discovery';
import { startDevServer } from '../../src/adapters/temporal/dev-server';
import { startDashboard } from '../../src/dashboard/server';
import type { Candidate } from '../../src/shared/discovery-types';
import { TASK_QUEUE } from '../../src/shared/types';
import { campaignIntegrationId } from '../../src/shared/workflow-ids';
import { campaignWorkflow, discoveryWorkflow } from '../../src/workflows';
import { campaignStatusQuery } from '../../src/workflows/campaign-definitions';
import { getStatusQuery, reviewCompleteSignal } from '../../src/workflows/definitions';
import {
  checkPullRequestNowSignal,
  getPullRequestTrackingQuery,
  trackerWorkflowId,
} from '../../src/workflows/pull-request-tracker-definitions';
import { makeRepo } from '../helpers/fixture-repos';
import { startHarness, type Harness } from '../helpers/integration-harness';

const TOKEN = 'campaign-dashboard-token';
const SHOTS = path.resolve(__dirname, '..', '..', 'test-results', 'screenshots');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FILES = { 'src/ai.ts': "import OpenAI from 'openai';\nexport const ai = new OpenAI();\n" };

let env: TestWorkflowEnvironment;
let h: Harness;
let dash: Awaited<ReturnType<typeof startDashboard>>;
let browser: Browser;

const candidate = (name: string, extra: Partial<Candidate> = {}): Candidate => ({
  owner: 'acme',
  name,
  url: `https://github.com/acme/${name}`,
  stars: 100,
  language: 'TypeScript',
  topics: [],
  archived: false,
  fork: false,
  license: 'MIT',
  pushedAt: new Date().toISOString(),
  ...extra,
});

/** Search results without GitHub: the discovery page is what is under test here (discovery.test.ts covers search). */
const stubSearch = {
  searchRepositories: async () => [
    candidate('chat-app', { stars: 900 }),
    candidate('old-bot', { archived: true }),
    candidate('<script>x</script>'),
  ],
  codeSearch: async (_repo: unknown, terms: string[]) => (terms.includes('helicone') ? [] : ['src/ai.ts']),
  readFile: async () => undefined,
} as unknown as GitHubDiscovery;

beforeAll(async () => {
  await fs.mkdir(SHOTS, { recursive: true });
  env = await startDevServer({});
  h = await startHarness(env, { discovery: { github: stubSearch } });
  dash = await startDashboard({
    client: env.client,
    namespace: env.namespace ?? 'default',
    forge: h.forge,
    auth: { token: TOKEN },
    host: '127.0.0.1',
    port: 0,
    pollMs: 250,
  });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
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
  await page.goto(`${dash.url}/login`);
  await page.fill('input[name=reviewer]', 'Grace');
  await page.fill('input[name=token]', TOKEN);
  await page.click('button[type=submit]');
  await page.waitForURL(`${dash.url}/`);
  return page;
}

async function until(check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 200));
  }
}

it('shows a discovery: ranked repositories with reasons, and what was excluded', async () => {
  const handle = await env.client.workflow.start(discoveryWorkflow, {
    taskQueue: TASK_QUEUE,
    workflowId: 'discovery-dashboard-1',
    args: [{ minStars: 1, limit: 10, inactiveDays: 365, optOut: [] }],
  });
  await handle.result();
  const page = await signIn();
  await page.click('nav >> text=Discoveries');
  await page.click('text=discovery-dashboard-1');
  expect(await page.locator('[data-role=discovery-state]').textContent()).toBe('done');
  expect(await page.locator('[data-role=ranked] tbody tr').count()).toBe(2);
  expect(await page.locator('[data-role=ranked] tr[data-repo="acme/chat-app"] .reasons').textContent()).toContain(
    'file(s) construct LLM clients',
  );
  expect(await page.locator('[data-role=excluded] tr[data-repo="acme/old-bot"]').textContent()).toContain('archived');
  // Repository names are untrusted: rendered as text, never as markup.
  expect(await page.locator('[data-role=ranked]').textContent()).toContain('<script>x</script>');
  await page.screenshot({ path: path.join(SHOTS, 'discovery.png'), fullPage: true });
}, 120_000);

it("shows a campaign's states and upstream PRs, and pauses, resumes and cancels it", async () => {
  const paths = await Promise.all([0, 1, 2].map((i) => makeRepo(`dash-camp${i}`, FILES)));
  const repositories = paths.map((p) => ({
    repoUrl: p,
    repoOwner: 'local',
    repoName: path.basename(p),
    integrationId: campaignIntegrationId('local', path.basename(p)),
  }));
  // One start per hour: the first integration runs now, the others wait (in real time here).
  const campaign = await env.client.workflow.start(campaignWorkflow, {
    taskQueue: TASK_QUEUE,
    workflowId: 'campaign-dashboard-1',
    args: [{ repositories, limits: { concurrency: 2, prsPerHour: 1, prsPerDay: 10 } }],
  });
  const first = env.client.workflow.getHandle(`integration-${repositories[0]!.integrationId}`);
  await until(async () => (await first.query(getStatusQuery).catch(() => undefined))?.state === 'awaiting_review');
  await first.signal(reviewCompleteSignal, { approved: true });
  await first.result();
  const tracker = env.client.workflow.getHandle(trackerWorkflowId(repositories[0]!.integrationId));
  await until(async () => ((await tracker.query(getPullRequestTrackingQuery).catch(() => undefined))?.checks ?? 0) >= 1);
  const pr = await tracker.query(getPullRequestTrackingQuery);
  await h.forge.reviewPullRequest({ owner: 'local', name: repositories[0]!.repoName }, pr.number, 'merged');
  await tracker.signal(checkPullRequestNowSignal);
  await tracker.result();

  const page = await signIn();
  await page.click('nav >> text=Campaigns');
  await page.click('text=campaign-dashboard-1');
  await until(async () => {
    await page.reload();
    return (await page.locator('[data-upstream=merged] strong').textContent()) === '1';
  });
  expect(await page.locator('[data-role=phase]').textContent()).toBe('running');
  expect(await page.locator('[data-state=completed] strong').textContent()).toBe('1');
  expect(await page.locator('[data-state=pending] strong').textContent()).toBe('2');
  expect(await page.locator(`tr[data-workflow-id="integration-${repositories[0]!.integrationId}"]`).textContent()).toContain('merged');
  await page.screenshot({ path: path.join(SHOTS, 'campaign.png'), fullPage: true });
  // The integration's own page says what happened upstream.
  await page.click(`tr[data-workflow-id="integration-${repositories[0]!.integrationId}"] a`);
  expect(await page.locator('[data-role=upstream]').textContent()).toBe('upstream: merged');
  await page.goBack();

  await page.click('[data-action=pause]');
  await until(async () => (await campaign.query(campaignStatusQuery)).paused);
  expect(await page.locator('[data-role=phase]').textContent()).toBe('paused');
  await page.click('[data-action=resume]');
  await until(async () => !(await campaign.query(campaignStatusQuery)).paused);
  await page.click('[data-action=cancel]');
  const done = await campaign.result();
  expect(done.cancelled).toBe(true);
  expect(done.rows.filter((r) => r.state === 'cancelled')).toHaveLength(2);
  await page.reload();
  expect(await page.locator('[data-role=phase]').textContent()).toBe('cancelled');
  expect(await page.locator('[data-action]').count()).toBe(0);
}, 180_000);
