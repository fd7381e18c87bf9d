/// <reference lib="dom" />
/**
 * The dashboard's campaign and discovery pages in Chromium against a real dev server and real workflows: a
 * discovery's ranked table and exclusions; a campaign's states, upstream PRs and their burndown chart, paused,
 * resumed and cancelled from the page; no Content-Security-Policy violation on any page. Screenshots go to
 * test-results/screenshots.
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
/** Every CSP violation any page reported (the browser's console message, or the page's securitypolicyviolation event). */
const cspViolations: string[] = [];

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
  // Init scripts run before the page's own and are not subject to its CSP.
  await page.addInitScript(() =>
    document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`)),
  );
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy|CSP violation/i.test(m.text())) cspViolations.push(m.text());
  });
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

/** The burndown table's counts (open, changes requested, merged, closed) in its row `at` ("now" for the last). */
async function burndownRow(page: Page, at: string): Promise<number[]> {
  return page
    .locator(`[data-role=burndown-table] tr[data-at="${at}"] td[data-state]`)
    .evaluateAll((cells) => cells.map((c) => Number(c.textContent)));
}

it("shows a campaign's states, upstream PRs and their burndown, and pauses, resumes and cancels it", async () => {
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
  // Before any upstream PR: the page says so instead of drawing an empty chart.
  const page = await signIn();
  await page.click('nav >> text=Campaigns');
  await page.click('text=campaign-dashboard-1');
  expect(await page.locator('[data-role=burndown-empty]').isVisible()).toBe(true);
  expect(await page.locator('svg.burndown-chart').count()).toBe(0);
  await first.signal(reviewCompleteSignal, { approved: true });
  await first.result();
  const tracker = env.client.workflow.getHandle(trackerWorkflowId(repositories[0]!.integrationId));
  await until(async () => ((await tracker.query(getPullRequestTrackingQuery).catch(() => undefined))?.checks ?? 0) >= 1);
  const pr = await tracker.query(getPullRequestTrackingQuery);
  const upstreamRepo = { owner: 'local', name: repositories[0]!.repoName };

  // Changes requested: the counts, the chart and its table show it (its time: test/dashboard/upstream-timelines.test.ts).
  await h.forge.reviewPullRequest(upstreamRepo, pr.number, 'changes_requested', 'alice');
  await tracker.signal(checkPullRequestNowSignal);
  await until(async () => (await tracker.query(getPullRequestTrackingQuery)).state === 'changes_requested');
  await until(async () => {
    await page.reload();
    return (await page.locator('[data-upstream=changes_requested] strong').textContent()) === '1';
  });
  expect(await burndownRow(page, 'now')).toEqual([0, 1, 0, 0]);
  expect(await page.locator('[data-role=burndown-summary]').textContent()).toContain('now 0 open, 1 changes requested, 0 merged, 0 closed');
  // One PR: the axis ends at 1 (y = 24); the changes-requested line ends there, the open line back at 0 (y = 220).
  expect(await page.locator('polyline[data-state=changes_requested]').getAttribute('points')).toMatch(/ 704,24$/);
  expect(await page.locator('polyline[data-state=open]').getAttribute('points')).toMatch(/,24 .* 704,220$/);

  await h.forge.reviewPullRequest(upstreamRepo, pr.number, 'merged');
  await tracker.signal(checkPullRequestNowSignal);
  await tracker.result();

  await until(async () => {
    await page.reload();
    return (await page.locator('[data-upstream=merged] strong').textContent()) === '1';
  });
  expect(await burndownRow(page, 'now')).toEqual([0, 0, 1, 0]);
  expect(await page.locator('[data-role=merge-rate] [data-rate=decided]').textContent()).toBe('100%');
  expect(await page.locator('[data-role=merge-rate] [data-rate=opened]').textContent()).toBe('100%');
  const chart = page.locator('[data-role=burndown] svg.burndown-chart');
  expect((await chart.boundingBox())!.width).toBeGreaterThan(600);
  expect(await chart.getAttribute('aria-labelledby')).toBe('burndown-title burndown-desc');
  expect(await page.locator('polyline[data-state=merged]').getAttribute('points')).toMatch(/ 704,24$/);
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

  // No page broke the CSP (the chart has no script and no style attribute)...
  expect(cspViolations).toEqual([]);
  // ...and the check would have seen it: a style attribute is refused and reported.
  await page.evaluate(() => document.body.appendChild(document.createElement('div')).setAttribute('style', 'color: red'));
  await until(async () => cspViolations.length > 0, 5_000);
  expect(cspViolations.join('\n')).toMatch(/style-src/);
  cspViolations.length = 0;
}, 180_000);
