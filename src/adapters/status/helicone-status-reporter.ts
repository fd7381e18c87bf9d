/**
 * Sends integration state changes to HELICONE_API_URL. Helicone has no endpoint for this, so this file defines the
 * contract, one request per state change:
 *
 *   POST <HELICONE_API_URL>
 *   Content-Type: application/json
 *   Authorization: Bearer <HELICONE_API_KEY>              (only when a key is configured)
 *   Helicone-Timestamp: <report.timestamp>                (ISO 8601, the same value as in the body)
 *   Helicone-Signature: sha256=<hex>                      (only when a key or signing secret is configured)
 *   <body: JSON.stringify(StatusReport), UTF-8>
 *
 * Signature: hex HMAC-SHA256, keyed with HELICONE_STATUS_SIGNING_SECRET (default: HELICONE_API_KEY), over the UTF-8
 * bytes of `<Helicone-Timestamp> + "." + <raw body>`. Covering the timestamp lets a receiver refuse replays of old
 * reports (compare it with its clock); receivers must verify the raw body bytes, not re-serialised JSON.
 * `verifyStatusSignature` is the reference check.
 *
 * One attempt per call: retries belong to the Temporal activity's retry policy, which also keeps them durable.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { StatusReport } from '../../shared/types';

export interface StatusReporter {
  /** False when no URL is configured; `report` is then a no-op. */
  enabled: boolean;
  report(r: StatusReport): Promise<void>;
}

export interface StatusReporterOptions {
  url?: string;
  apiKey?: string;
  /** HMAC key; defaults to the API key. */
  signingSecret?: string;
  fetchImpl?: typeof fetch;
  /** Per-request timeout in milliseconds (default 10 s), covering the response body too. */
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 10_000;
/** How much of an error response to quote: enough to diagnose, not enough to flood a log or workflow history. */
const MAX_ERROR_TEXT = 200;

/** The `Helicone-Signature` value for a body and timestamp. */
export function signStatusBody(body: string | Buffer, timestamp: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex')}`;
}

/**
 * For receivers: true when `signature` (the `Helicone-Signature` header) matches the raw `body` and the
 * `Helicone-Timestamp` header. Constant-time comparison, so the check does not leak how much of a guess was right.
 */
export function verifyStatusSignature(body: string | Buffer, timestamp: string, signature: string, secret: string): boolean {
  const expected = Buffer.from(signStatusBody(body, timestamp, secret));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

export function createStatusReporter(opts: StatusReporterOptions): StatusReporter {
  const { url } = opts;
  if (!url) return { enabled: false, report: async () => undefined };
  const doFetch = opts.fetchImpl ?? fetch;
  const secret = opts.signingSecret || opts.apiKey;
  const secrets = [opts.apiKey, opts.signingSecret].filter((s): s is string => !!s);
  const where = describeUrl(url);
  // Every message leaves through here, so no path (server echo, fetch error, URL) can carry a key.
  const failure = (detail: string) => new Error(scrub(`Status report to ${where} failed: ${detail}`, secrets));

  return {
    enabled: true,
    async report(r: StatusReport) {
      const body = JSON.stringify(r);
      const headers: Record<string, string> = { 'Content-Type': 'application/json', 'Helicone-Timestamp': r.timestamp };
      if (opts.apiKey) headers.Authorization = `Bearer ${opts.apiKey}`;
      if (secret) headers['Helicone-Signature'] = signStatusBody(body, r.timestamp, secret);
      const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
      const signal = AbortSignal.timeout(timeoutMs);

      let res: Response;
      try {
        // No redirects: following one would resend the bearer key and the signed body to a URL nobody configured.
        res = await doFetch(url, { method: 'POST', headers, body, signal, redirect: 'manual' });
      } catch (err) {
        throw failure(isTimeout(err) ? `timed out after ${timeoutMs} ms` : errorText(err));
      }
      if (res.status >= 200 && res.status < 300) {
        await res.body?.cancel().catch(() => undefined); // free the connection; the answer's content is not used
        return;
      }
      let text = '';
      try {
        text = (await res.text()).replace(/\s+/g, ' ').trim();
      } catch (err) {
        text = isTimeout(err) ? `(response body timed out after ${timeoutMs} ms)` : '';
      }
      if (text.length > MAX_ERROR_TEXT) text = `${text.slice(0, MAX_ERROR_TEXT)}…`;
      const location = res.headers.get('location');
      throw failure(
        `HTTP ${res.status}${location ? ` (redirect to ${describeUrl(location, url)}, not followed)` : ''}${text ? `: ${text}` : ''}`,
      );
    },
  };
}

/** AbortSignal.timeout aborts with a DOMException named TimeoutError (an Error subclass in Node). */
function isTimeout(err: unknown): boolean {
  return err instanceof Error && err.name === 'TimeoutError';
}

/** fetch's own message is just "fetch failed"; the useful part (ECONNREFUSED, DNS) is in its cause. */
function errorText(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const cause = err.cause instanceof Error ? `: ${err.cause.message}` : '';
  return `${err.message}${cause}`;
}

/** The URL without credentials or query string, which may carry tokens. */
function describeUrl(raw: string, base?: string): string {
  try {
    const u = new URL(raw, base);
    return `${u.origin}${u.pathname}`;
  } catch {
    return '(invalid URL)';
  }
}

function scrub(text: string, secrets: string[]): string {
  return secrets.reduce((t, s) => t.split(s).join('***'), text);
}
