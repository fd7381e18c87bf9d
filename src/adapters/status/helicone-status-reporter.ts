/**
 * Reports integration state changes to HELICONE_API_URL as signed JSON. The signature is HMAC-SHA256 over
 * `<timestamp>.<body>` (the exact bytes sent), hex-encoded in `Helicone-Signature: sha256=<hex>`, with the timestamp
 * in `Helicone-Timestamp`; signing the timestamp too lets a receiver refuse replays of old reports.
 * Retries are the Temporal activity's job; this sends exactly one request.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { StatusReport } from '../../shared/types';

export interface StatusReporter {
  enabled: boolean;
  report(r: StatusReport): Promise<void>;
}

export interface StatusReporterOptions {
  url?: string;
  apiKey?: string;
  /** HMAC key; defaults to the API key. */
  signingSecret?: string;
  fetchImpl?: typeof fetch;
  timeoutMs?: number;
}

export function signStatusBody(body: string, timestamp: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** For receivers: checks a report's signature in constant time. */
export function verifyStatusSignature(body: string, timestamp: string, signature: string, secret: string): boolean {
  const expected = Buffer.from(signStatusBody(body, timestamp, secret));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

export function createStatusReporter(opts: StatusReporterOptions): StatusReporter {
  const { url } = opts;
  if (!url) return { enabled: false, report: async () => undefined };
  const doFetch = opts.fetchImpl ?? fetch;
  const secret = opts.signingSecret ?? opts.apiKey;
  const secrets = [opts.apiKey, opts.signingSecret].filter((s): s is string => !!s);
  return {
    enabled: true,
    async report(r: StatusReport) {
      const body = JSON.stringify(r);
      const headers: Record<string, string> = { 'Content-Type': 'application/json', 'Helicone-Timestamp': r.timestamp };
      if (opts.apiKey) headers.Authorization = `Bearer ${opts.apiKey}`;
      if (secret) headers['Helicone-Signature'] = signStatusBody(body, r.timestamp, secret);
      let res: Response;
      try {
        res = await doFetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000) });
      } catch (err) {
        const why = err instanceof Error && err.name === 'TimeoutError' ? 'timed out' : String((err as Error)?.message ?? err);
        throw new Error(`Status report to ${url} failed: ${scrub(why, secrets)}`);
      }
      if (!res.ok) {
        const text = (await res.text().catch(() => '')).slice(0, 200);
        throw new Error(`Status report to ${url} failed: HTTP ${res.status} ${scrub(text, secrets)}`.trim());
      }
    },
  };
}

function scrub(text: string, secrets: string[]): string {
  return secrets.reduce((t, s) => t.split(s).join('***'), text);
}
