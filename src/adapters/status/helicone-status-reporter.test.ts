/**
 * The status report contract against a real HTTP server on 127.0.0.1: what arrives, that the signature verifies,
 * and that every failure is a clean, bounded error that never contains the API key.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { StatusReport } from '../../shared/types';
import { createStatusReporter, signStatusBody, verifyStatusSignature } from './helicone-status-reporter';

const KEY = 'sk-helicone-test-key';
const report: StatusReport = {
  integrationId: 'abc',
  repo: 'acme/app',
  state: 'awaiting_review',
  message: 'Review PR v1 is ready — “ü” and emoji 🚀 must survive byte-exact',
  attempt: 1,
  reviewPrUrl: 'https://example.com/pr/1',
  timestamp: '2026-11-25T10:00:00.000Z',
};

interface Received {
  method?: string;
  url?: string;
  raw: Buffer;
  headers: http.IncomingHttpHeaders;
}

let server: http.Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((r) => server?.close(r) ?? r(undefined));
  server = undefined;
});

/** Starts a server that records each request's raw body and answers with `respond`. */
async function serve(respond: (req: http.IncomingMessage, res: http.ServerResponse) => void): Promise<{ url: string; seen: Received[] }> {
  const seen: Received[] = [];
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push({ method: req.method, url: req.url, raw: Buffer.concat(chunks), headers: req.headers });
      respond(req, res);
    });
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/status`, seen };
}

describe('createStatusReporter', () => {
  it('is a disabled no-op without a URL', async () => {
    let calls = 0;
    const r = createStatusReporter({ apiKey: KEY, fetchImpl: async () => (calls++, new Response()) });
    expect(r.enabled).toBe(false);
    await expect(r.report(report)).resolves.toBeUndefined();
    expect(calls).toBe(0);
  });

  it('POSTs the report as JSON with bearer auth, the timestamp and a signature over the exact bytes', async () => {
    const { url, seen } = await serve((_req, res) => res.writeHead(200).end('ok'));
    const reporter = createStatusReporter({ url, apiKey: KEY });
    expect(reporter.enabled).toBe(true);
    await reporter.report(report);

    expect(seen).toHaveLength(1);
    const { method, url: path, raw, headers } = seen[0]!;
    expect(method).toBe('POST');
    expect(path).toBe('/status');
    expect(JSON.parse(raw.toString('utf8'))).toEqual(report);
    expect(headers['content-type']).toBe('application/json');
    expect(headers.authorization).toBe(`Bearer ${KEY}`);
    expect(headers['helicone-timestamp']).toBe(report.timestamp);
    const signature = String(headers['helicone-signature']);
    expect(signature).toMatch(/^sha256=[0-9a-f]{64}$/);

    // Receivers verify the raw bytes (Buffer) or their UTF-8 string, with the timestamp header.
    expect(verifyStatusSignature(raw, report.timestamp, signature, KEY)).toBe(true);
    expect(verifyStatusSignature(raw.toString('utf8'), report.timestamp, signature, KEY)).toBe(true);
    // Anything else changed: refused.
    expect(verifyStatusSignature(raw, report.timestamp, signature, 'other-secret')).toBe(false);
    expect(verifyStatusSignature(Buffer.concat([raw, Buffer.from(' ')]), report.timestamp, signature, KEY)).toBe(false);
    expect(verifyStatusSignature(raw, '2026-11-25T10:00:01.000Z', signature, KEY)).toBe(false);
    expect(verifyStatusSignature(raw, report.timestamp, signature.slice(0, -1), KEY)).toBe(false);
    expect(verifyStatusSignature(raw, report.timestamp, '', KEY)).toBe(false);
  });

  it('documents the signed string as `<timestamp>.<body>`', async () => {
    const { createHmac } = await import('node:crypto');
    const body = JSON.stringify(report);
    const manual = createHmac('sha256', 'k').update(`${report.timestamp}.${body}`, 'utf8').digest('hex');
    expect(signStatusBody(body, report.timestamp, 'k')).toBe(`sha256=${manual}`);
  });

  it('signs with the separate signing secret when one is set', async () => {
    const { url, seen } = await serve((_req, res) => res.writeHead(204).end());
    await createStatusReporter({ url, apiKey: KEY, signingSecret: 'whsec_abc' }).report(report);
    const { raw, headers } = seen[0]!;
    expect(headers.authorization).toBe(`Bearer ${KEY}`);
    expect(verifyStatusSignature(raw, report.timestamp, String(headers['helicone-signature']), 'whsec_abc')).toBe(true);
    expect(verifyStatusSignature(raw, report.timestamp, String(headers['helicone-signature']), KEY)).toBe(false);
  });

  it('sends neither Authorization nor a signature when no key is configured', async () => {
    const { url, seen } = await serve((_req, res) => res.writeHead(202).end());
    await createStatusReporter({ url }).report(report);
    expect(seen[0]!.headers.authorization).toBeUndefined();
    expect(seen[0]!.headers['helicone-signature']).toBeUndefined();
    expect(seen[0]!.headers['helicone-timestamp']).toBe(report.timestamp);
  });

  it('throws a clear, truncated error on a 500 without the key, even when the server echoes it', async () => {
    const { url, seen } = await serve((req, res) => res.writeHead(500).end(`boom: got ${req.headers.authorization} ${'x'.repeat(5000)}`));
    const err = await createStatusReporter({ url, apiKey: KEY })
      .report(report)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    const message = (err as Error).message;
    expect(message).toMatch(/^Status report to http:\/\/127\.0\.0\.1:\d+\/status failed: HTTP 500: boom/);
    expect(message).not.toContain(KEY);
    expect(message.length).toBeLessThan(400);
    expect(seen).toHaveLength(1); // no retries here: the activity's retry policy owns them
  });

  it('keeps credentials and query strings of the URL out of errors', async () => {
    const { url } = await serve((_req, res) => res.writeHead(401).end());
    const withSecrets = url.replace('http://', 'http://user:pw-secret@') + '?token=q-secret';
    const err = (await createStatusReporter({ url: withSecrets, fetchImpl: (_u, init) => fetch(url, init) })
      .report(report)
      .catch((e: Error) => e)) as Error;
    expect(err.message).toMatch(/HTTP 401$/);
    expect(err.message).not.toMatch(/pw-secret|q-secret/);
  });

  it('does not follow redirects (they would resend the key and body elsewhere)', async () => {
    const { url, seen } = await serve((req, res) => {
      if (req.url === '/status') res.writeHead(307, { location: '/elsewhere' }).end();
      else res.writeHead(200).end();
    });
    await expect(createStatusReporter({ url, apiKey: KEY }).report(report)).rejects.toThrow(
      /HTTP 307 \(redirect to .*\/elsewhere, not followed\)/,
    );
    expect(seen.map((s) => s.url)).toEqual(['/status']);
  });

  it('times out on an endpoint that never answers', async () => {
    const { url } = await serve(() => undefined);
    const started = Date.now();
    await expect(createStatusReporter({ url, apiKey: KEY, timeoutMs: 200 }).report(report)).rejects.toThrow(
      /^Status report to .* failed: timed out after 200 ms$/,
    );
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('reports an unreachable endpoint with the network reason', async () => {
    const { url } = await serve(() => undefined);
    server!.close();
    server!.closeAllConnections();
    server = undefined;
    await expect(createStatusReporter({ url, apiKey: KEY }).report(report)).rejects.toThrow(/failed: fetch failed: .*ECONNREFUSED/);
  });
});
