/** The receiver over HTTP with a recording signaller: what is refused, with which status, and when nothing is signalled. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RepoRef } from './events';
import { startWebhookServer, type WebhookServer } from './server';
import { signatureHeader } from './signature';
import type { SignalledTracker, TrackerSignaller } from './tracker-signaller';

const SECRET = 'test-secret-0123456789abcdef';
const calls: { repo: RepoRef; numbers?: readonly number[] }[] = [];
let failNext = false;
const signaller: TrackerSignaller = {
  checkNow(repo, numbers) {
    if (failNext) {
      failNext = false;
      return Promise.reject(new Error('14 UNAVAILABLE: connection refused'));
    }
    calls.push({ repo, ...(numbers ? { numbers } : {}) });
    return Promise.resolve<SignalledTracker[]>(repo.name === 'untracked' ? [] : [{ workflowId: 'track-x', number: numbers?.[0] ?? 1 }]);
  },
};
let server: WebhookServer;
let delivery = 0;

beforeAll(async () => {
  server = await startWebhookServer({ secret: SECRET, signaller, host: '127.0.0.1', port: 0, log: () => undefined });
});
afterAll(() => server?.close());
beforeEach(() => void (calls.length = 0));

const prClosed = (name = 'app') =>
  JSON.stringify({ action: 'closed', repository: { full_name: `up/${name}` }, pull_request: { number: 4 } });

async function post(body: string, headers: Record<string, string | undefined> = {}, path = '/webhooks/github') {
  const all: Record<string, string> = {
    'content-type': 'application/json',
    'x-github-event': 'pull_request',
    'x-github-delivery': `d-${++delivery}`,
    'x-hub-signature-256': signatureHeader(SECRET, body),
  };
  for (const [k, v] of Object.entries(headers)) {
    if (v === undefined) delete all[k];
    else all[k] = v;
  }
  const res = await fetch(`${server.url}${path}`, { method: 'POST', headers: all, body });
  return { status: res.status, body: (await res.json()) as { result: string; message: string; trackers?: SignalledTracker[] } };
}

describe('the webhook receiver', () => {
  it('signals the trackers of a signed event, once per delivery id', async () => {
    const body = prClosed();
    const first = await post(body, { 'x-github-delivery': 'replayed-1' });
    expect(first).toEqual({
      status: 200,
      body: { result: 'signalled', message: 'Asked track-x to check up/app#4 now.', trackers: [{ workflowId: 'track-x', number: 4 }] },
    });
    const replay = await post(body, { 'x-github-delivery': 'replayed-1' });
    expect(replay).toEqual({
      status: 200,
      body: { result: 'already-handled', message: 'Delivery replayed-1 was already handled; nothing signalled again.' },
    });
    expect(calls).toEqual([{ repo: { owner: 'up', name: 'app' }, numbers: [4] }]);
  });

  it('refuses unsigned and badly signed deliveries with 401 and signals nothing', async () => {
    const body = prClosed();
    const unsigned = await post(body, { 'x-hub-signature-256': undefined });
    expect(unsigned.status).toBe(401);
    expect(unsigned.body.message).toMatch(/^Refused: no X-Hub-Signature-256 header/);
    const forged = await post(body, { 'x-hub-signature-256': signatureHeader('not the secret at all', body) });
    expect(forged.status).toBe(401);
    expect(forged.body.message).toMatch(/does not match the body/);
    // Signed, then changed on the way.
    const tampered = await post(prClosed('other'), { 'x-hub-signature-256': signatureHeader(SECRET, body) });
    expect(tampered.status).toBe(401);
    const garbled = await post(body, { 'x-hub-signature-256': 'sha256=xyz' });
    expect(garbled).toMatchObject({ status: 401, body: { message: expect.stringMatching(/is not "sha256=" followed by 64 hex digits/) } });
    expect(calls).toEqual([]);
  });

  it('answers 202 for events and actions it does not use, and for PRs no tracker follows', async () => {
    const push = JSON.stringify({ ref: 'refs/heads/main' });
    expect(await post(push, { 'x-github-event': 'push' })).toMatchObject({
      status: 202,
      body: { result: 'ignored', message: expect.stringMatching(/^Ignored: event "push" is not used/) },
    });
    const labeled = JSON.stringify({ action: 'labeled', repository: { full_name: 'up/app' }, pull_request: { number: 4 } });
    expect(await post(labeled)).toMatchObject({ status: 202, body: { result: 'ignored' } });
    expect(calls).toEqual([]);
    expect(await post(prClosed('untracked'))).toMatchObject({
      status: 202,
      body: { result: 'no-tracker', message: 'No running tracker follows up/untracked#4; nothing to do.' },
    });
    expect(await post('{}', { 'x-github-event': 'ping' })).toMatchObject({ status: 200, body: { result: 'pong' } });
  });

  it('refuses malformed deliveries with 400 or 415, naming what is wrong', async () => {
    expect(await post('{"action": "closed",')).toMatchObject({
      status: 400,
      body: { message: expect.stringMatching(/^Refused: the body is not valid JSON/) },
    });
    const noNumber = JSON.stringify({ action: 'closed', repository: { full_name: 'up/app' }, pull_request: {} });
    expect(await post(noNumber)).toMatchObject({
      status: 400,
      body: { message: 'Refused: "pull_request.number" must be a positive integer, got undefined.' },
    });
    expect(await post(prClosed(), { 'x-github-event': undefined })).toMatchObject({
      status: 400,
      body: { message: 'Refused: no X-GitHub-Event header.' },
    });
    expect(await post(prClosed(), { 'x-github-delivery': undefined })).toMatchObject({ status: 400 });
    const form = await post(`payload=${encodeURIComponent(prClosed())}`, { 'content-type': 'application/x-www-form-urlencoded' });
    expect(form).toMatchObject({
      status: 415,
      body: { message: expect.stringContaining('set the webhook\'s "Content type" to application/json') },
    });
    expect(calls).toEqual([]);
  });

  it('answers 503 when Temporal does not, and handles the redelivery of that id', async () => {
    failNext = true;
    const down = await post(prClosed(), { 'x-github-delivery': 'redelivered-1' });
    expect(down).toMatchObject({ status: 503, body: { result: 'unavailable' } });
    expect((await post(prClosed(), { 'x-github-delivery': 'redelivered-1' })).status).toBe(200);
    expect(calls).toHaveLength(1);
  });

  it('serves only POST /webhooks/github (and GET /healthz)', async () => {
    expect((await post(prClosed(), {}, '/elsewhere')).status).toBe(404);
    const get = await fetch(`${server.url}/webhooks/github`);
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });
});
