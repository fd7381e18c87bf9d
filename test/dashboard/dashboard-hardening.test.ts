/// <reference lib="dom" />
/**
 * The dashboard's security and behaviour (GitHub issue 16, items 3 and 4) in Chromium against the real server, a
 * real Temporal dev server and real workflows: the Host allow-list (DNS rebinding), origins, session expiry and
 * revocation, named reviewer tokens, Secure cookies, the proxy's user header; Temporal unreachable (and back), 404 and
 * 409 pages, diff2html's table cells, quoted file names, the hashed immutable diff bundle only where there is a diff,
 * confirmations, local times, the review PR's body, upstream PR states, pagination and filters, bulk decisions and
 * keyboard shortcuts.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevServer } from '../../src/adapters/temporal/dev-server';
import { startIntegration } from '../../src/cli/start-integration';
import { loadReviewersFile, type AuthOptions } from '../../src/dashboard/auth';
import { startDashboard } from '../../src/dashboard/server';
import { getStatusQuery } from '../../src/workflows/definitions';
import { getPullRequestTrackingQuery, trackerWorkflowId } from '../../src/workflows/pull-request-tracker-definitions';
import { makeRepo } from '../helpers/fixture-repos';
import { awaitingReview, inputFor, startHarness, waitFor, type Harness } from '../helpers/integration-harness';

const TOKEN = 'hardening-shared-token';
const SHOTS = path.resolve(__dirname, '..', '..', 'test-results', 'screenshots');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FILES = { 'src/ai.ts': "import OpenAI from 'openai';\nexport const ai = new OpenAI();\n" };
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

type Dashboard = Awaited<ReturnType<typeof startDashboard>>;
let env: TestWorkflowEnvironment;
let h: Harness;
let browser: Browser;
const dashboards: Dashboard[] = [];

beforeAll(async () => {
  await fs.mkdir(SHOTS, { recursive: true });
  env = await startDevServer({});
  h = await startHarness(env);
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    // evil.test resolves to 127.0.0.1, as a rebinding attacker's name would.
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--host-resolver-rules=MAP evil.test 127.0.0.1',
    ],
  });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  for (const d of dashboards) await d.close();
  await h?.stop();
  await env?.teardown();
});

async function dashboard(auth: AuthOptions, extra: Partial<Parameters<typeof startDashboard>[0]> = {}): Promise<Dashboard> {
  const d = await startDashboard({
    client: env.client,
    namespace: env.namespace ?? 'default',
    forge: h.forge,
    auth,
    host: '127.0.0.1',
    port: 0,
    pollMs: 250,
    ...extra,
  });
  dashboards.push(d);
  return d;
}

async function awaiting(name: string): Promise<{ workflowId: string; integrationId: string; repo: string }> {
  const input = inputFor(await makeRepo(name, FILES));
  const handle = await startIntegration(env.client, input);
  await waitFor(handle, awaitingReview(1));
  return { workflowId: handle.workflowId, integrationId: input.integrationId, repo: `${input.repoOwner}/${input.repoName}` };
}

async function newPage(opts: { timezoneId?: string } = {}): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, ...opts });
  return context.newPage();
}

async function signIn(d: Dashboard, fields: { reviewer?: string; token: string }, page?: Page): Promise<Page> {
  const p = page ?? (await newPage());
  await p.goto(`${d.url}/login`);
  if (fields.reviewer !== undefined) await p.fill('input[name=reviewer]', fields.reviewer);
  await p.fill('input[name=token]', fields.token);
  await p.click('button[type=submit]');
  await p.waitForURL(`${d.url}/`);
  return p;
}

async function cookieOf(p: Page): Promise<string> {
  const c = (await p.context().cookies()).find((x) => x.name === 'hd_session')!;
  return `${c.name}=${c.value}`;
}

/** A raw request (fetch cannot set Host). */
function raw(
  url: string,
  opts: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: opts.method ?? 'GET', headers: opts.headers }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

