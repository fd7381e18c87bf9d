/// <reference lib="dom" />
/**
 * The review dashboard in a real browser (Debian's Chromium through playwright-core) against the real dashboard
 * server, a real Temporal dev server and real workflows. Screenshots of each page go to test-results/screenshots.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startDevServer } from '../../src/adapters/temporal/dev-server';
import { startIntegration } from '../../src/cli/start-integration';
import { startDashboard } from '../../src/dashboard/server';
import { getStatusQuery, reviewCompleteSignal } from '../../src/workflows/definitions';
import { feedbackAnsweringCodemod } from '../helpers/feedback-integrator';
import { makeRepo, sampleAppRepo } from '../helpers/fixture-repos';
import { awaitingReview, inputFor, startHarness, waitFor, type Harness } from '../helpers/integration-harness';

const TOKEN = 'dashboard-test-token';
const SHOTS = path.resolve(__dirname, '..', '..', 'test-results', 'screenshots');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

let env: TestWorkflowEnvironment;
let h: Harness;
let dash: Awaited<ReturnType<typeof startDashboard>>;
let browser: Browser;

beforeAll(async () => {
  await fs.mkdir(SHOTS, { recursive: true });
  env = await startDevServer({});
  // The plain codemod cannot act on feedback (test/dashboard/dashboard-hardening.test.ts shows that page): this one does.
  h = await startHarness(env, { integrator: () => feedbackAnsweringCodemod() });
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
});

afterAll(async () => {
  await browser?.close();
  await dash?.close();
  await h?.stop();
  await env?.teardown();
});

async function signIn(name: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  // Approve asks first (it opens a PR upstream): say yes.
  page.on('dialog', (d) => void d.accept().catch(() => undefined));
  await page.goto(`${dash.url}/`);
  expect(new URL(page.url()).pathname).toBe('/login');
  await page.fill('input[name=reviewer]', name);
  await page.fill('input[name=token]', TOKEN);
  await page.click('button[type=submit]');
  await page.waitForURL(`${dash.url}/`);
  return page;
}

it('lists integrations, shows the diff, and updates live when the review is approved', async () => {
  const input = inputFor(await sampleAppRepo());
  const handle = await startIntegration(env.client, input);
  await waitFor(handle, awaitingReview(1));

  const page = await signIn('Ada');
  const row = page.locator(`tr[data-workflow-id="${handle.workflowId}"]`);
  await expect(row.locator('[data-role=state]').textContent()).resolves.toBe('awaiting_review');
  await page.screenshot({ path: path.join(SHOTS, 'list.png'), fullPage: true });

  await row.locator('a').first().click();
  await page.waitForSelector('.d2h-file-wrapper');
  expect(await page.locator('#diff').textContent()).toContain('oai.helicone.ai');
  expect(await page.locator('.sites').first().textContent()).toContain('src/openai-client.ts');
  await page.screenshot({ path: path.join(SHOTS, 'integration-unified.png'), fullPage: true });
  await page.click('[data-diff-view=side-by-side]');
  await page.waitForSelector('.d2h-file-side-diff');
  await page.screenshot({ path: path.join(SHOTS, 'integration-side-by-side.png'), fullPage: true });

  // Approve from elsewhere (the CLI's signal): the open page follows without a reload.
  await page.evaluate(() => ((window as unknown as { __noReload: boolean }).__noReload = true));
  await handle.signal(reviewCompleteSignal, { approved: true, reviewer: 'cli-user' });
  await page.waitForFunction(() => document.querySelector('h1 [data-role=state]')?.textContent === 'completed', undefined, {
    timeout: 20_000,
  });
  expect(await page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);
  await expect(page.locator('[data-role=final-pr]').count()).resolves.toBe(1);
  expect(await page.locator('.audit').textContent()).toContain('cli-user');
  await page.screenshot({ path: path.join(SHOTS, 'integration-completed.png'), fullPage: true });
  await page.close();
});

it('rejects with feedback from the page, then approves v2; the audit trail names the reviewer', async () => {
  const handle = await startIntegration(env.client, inputFor(await sampleAppRepo()));
  await waitFor(handle, awaitingReview(1));
  const page = await signIn('Grace');
  await page.goto(`${dash.url}/integrations/${encodeURIComponent(handle.workflowId)}`);
  // v1: the whole change only, and a feedback box (this integrator acts on feedback).
  await page.waitForSelector('#diff .d2h-file-wrapper');
  expect(await page.locator('[data-role=interdiff]').count()).toBe(0);
  expect(await page.locator('[data-role=feedback-unavailable]').count()).toBe(0);
  await page.fill('#feedback', 'Please keep the header name in a constant.');
  await page.click('[data-action=reject]');
  await page.waitForFunction(
    () =>
      /Attempt v2 of 3/.test(document.body.textContent ?? '') &&
      document.querySelector('h1 [data-role=state]')?.textContent === 'awaiting_review',
    undefined,
    { timeout: 30_000 },
  );
  expect(await page.locator('.attempt').last().textContent()).toContain('Please keep the header name in a constant.');
  // v2: the changes since v1 (the feedback's answer only), drawn like the whole change, which still holds everything.
  await page.waitForSelector('#interdiff .d2h-file-wrapper');
  expect(await page.locator('h2', { hasText: 'Changes since v1' }).count()).toBe(1);
  const since = (await page.locator('#interdiff').textContent()) ?? '';
  expect(since).toContain('// Review v2: Please keep the header name in a constant.');
  expect(since).not.toContain('oai.helicone.ai');
  const whole = (await page.locator('#diff').textContent()) ?? '';
  expect(whole).toContain('oai.helicone.ai');
  expect(whole).toContain('// Review v2: Please keep the header name in a constant.');
  expect(await page.locator('h2', { hasText: 'Whole change (v2 against the base)' }).count()).toBe(1);
  // The review PR v2's description shows the same interdiff.
  expect(await page.locator('[data-role=review-pr-body]').textContent()).toMatch(
    /## Changes since v1\s+What v2 changed compared with v1[^`]*```+diff[^`]*\+\/\/ Review v2: Please keep the header name in a constant\./,
  );
  await page.screenshot({ path: path.join(SHOTS, 'integration-v2.png'), fullPage: true });
  await page.click('[data-action=approve]');
  await page.waitForFunction(() => document.querySelector('h1 [data-role=state]')?.textContent === 'completed', undefined, {
    timeout: 30_000,
  });
  const status = await handle.query(getStatusQuery);
  expect(status.attempts.map((a) => a.decision?.reviewer)).toEqual(['Grace', 'Grace']);
  expect(status.attempts[0]!.decision).toMatchObject({ approved: false, feedback: 'Please keep the header name in a constant.' });
  expect(await page.locator('.audit').textContent()).toMatch(/Grace\s+approved v2/);
  await page.close();
});

it('shows hostile file contents and names as text and runs nothing', async () => {
  const evilName = 'src/<img src=x onerror=window.__xss=2>.ts';
  const repo = await makeRepo('xss-app', {
    'src/ai.ts':
      "import OpenAI from 'openai';\n// <script>window.__xss=1</script>\n// <img src=x onerror=\"window.__xss=1\">\nexport const ai = new OpenAI({ apiKey: 'x' });\n",
    [evilName]: "import Anthropic from '@anthropic-ai/sdk';\nexport const c = new Anthropic();\n",
  });
  const handle = await startIntegration(env.client, inputFor(repo));
  await waitFor(handle, awaitingReview(1));
  const page = await signIn('Mallory');
  const dialogs: string[] = [];
  page.on('dialog', (d) => void dialogs.push(d.message()));
  await page.goto(`${dash.url}/integrations/${encodeURIComponent(handle.workflowId)}`);
  await page.waitForSelector('.d2h-file-wrapper');
  await page.click('[data-diff-view=line-by-line]');
  await page.waitForTimeout(300);
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
  expect(dialogs).toEqual([]);
  expect(await page.locator('#diff').textContent()).toContain('<script>window.__xss=1</script>');
  expect(await page.locator('main').textContent()).toContain('<img src=x onerror=window.__xss=2>');
  expect(await page.locator('main img').count()).toBe(0);
  await page.screenshot({ path: path.join(SHOTS, 'integration-hostile-content.png'), fullPage: true });
  await page.close();
  await handle.terminate('test done');
});

it('refuses unauthenticated, cross-site and token-less requests', async () => {
  const handle = await startIntegration(env.client, inputFor(await sampleAppRepo()));
  await waitFor(handle, awaitingReview(1));
  const reviewUrl = `${dash.url}/integrations/${encodeURIComponent(handle.workflowId)}/review`;
  const form = { 'content-type': 'application/x-www-form-urlencoded' };

  const anonymous = await fetch(reviewUrl, { method: 'POST', headers: form, body: 'decision=approve', redirect: 'manual' });
  expect(anonymous.status).toBe(401);
  expect((await fetch(`${dash.url}/`, { redirect: 'manual' })).headers.get('location')).toBe('/login');
  const badLogin = await fetch(`${dash.url}/login`, {
    method: 'POST',
    headers: form,
    body: 'reviewer=Eve&token=wrong',
    redirect: 'manual',
  });
  expect(badLogin.status).toBe(401);

  const login = await fetch(`${dash.url}/login`, {
    method: 'POST',
    headers: form,
    body: `reviewer=Bob&token=${TOKEN}`,
    redirect: 'manual',
  });
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  expect(login.headers.get('set-cookie')).toMatch(/HttpOnly; SameSite=Strict/);
  const page = await (await fetch(`${dash.url}/integrations/${encodeURIComponent(handle.workflowId)}`, { headers: { cookie } })).text();
  const csrf = /name="csrf" value="([^"]+)"/.exec(page)![1]!;

  const crossSite = await fetch(reviewUrl, {
    method: 'POST',
    headers: { ...form, cookie, origin: 'http://evil.example' },
    body: `decision=approve&csrf=${encodeURIComponent(csrf)}`,
    redirect: 'manual',
  });
  expect(crossSite.status).toBe(403);
  const noCsrf = await fetch(reviewUrl, { method: 'POST', headers: { ...form, cookie }, body: 'decision=approve', redirect: 'manual' });
  expect(noCsrf.status).toBe(403);
  const forged = await fetch(reviewUrl, {
    method: 'POST',
    headers: { ...form, cookie: `${cookie.slice(0, -3)}abc` },
    body: 'decision=approve',
    redirect: 'manual',
  });
  expect(forged.status).toBe(401);
  expect((await handle.query(getStatusQuery)).state).toBe('awaiting_review');

  const ok = await fetch(reviewUrl, {
    method: 'POST',
    headers: { ...form, cookie, origin: dash.url },
    body: `decision=approve&confirmed=1&csrf=${encodeURIComponent(csrf)}`,
    redirect: 'manual',
  });
  expect(ok.status).toBe(303);
  expect((await handle.result()).state).toBe('completed');
  expect((await handle.query(getStatusQuery)).attempts[0]!.decision?.reviewer).toBe('Bob');

  const headers = (await fetch(`${dash.url}/login`)).headers;
  expect(headers.get('content-security-policy')).toContain("script-src 'self'");
  expect(headers.get('content-security-policy')).toContain("default-src 'none'");
});

it('will not listen beyond loopback without a token', async () => {
  await expect(startDashboard({ client: env.client, namespace: 'default', auth: {}, host: '0.0.0.0', port: 0 })).rejects.toThrow(
    /DASHBOARD_TOKEN is required/,
  );
});
