/**
 * GitHub's webhook signature: `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body keyed with the secret>`.
 * Checked over the exact bytes received (re-serialised JSON would differ) and compared in constant time, so the
 * answer's timing says nothing about how much of a forged signature was right. Node's crypto, not a library:
 * @octokit/webhooks-methods is not installed, and this is the whole of what it would do here.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export type SignatureCheck = { ok: true } | { ok: false; reason: 'unsigned' | 'malformed' | 'mismatch' };

const HEADER_RE = /^sha256=([0-9a-f]{64})$/i;

export function verifySignature(secret: string, rawBody: Buffer, header: string | undefined): SignatureCheck {
  if (!header) return { ok: false, reason: 'unsigned' };
  const m = HEADER_RE.exec(header.trim());
  if (!m) return { ok: false, reason: 'malformed' };
  const expected = createHmac('sha256', secret).update(rawBody).digest();
  // Both are 32 bytes by the regular expression, as timingSafeEqual requires.
  return timingSafeEqual(expected, Buffer.from(m[1]!, 'hex')) ? { ok: true } : { ok: false, reason: 'mismatch' };
}

/** The header GitHub would send for this body (for tests and for replaying a delivery by hand). */
export function signatureHeader(secret: string, rawBody: Buffer | string): string {
  return `sha256=${createHmac('sha256', secret).update(rawBody).digest('hex')}`;
}