async function csrfOf(d: Dashboard, pathname: string, cookie: string): Promise<string> {
  const text = await (await fetch(`${d.url}${pathname}`, { headers: { cookie } })).text();
  return /name="csrf" value="([^"]+)"/.exec(text)![1]!;
}

async function until(check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 150));
  }
}

describe('security', () => {
  it('refuses foreign Host names (DNS rebinding) and foreign origins', async () => {
    const d = await dashboard({});
    const { workflowId } = await awaiting('rebind-app');
    const port = new URL(d.url).port;

    // A page served under evil.test (resolving to 127.0.0.1) gets a refusal, not the dashboard or its CSRF token.
    const page = await newPage();
    const res = await page.goto(`http://evil.test:${port}/integrations/${encodeURIComponent(workflowId)}`);
    expect(res!.status()).toBe(421);
    const text = await page.locator('body').textContent();
    expect(text).toContain('Refused');
    expect(text).toContain(`127.0.0.1:${port}`);
    expect(text).not.toContain('csrf');
    await page.screenshot({ path: path.join(SHOTS, 'rebinding-refused.png') });

    // Without a token (loopback) every request is still checked: a POST under the foreign Host is refused too.
    const csrf = await csrfOf(d, `/integrations/${encodeURIComponent(workflowId)}`, '');
    const review = `${d.url}/integrations/${encodeURIComponent(workflowId)}/review`;
    const body = `decision=approve&confirmed=1&csrf=${encodeURIComponent(csrf)}`;
    const evil = await raw(review, {
      method: 'POST',
      headers: { ...FORM, host: `evil.test:${port}`, origin: `http://evil.test:${port}` },
      body,
    });
    expect(evil.status).toBe(421);
    // An allowed Host but a foreign Origin (even one that matches nothing but itself) is refused.
    const crossOrigin = await raw(review, { method: 'POST', headers: { ...FORM, origin: `http://evil.test:${port}` }, body });
    expect(crossOrigin.status).toBe(403);
    expect((await env.client.workflow.getHandle(workflowId).query(getStatusQuery)).state).toBe('awaiting_review');
    // The loopback names are allowed.
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`])
      expect((await raw(`${d.url}/login`, { headers: { host } })).status).toBe(200);
    await page.context().close();

    // DASHBOARD_PUBLIC_URL's host is allowed, with Secure cookies when it is https.
    const pub = await dashboard({ token: TOKEN, publicUrl: 'https://dash.example.com' });
    expect((await raw(`${pub.url}/login`, { headers: { host: 'dash.example.com' } })).status).toBe(200);
    const login = await raw(`${pub.url}/login`, {
      method: 'POST',
      headers: { ...FORM, host: 'dash.example.com', origin: 'https://dash.example.com' },
      body: `reviewer=Ann&token=${TOKEN}`,
    });
    expect(login.status).toBe(303);
    expect(String(login.headers['set-cookie'])).toMatch(/HttpOnly; SameSite=Strict; Path=\/; Secure/);
  });

  it('marks cookies Secure behind a trusted HTTPS proxy only', async () => {
    const trusted = await dashboard({ token: TOKEN, trustProxy: true });
    const untrusted = await dashboard({ token: TOKEN });
    const body = `reviewer=Ann&token=${TOKEN}`;
    const a = await raw(`${trusted.url}/login`, { method: 'POST', headers: { ...FORM, 'x-forwarded-proto': 'https' }, body });
    const b = await raw(`${untrusted.url}/login`, { method: 'POST', headers: { ...FORM, 'x-forwarded-proto': 'https' }, body });
    expect(String(a.headers['set-cookie'])).toContain('; Secure');
    expect(String(b.headers['set-cookie'])).not.toContain('Secure');
  });

  it('ends sessions at their expiry and on sign-out (the old cookie stops working)', async () => {
    const short = await dashboard({ token: TOKEN, sessionTtlMs: 1500 });
    const p1 = await signIn(short, { reviewer: 'Ida', token: TOKEN });
    expect(await p1.locator('[data-role=reviewer]').textContent()).toBe('Ida');
    await new Promise((r) => setTimeout(r, 1700));
    // The browser may still hold the cookie; the server no longer accepts it.
    const stale = await fetch(`${short.url}/`, {
      headers: { cookie: await cookieOf(p1).catch(() => 'hd_session=gone') },
      redirect: 'manual',
    });
    expect(stale.headers.get('location')).toBe('/login');
    await p1.goto(`${short.url}/`);
    expect(new URL(p1.url()).pathname).toBe('/login');
    await p1.context().close();

    const d = await dashboard({ token: TOKEN });
    const p2 = await signIn(d, { reviewer: 'Joe', token: TOKEN });
    const cookie = await cookieOf(p2);
    await p2.click('[data-role=sign-out]');
    await p2.waitForURL(`${d.url}/login`);
    const replay = await fetch(`${d.url}/`, { headers: { cookie }, redirect: 'manual' });
    expect(replay.status).toBe(303);
    expect(replay.headers.get('location')).toBe('/login');
    await p2.context().close();
  });

  it('records the named reviewer whose token signed in, whatever name is typed; the shared token still works', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'reviewers-'));
    const file = path.join(dir, 'reviewers');
    const sha = (t: string) => createHash('sha256').update(t).digest('hex');
    await fs.writeFile(file, `# name:sha256-hex-of-token\nMargaret Hamilton:${sha('mh-token-1')}\nLinus:${sha('lt-token-2')}\n`);
    const d = await dashboard({ reviewers: loadReviewersFile(file), token: TOKEN });
    const { workflowId } = await awaiting('named-app');

    const page = await newPage();
    await page.goto(`${d.url}/login`);
    expect(await page.locator('input[name=reviewer]').count()).toBe(0);
    await page.fill('input[name=token]', 'wrong');
    await page.click('button[type=submit]');
    expect(await page.locator('.error').textContent()).toContain('Unknown reviewer token');
    await signIn(d, { token: 'mh-token-1' }, page);
    expect(await page.locator('[data-role=reviewer]').textContent()).toBe('Margaret Hamilton');
    // A forged name field is ignored: the name comes from the file.
    const forged = await raw(`${d.url}/login`, { method: 'POST', headers: FORM, body: 'reviewer=Mallory&token=lt-token-2' });
    const forgedCookie = String(forged.headers['set-cookie']).split(';')[0]!;
    expect(await (await fetch(`${d.url}/`, { headers: { cookie: forgedCookie } })).text()).toContain('Linus');

    page.on('dialog', (dlg) => void dlg.accept());
    await page.goto(`${d.url}/integrations/${encodeURIComponent(workflowId)}`);
    await page.click('[data-action=approve]');
    await until(async () => (await env.client.workflow.getHandle(workflowId).query(getStatusQuery)).state === 'completed');
    const status = await env.client.workflow.getHandle(workflowId).query(getStatusQuery);
    expect(status.attempts[0]!.decision?.reviewer).toBe('Margaret Hamilton');
    await page.context().close();
  });

  it("takes the reviewer from a trusted proxy's user header", async () => {
    const d = await dashboard({ trustProxy: true, authHeader: 'X-Forwarded-User' });
    const res = await fetch(`${d.url}/`, { headers: { 'x-forwarded-user': 'carol' } });
    expect(await res.text()).toContain('carol');
    expect((await fetch(`${d.url}/`, { redirect: 'manual' })).headers.get('location')).toBe('/login');
    await expect(dashboard({ authHeader: 'X-Forwarded-User' })).rejects.toThrow(/DASHBOARD_TRUST_PROXY/);
  });
});

