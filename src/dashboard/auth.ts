/**
 * Sign-in, sessions and CSRF for the dashboard. A token (DASHBOARD_TOKEN) signs reviewers in; the session cookie is
 * HMAC-signed, HttpOnly and SameSite=Strict; every state-changing request carries a CSRF token bound to the session
 * and must come from the dashboard's own origin.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type http from 'node:http';

export interface Session {
  reviewer: string;
}

export interface AuthOptions {
  /** When unset (loopback only), everyone is the local reviewer and sign-in is skipped. */
  token?: string;
  /** Key for cookie and CSRF signatures; random per process when unset (sessions end with the process). */
  secret?: string;
}

const COOKIE = 'hd_session';
const LOCAL: Session = { reviewer: 'local reviewer' };

export class DashboardAuth {
  private readonly secret: Buffer;

  constructor(private readonly opts: AuthOptions) {
    this.secret = opts.secret ? Buffer.from(opts.secret) : randomBytes(32);
  }

  get required(): boolean {
    return !!this.opts.token;
  }

  checkToken(given: string): boolean {
    const expected = Buffer.from(this.opts.token ?? '');
    const got = Buffer.from(given);
    return expected.length > 0 && expected.length === got.length && timingSafeEqual(expected, got);
  }

  sessionCookie(reviewer: string): string {
    const value = `${Buffer.from(reviewer).toString('base64url')}.${this.sign(`session:${reviewer}`)}`;
    return `${COOKIE}=${value}; HttpOnly; SameSite=Strict; Path=/; Max-Age=43200`;
  }

  clearCookie(): string {
    return `${COOKIE}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0`;
  }

  /** The signed-in session, the implicit local one when no token is configured, or undefined. */
  session(req: http.IncomingMessage): Session | undefined {
    if (!this.required) return LOCAL;
    const raw = parseCookies(req.headers.cookie ?? '')[COOKIE];
    if (!raw) return undefined;
    const [name = '', sig = ''] = raw.split('.');
    const reviewer = Buffer.from(name, 'base64url').toString();
    return reviewer && safeEqual(sig, this.sign(`session:${reviewer}`)) ? { reviewer } : undefined;
  }

  csrfToken(session: Session): string {
    return this.sign(`csrf:${session.reviewer}`);
  }

  checkCsrf(session: Session, given: string | undefined): boolean {
    return !!given && safeEqual(given, this.csrfToken(session));
  }

  private sign(value: string): string {
    return createHmac('sha256', this.secret).update(value).digest('base64url');
  }
}

/** True when the request comes from our own origin (browsers send Origin on POST; Referer as a fallback). */
export function sameOrigin(req: http.IncomingMessage): boolean {
  const host = req.headers.host;
  const source = req.headers.origin ?? req.headers.referer;
  if (!source) return true; // not a browser cross-site request; the CSRF token still applies
  try {
    return new URL(source).host === host;
  } catch {
    return false;
  }
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function parseCookies(header: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of header.split(';')) {
    const i = part.indexOf('=');
    if (i > 0) out[part.slice(0, i).trim()] = part.slice(i + 1).trim();
  }
  return out;
}
