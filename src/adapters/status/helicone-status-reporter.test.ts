import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { StatusReport } from '../../shared/types';
import { createStatusReporter, verifyStatusSignature } from './helicone-status-reporter';

const report: StatusReport = {
  integrationId: 'abc',
  repo: 'acme/app',
  state: 'awaiting_review',
  message: 'Review PR v1 is ready',
  attempt: 1,
  reviewPrUrl: 'https://example.com/pr/1',
  timestamp: '2026-11-25T10:00:00.000Z',
};

let server: http.Server | undefined;
afterEach(() => server?.close());

async function serve(handler: http.RequestListener): Promise<string> {
  server = http.createServer(handler);
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/status`;
}

describe('createStatusReporter', () => {
  it('is a disabled no-op without a URL', async () => {
    const r = createStatusReporter({});
    expect(r.enabled).toBe(false);
    await expect(r.report(report)).resolves.toBeUndefined();
  });

  it('POSTs the report as JSON with bearer auth and a verifiable signature', async () => {
    const seen: { body: string; headers: http.IncomingHttpHeaders }[] = [];
    const url = await serve((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        seen.push({ body, headers: req.headers });
        res.writeHead(200).end('ok');
      });
    });
    await createStatusReporter({ url, apiKey: 'sk-helicone-test' }).report(report);
    expect(seen).toHaveLength(1);
    const { body, headers } = seen[0]!;
    expect(JSON.parse(body)).toEqual(report);
    expect(headers['content-type']).toBe('application/json');
    expect(headers.authorization).toBe('Bearer sk-helicone-test');
    expect(headers['helicone-timestamp']).toBe(report.timestamp);
    expect(verifyStatusSignature(body, report.timestamp, String(headers['helicone-signature']), 'sk-helicone-test')).toBe(true);
    expect(verifyStatusSignature(body, report.timestamp, String(headers['helicone-signature']), 'other-secret')).toBe(false);
    expect(verifyStatusSignature(`${body} `, report.timestamp, String(headers['helicone-signature']), 'sk-helicone-test')).toBe(false);
  });

  it('signs with the separate signing secret when one is set', async () => {
    let sig = '';
    let body = '';
    const url = await serve((req, res) => {
      sig = String(req.headers['helicone-signature']);
      req.on('data', (c) => (body += c));
      req.on('end', () => res.writeHead(204).end());
    });
    await createStatusReporter({ url, apiKey: 'key', signingSecret: 'whsec' }).report(report);
    expect(verifyStatusSignature(body, report.timestamp, sig, 'whsec')).toBe(true);
  });

  it('throws a clear error on a non-2xx answer, without the key', async () => {
    const url = await serve((_req, res) => res.writeHead(500).end('boom for sk-helicone-secret'));
    const err = await createStatusReporter({ url, apiKey: 'sk-helicone-secret' }).report(report).catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toMatch(/HTTP 500/);
    expect((err as Error).message).not.toContain('sk-helicone-secret');
  });

  it('times out on an endpoint that never answers', async () => {
    const url = await serve(() => undefined);
    await expect(createStatusReporter({ url, timeoutMs: 200 }).report(report)).rejects.toThrow(/timed out/);
  });
});