describe('behaviour', () => {
  it('says within 3 s that Temporal is unreachable, retries by itself and recovers without a restart', async () => {
    // A TCP relay to the dev server that can be switched off: the dashboard sees Temporal go away and come back.
    let open = false;
    const target = env.address.split(':');
    const relay = net.createServer((sock) => {
      if (!open) return sock.destroy();
      const up = net.connect(Number(target[1]), target[0] === 'localhost' ? '127.0.0.1' : target[0]!);
      sock.pipe(up).pipe(sock);
      up.on('error', () => sock.destroy());
      sock.on('error', () => up.destroy());
    });
    await new Promise<void>((r) => relay.listen(0, '127.0.0.1', r));
    const address = `127.0.0.1:${(relay.address() as net.AddressInfo).port}`;
    const connection = Connection.lazy({ address });
    const client = new Client({ connection, namespace: env.namespace ?? 'default' });
    const d = await dashboard({}, { client, temporalAddress: address });
    const page = await newPage();
    try {
      const started = Date.now();
      const res = await page.goto(`${d.url}/`);
      expect(Date.now() - started).toBeLessThan(3000);
      expect(res!.status()).toBe(503);
      expect(await page.locator('h1').textContent()).toBe('Temporal is unreachable');
      expect(await page.locator('[data-role=error-message]').textContent()).toContain(address);
      expect(await page.locator('meta[http-equiv=refresh]').count()).toBe(1);
      await page.screenshot({ path: path.join(SHOTS, 'temporal-unreachable.png') });
      open = true;
      // The page reloads itself (meta refresh) and shows the list once Temporal answers again.
      await page.waitForSelector('section.list', { timeout: 20_000 });
    } finally {
      await page.context().close();
      await connection.close().catch(() => undefined);
      relay.close();
    }
  });

  it('answers 404 for an unknown integration (page and review POST) and 409 with a way back for a stale decision', async () => {
    const d = await dashboard({ token: TOKEN });
    const page = await signIn(d, { reviewer: 'Nia', token: TOKEN });
    const res = await page.goto(`${d.url}/integrations/integration-does-not-exist`);
    expect(res!.status()).toBe(404);
    expect(await page.locator('[data-role=back]').getAttribute('href')).toBe('/');
    const cookie = await cookieOf(page);
    const csrf = await csrfOf(d, '/', cookie);
    const post = await fetch(`${d.url}/integrations/integration-does-not-exist/review`, {
      method: 'POST',
      headers: { ...FORM, cookie, origin: d.url },
      body: `decision=approve&confirmed=1&csrf=${encodeURIComponent(csrf)}`,
      redirect: 'manual',
    });
    expect(post.status).toBe(404);

    // Decided elsewhere (the CLI) while the page was open: the page's approve gets a 409 page linking back.
    const { workflowId } = await awaiting('stale-app');
    const here = `/integrations/${encodeURIComponent(workflowId)}`;
    await page.goto(`${d.url}${here}`);
    await env.client.workflow.getHandle(workflowId).signal('reviewChanges', { approved: false, reviewer: 'elsewhere' });
    await until(async () => (await env.client.workflow.getHandle(workflowId).query(getStatusQuery)).state !== 'awaiting_review');
    await submitForm(page, `${here}/review`, { csrf, decision: 'approve', confirmed: '1' }, 'input');
    await page.waitForURL(`${d.url}${here}/review`);
    expect(await page.locator('h1').textContent()).toBe('Already decided');
    expect(await page.locator('[data-role=back]').getAttribute('href')).toBe(here);
    await page.screenshot({ path: path.join(SHOTS, 'conflict-409.png') });
    await page.click('[data-role=back]');
    expect(new URL(page.url()).pathname).toBe(here);
    await page.context().close();
  });

  it('says before sending that the codemod cannot act on feedback, and shows the reason when feedback is sent anyway', async () => {
    const d = await dashboard({ token: TOKEN });
    const page = await signIn(d, { reviewer: 'Ola', token: TOKEN });
    const { workflowId } = await awaiting('no-feedback-app');
    const here = `/integrations/${encodeURIComponent(workflowId)}`;
    await page.goto(`${d.url}${here}`);
    // The reject form says so, and has no feedback box to type into in vain.
    expect(await page.locator('[data-role=feedback-unavailable]').textContent()).toMatch(
      /^The codemod integrator cannot act on free-text feedback \(no coding agent:\s+ANTHROPIC_API_KEY is unset or INTEGRATOR=codemod\): v2 would be identical to v1/,
    );
    expect(await page.locator('#feedback').count()).toBe(0);
    expect(await page.locator('[data-action=reject]').textContent()).toBe('Reject v1 (ends the integration)');

    // Feedback sent anyway (a page rendered elsewhere, a hand-made request): the workflow's reason, and a way back.
    const csrf = await csrfOf(d, here, await cookieOf(page));
    await submitForm(page, `${here}/review`, { csrf, decision: 'reject', feedback: 'Read the key from our config module' }, 'textarea');
    await page.waitForURL(`${d.url}${here}/review`);
    expect(await page.locator('h1').textContent()).toBe('Feedback refused');
    expect(await page.locator('[data-role=error-message]').textContent()).toMatch(
      /^The codemod integrator cannot act on free-text feedback .*: v2 would be identical to v1\. Approve v1, or reject it without feedback/,
    );
    expect(await page.locator('[data-role=back]').getAttribute('href')).toBe(here);
    await page.screenshot({ path: path.join(SHOTS, 'feedback-refused.png') });
    const status = await env.client.workflow.getHandle(workflowId).query(getStatusQuery);
    expect(status).toMatchObject({ state: 'awaiting_review', attempt: 1, ignoredSignals: [] });
    expect(status.attempts[0]!.decision).toBeUndefined();

    // The same feedback as the signal (the Temporal UI's way, validated as before): no v2; the page says why.
    await page.click('[data-role=back]');
    await env.client.workflow
      .getHandle(workflowId)
      .signal('reviewChanges', { approved: false, feedback: 'Read the key from our config module', reviewer: 'Ola' });
    await page.waitForFunction(
      () => /^v2 not published/.test(document.querySelector('[data-role=message]')?.textContent ?? ''),
      undefined,
      { timeout: 30_000 },
    );
    expect(await page.locator('[data-role=message]').textContent()).toMatch(
      /^v2 not published: the codemod integrator cannot act on free-text feedback .* v1 is still awaiting review/,
    );
    expect(await page.locator('.audit .no-change').textContent()).toMatch(
      /Ola\s+rejected v1 with\s+feedback: “?"?Read the key from our config module"?”?; no new version/,
    );
    expect(await page.locator('.attempt.current .no-change').count()).toBe(1);
    expect(await page.locator('h1 [data-role=state]').textContent()).toBe('awaiting_review');

    // Reject from the form: it asks first (this ends the integration), then the integration ends rejected.
    const dialogs: string[] = [];
    page.once('dialog', (dialog) => void (dialogs.push(dialog.message()), dialog.accept()));
    await page.click('[data-action=reject]');
    await until(async () => (await env.client.workflow.getHandle(workflowId).query(getStatusQuery)).state === 'rejected');
    expect(dialogs).toEqual([expect.stringContaining('Reject without feedback')]);
    await page.context().close();
  });

  it('serves the diff bundle only with a diff, hashed and immutable; lays out diff cells; names quoted files right; shows the PR body and local times', async () => {
    const d = await dashboard({});
    const quoted = `src/it's "quoted" & <b>.ts`;
    const input = inputFor(
      await makeRepo('quoted-app', {
        ...FILES,
        [quoted]: "import Anthropic from '@anthropic-ai/sdk';\nexport const c = new Anthropic();\n",
      }),
    );
    const handle = await startIntegration(env.client, input);
    await waitFor(handle, awaitingReview(1));
    const bundleHits: string[] = [];
    d.server.on('request', (req: http.IncomingMessage) => {
      if (req.url?.includes('diff2html')) bundleHits.push(req.url);
    });

    const page = await newPage({ timezoneId: 'Asia/Tokyo' });
    await page.goto(`${d.url}/`);
    expect(await page.locator('script[src*=diff2html], link[href*=diff2html]').count()).toBe(0);
    expect(bundleHits).toEqual([]);

    const detail = `${d.url}/integrations/${encodeURIComponent(handle.workflowId)}`;
    await page.goto(detail);
    await page.waitForSelector('.d2h-file-wrapper');
    const src = await page.locator('script[src*=diff2html]').getAttribute('src');
    expect(src).toMatch(/^\/static\/[0-9a-f]{16}\/diff2html-ui\.min\.js$/);
    const bundle = await fetch(`${d.url}${src}`);
    expect(bundle.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const jsHits = () => bundleHits.filter((u) => u.endsWith('.js')).length;
    const before = jsHits();
    await page.goto(`${d.url}/`);
    await page.goto(detail);
    await page.waitForSelector('.d2h-file-wrapper');
    expect(jsHits()).toBe(before); // second visit: from the browser's cache

    // Unified view: a context line's two line numbers sit side by side, not one under the other.
    await page.click('[data-diff-view=line-by-line]');
    const numbers = await page.evaluate(() => {
      const cell = Array.from(document.querySelectorAll('.d2h-code-linenumber')).find(
        (c) => c.querySelector('.line-num1')?.textContent?.trim() && c.querySelector('.line-num2')?.textContent?.trim(),
      );
      const [a, b] = [cell?.querySelector('.line-num1'), cell?.querySelector('.line-num2')];
      return {
        a: a?.getBoundingClientRect().top,
        b: b?.getBoundingClientRect().top,
        padding: cell ? getComputedStyle(cell).paddingLeft : '',
      };
    });
    expect(numbers.a).toBeDefined();
    expect(numbers.a).toBe(numbers.b);
    expect(numbers.padding).not.toBe('8px');

    const names = await page.locator('.d2h-file-name').allTextContents();
    expect(names.map((n) => n.trim())).toContain(quoted);

    expect((await page.locator('[data-role=review-pr-body]').textContent())?.length).toBeGreaterThan(20);
    const shown = await page.evaluate(() => {
      const t = document.querySelector('.timeline time[data-local]')!;
      return { text: t.textContent, expected: new Date(t.getAttribute('datetime')!).toLocaleString() };
    });
    expect(shown.text).toBe(shown.expected);
    expect(shown.text).not.toMatch(/Z$/);
    await page.screenshot({ path: path.join(SHOTS, 'integration-quoted-names.png'), fullPage: true });
    await page.context().close();
    await handle.terminate('test done');
  });

  it('asks before approving and before rejecting without feedback; without scripts a confirmation page asks', async () => {
    const d = await dashboard({});
    const { workflowId, integrationId, repo } = await awaiting('confirm-app');
    const here = `${d.url}/integrations/${encodeURIComponent(workflowId)}`;
    const page = await newPage();
    await page.goto(here);
    const dialogs: string[] = [];
    let answer = false;
    page.on('dialog', (dlg) => {
      dialogs.push(dlg.message());
      void (answer ? dlg.accept() : dlg.dismiss());
    });
    await page.click('[data-action=reject]');
    await page.click('[data-action=approve]');
    expect(dialogs).toEqual([expect.stringContaining('Reject without feedback'), expect.stringContaining('opens a pull request upstream')]);
    expect((await env.client.workflow.getHandle(workflowId).query(getStatusQuery)).state).toBe('awaiting_review');

    // No script: the server asks.
    const csrf = await csrfOf(d, `/integrations/${encodeURIComponent(workflowId)}`, '');
    const noJs = await fetch(`${here}/review`, {
      method: 'POST',
      headers: { ...FORM, origin: d.url },
      body: `decision=approve&csrf=${encodeURIComponent(csrf)}`,
    });
    const text = await noJs.text();
    expect(noJs.status).toBe(200);
    expect(text).toContain('Are you sure?');
    expect(text).toContain('name="confirmed" value="1"');
    expect((await env.client.workflow.getHandle(workflowId).query(getStatusQuery)).state).toBe('awaiting_review');

    answer = true;
    await Promise.all([page.waitForNavigation(), page.click('[data-action=approve]')]);
    await until(async () => (await env.client.workflow.getHandle(workflowId).query(getStatusQuery)).state === 'completed');

    // The list shows the final PR's state upstream once its tracker has looked.
    const tracker = env.client.workflow.getHandle(trackerWorkflowId(integrationId));
    await until(async () => ((await tracker.query(getPullRequestTrackingQuery).catch(() => undefined))?.checks ?? 0) >= 1);
    await until(async () => {
      await page.goto(`${d.url}/?q=${encodeURIComponent(repo.split('/')[1]!)}`);
      return (await page.locator(`tr[data-workflow-id="${workflowId}"] [data-role=upstream]`).textContent()) === 'open';
    });
    await page.context().close();
  });

  it('pages and filters the list, approves and rejects in bulk, and follows keyboard shortcuts', async () => {
    const d = await dashboard({}, { pageSize: 2 });
    const rows = await Promise.all(['bulk-a', 'bulk-b', 'bulk-c'].map((n) => awaiting(n)));
    const page = await newPage();
    page.on('dialog', (dlg) => void dlg.accept());

    await page.goto(`${d.url}/?state=awaiting_review`);
    expect(await page.locator('table.rows tbody tr[data-workflow-id]').count()).toBe(2);
    const first = await page
      .locator('table.rows tbody tr[data-workflow-id]')
      .evaluateAll((trs) => trs.map((t) => t.getAttribute('data-workflow-id')));
    await page.click('[data-role=next-page]');
    const second = await page
      .locator('table.rows tbody tr[data-workflow-id]')
      .evaluateAll((trs) => trs.map((t) => t.getAttribute('data-workflow-id')));
    expect(second.length).toBeGreaterThan(0);
    expect(second.filter((id) => first.includes(id))).toEqual([]);

    // Repository substring: exactly the bulk-* fixtures.
    await page.goto(`${d.url}/?q=bulk-`);
    const found = await page
      .locator('table.rows tbody tr[data-workflow-id]')
      .evaluateAll((trs) => trs.map((t) => t.getAttribute('data-workflow-id')));
    expect(found).toHaveLength(2);
    await page.click('[data-role=next-page]');
    expect(await page.locator('table.rows tbody tr[data-workflow-id]').count()).toBe(1);
    expect(await page.locator('[data-role=shortcuts]').textContent()).toContain('approve');

    // Bulk: select two, reject them (no feedback: asks first).
    await page.goto(`${d.url}/?q=bulk-`);
    const [a, b] = [rows[0]!.workflowId, rows[1]!.workflowId];
    await page.goto(`${d.url}/?q=${encodeURIComponent(rows[0]!.repo.split('/')[1]!)}`);
    await page.check(`tr[data-workflow-id="${a}"] input[name=id]`);
    await page.click('[data-action=bulk-reject]');
    await until(async () => (await env.client.workflow.getHandle(a).query(getStatusQuery)).state === 'rejected');

    // Keyboard: j moves the cursor, a approves the current row (asking first).
    await page.goto(`${d.url}/?q=${encodeURIComponent(rows[1]!.repo.split('/')[1]!)}`);
    await page.keyboard.press('j');
    expect(await page.locator('tr.cursor').getAttribute('data-workflow-id')).toBe(b);
    await page.keyboard.press('a');
    await until(async () => (await env.client.workflow.getHandle(b).query(getStatusQuery)).state === 'completed');
    await page.screenshot({ path: path.join(SHOTS, 'list-paged.png'), fullPage: true });
    await page.context().close();
  });
});

/** Posts a form the page did not render (as a page served elsewhere, or a hand-made request, would). */
async function submitForm(page: Page, action: string, fields: Record<string, string>, tag: 'input' | 'textarea'): Promise<void> {
  await page.evaluate(
    ({ action, fields, tag }) => {
      const f = document.createElement('form');
      f.method = 'post';
      f.action = action;
      for (const [k, v] of Object.entries(fields)) {
        const i = document.createElement(tag);
        i.name = k;
        i.value = v;
        f.appendChild(i);
      }
      document.body.appendChild(f);
      f.submit();
    },
    { action, fields, tag },
  );
}
