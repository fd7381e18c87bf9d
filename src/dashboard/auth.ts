/**
 * Sign-in, sessions and the CSRF tokens bound to them.
 *
 * Who a reviewer is, strongest first: the user header of an authenticating proxy (DASHBOARD_AUTH_HEADER, honoured
 * only with DASHBOARD_TRUST_PROXY); a named reviewer token (DASHBOARD_REVIEWERS_FILE, `name:sha256-hex` lines, the
 * name comes from the file); the shared DASHBOARD_TOKEN (the reviewer types a name: weaker, anyone with the token can
 * sign in as anyone). Without any of them (loopback only) everyone is the local reviewer.
 *
 * Sessions are Hono signed cookies (`hono/cookie`: `payload.signature`, an HMAC-SHA256 with DASHBOARD_SECRET, random
 * per process when unset): the payload holds a random session id, the reviewer and the expiry. Signing out revokes
 * the session id server-side until it would have expired anyway. Every state-changing request carries a CSRF token
 * bound to the session and must come from an allowed origin; every request must name an allowed Host (no DNS
 * rebinding). Those request checks are Hono middleware, in guards.ts.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Context } from 'hono';
import { getSignedCookie } from 'hono/cookie';
import { serializeSigned } from 'hono/utils/cookie';
import type { Config } from '../shared/config';
import { requireDurationMs } from '../shared/duration';

export interface Session {
  /** Random per sign-in; what revocation and CSRF tokens are keyed by. */
  id: string;
  reviewer: string;
  /** Epoch ms. */
  expiresAt: number;
  /** How the reviewer proved who they are (shown in the header; `proxy` sessions have no cookie to sign out of). */
  via: 'local' | 'shared-token' | 'reviewer-token' | 'proxy';
}

export interface Reviewer {
  name: string;
  /** SHA-256 of the reviewer's token. */
  tokenHash: Buffer;
}

export interface AuthOptions {
  /** Shared sign-in token (DASHBOARD_TOKEN): the reviewer types a name. Unset with no reviewers and no proxy: no sign-in. */
  token?: string;
  /** Named reviewer tokens (DASHBOARD_REVIEWERS_FILE): the sign-in form takes the token only. */
  reviewers?: Reviewer[];
  /** Key for cookie and CSRF signatures; random per process when unset (sessions end with the process). */
  secret?: string;
  /** Session lifetime (DASHBOARD_SESSION_TTL), default 12 hours. */
  sessionTtlMs?: number;
  /** The dashboard's public URL (DASHBOARD_PUBLIC_URL): its host is allowed, and https makes cookies Secure. */
  publicUrl?: string;
  /** Trust X-Forwarded-Proto and the auth header (DASHBOARD_TRUST_PROXY). */
  trustProxy?: boolean;
  /** Header naming the signed-in user, set by an authenticating proxy (DASHBOARD_AUTH_HEADER); needs trustProxy. */
  authHeader?: string;
  /** Clock, for tests. */
  now?: () => number;
}

export const COOKIE = 'hd_session';
export const DEFAULT_SESSION_TTL_MS = 12 * 60 * 60 * 1000;

export class DashboardAuth {
  private readonly secret: Uint8Array<ArrayBuffer>;
  private readonly ttlMs: number;
  /** Signed-out session ids, each kept until the session would have expired. */
  private readonly revoked = new Map<string, number>();
  private readonly now: () => number;

  constructor(private readonly opts: AuthOptions) {
    this.secret = new Uint8Array(opts.secret ? Buffer.from(opts.secret) : randomBytes(32));
    this.ttlMs = opts.sessionTtlMs ?? DEFAULT_SESSION_TTL_MS;
    this.now = opts.now ?? Date.now;
    if (opts.authHeader && !opts.trustProxy) throw new Error('DASHBOARD_AUTH_HEADER is honoured only with DASHBOARD_TRUST_PROXY=true');
  }

  /** Whether anyone must prove who they are (otherwise: loopback, the implicit local reviewer). */
  get required(): boolean {
    return !!this.opts.token || !!this.opts.reviewers?.length || !!this.proxyHeader;
  }

  /** What the sign-in form asks for: the token only (named reviewers), a name and the shared token, or nothing. */
  get loginMode(): 'named' | 'shared' | 'proxy' | 'none' {
    if (this.opts.reviewers?.length) return 'named';
    if (this.opts.token) return 'shared';
    return this.proxyHeader ? 'proxy' : 'none';
  }

  private get proxyHeader(): string | undefined {
    return this.opts.trustProxy && this.opts.authHeader ? this.opts.authHeader.toLowerCase() : undefined;
  }

  /**
   * Who a sign-in form names: a named reviewer's token gives that reviewer (the typed name is ignored); the shared
   * token gives the typed name. Undefined when the token is wrong (or the name is missing in shared mode).
   */
  signIn(form: { token: string; reviewer?: string }): string | undefined {
    if (this.opts.reviewers?.length) {
      const hash = createHash('sha256').update(form.token).digest();
      let found: string | undefined;
      // Every entry is compared, so the time taken does not tell which one matched.
      for (const r of this.opts.reviewers)
        if (r.tokenHash.length === hash.length && timingSafeEqual(r.tokenHash, hash) && !found) found = r.name;
      if (found) return found;
    }
    const reviewer = (form.reviewer ?? '').trim().slice(0, 100);
    if (this.opts.token && reviewer && safeEqual(form.token, this.opts.token)) return reviewer;
    return undefined;
  }

  /** Whether a sign-in used the shared DASHBOARD_TOKEN (kept working next to named reviewer tokens). */
  isSharedToken(token: string): boolean {
    return !!this.opts.token && safeEqual(token, this.opts.token);
  }

  /** The `Set-Cookie` value of a new session. */
  async sessionCookie(reviewer: string, via: Session['via'], c: Context): Promise<string> {
    const payload = Buffer.from(
      JSON.stringify({ i: randomBytes(16).toString('base64url'), r: reviewer, e: this.now() + this.ttlMs, v: via }),
    ).toString('base64url');
    // Hono signs and writes `name=value.signature` (no attributes given: its setCookie would add Path=/ first); the
    // attributes follow in the order the dashboard has always sent them.
    const signed = await serializeSigned(COOKIE, payload, this.secret);
    return `${signed}; ${this.cookieAttributes(c)}; Max-Age=${Math.floor(this.ttlMs / 1000)}`;
  }

  clearCookie(c: Context): string {
    return `${COOKIE}=; ${this.cookieAttributes(c)}; Max-Age=0`;
  }

  /** Ends a session: its id is refused until the session would have expired. */
  revoke(session: Session): void {
    if (session.via === 'local' || session.via === 'proxy') return;
    const now = this.now();
    for (const [id, exp] of this.revoked) if (exp <= now) this.revoked.delete(id);
    this.revoked.set(session.id, session.expiresAt);
  }

  /** The signed-in session, the implicit local one when no sign-in is configured, or undefined. */
  async session(c: Context): Promise<Session | undefined> {
    if (!this.required) return { id: 'local', reviewer: 'local reviewer', expiresAt: Number.MAX_SAFE_INTEGER, via: 'local' };
    const header = this.proxyHeader;
    if (header) {
      const name = c.req.header(header)?.trim().slice(0, 100);
      if (name) return { id: `proxy:${name}`, reviewer: name, expiresAt: Number.MAX_SAFE_INTEGER, via: 'proxy' };
    }
    // undefined without the cookie, false when its signature does not verify.
    const payload = await getSignedCookie(c, this.secret, COOKIE);
    if (!payload) return undefined;
    let data: { i?: unknown; r?: unknown; e?: unknown; v?: unknown };
    try {
      data = JSON.parse(Buffer.from(payload, 'base64url').toString()) as typeof data;
    } catch {
      return undefined;
    }
    if (typeof data.i !== 'string' || typeof data.r !== 'string' || typeof data.e !== 'number' || !data.r) return undefined;
    if (data.e <= this.now() || this.revoked.has(data.i)) return undefined;
    const via = data.v === 'reviewer-token' ? 'reviewer-token' : 'shared-token';
    return { id: data.i, reviewer: data.r, expiresAt: data.e, via };
  }

  csrfToken(session: Session): string {
    return this.sign(`csrf:${session.id}:${session.reviewer}`);
  }

  checkCsrf(session: Session, given: string | undefined): boolean {
    return !!given && safeEqual(given, this.csrfToken(session));
  }

  /** True when the request arrived over HTTPS: DASHBOARD_PUBLIC_URL is https, or a trusted proxy says so. */
  isSecure(c: Context): boolean {
    if (this.opts.publicUrl?.startsWith('https:')) return true;
    return !!this.opts.trustProxy && c.req.header('x-forwarded-proto')?.split(',')[0]?.trim() === 'https';
  }

  private cookieAttributes(c: Context): string {
    return `HttpOnly; SameSite=Strict; Path=/${this.isSecure(c) ? '; Secure' : ''}`;
  }

  private sign(value: string): string {
    return createHmac('sha256', this.secret).update(value).digest('base64url');
  }
}

/** The dashboard's sign-in settings from the service configuration (reads DASHBOARD_REVIEWERS_FILE). */
export function authOptionsFromConfig(config: Config, cwd = process.cwd()): AuthOptions {
  return {
    token: config.DASHBOARD_TOKEN,
    secret: config.DASHBOARD_SECRET,
    sessionTtlMs: requireDurationMs(config.DASHBOARD_SESSION_TTL, 'DASHBOARD_SESSION_TTL'),
    publicUrl: config.DASHBOARD_PUBLIC_URL,
    trustProxy: config.DASHBOARD_TRUST_PROXY,
    authHeader: config.DASHBOARD_AUTH_HEADER,
    ...(config.DASHBOARD_REVIEWERS_FILE ? { reviewers: loadReviewersFile(path.resolve(cwd, config.DASHBOARD_REVIEWERS_FILE)) } : {}),
  };
}

/** Reads DASHBOARD_REVIEWERS_FILE: `name:sha256-hex-of-token` lines; `#` comments and blank lines are skipped. */
export function loadReviewersFile(file: string): Reviewer[] {
  const text = fs.readFileSync(file, 'utf8');
  const reviewers: Reviewer[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    const l = line.trim();
    if (!l || l.startsWith('#')) return;
    const m = /^(.+):([0-9a-fA-F]{64})$/.exec(l);
    if (!m || !m[1]!.trim()) throw new Error(`DASHBOARD_REVIEWERS_FILE ${file}, line ${i + 1}: expected name:sha256-hex-of-token`);
    reviewers.push({ name: m[1]!.trim().slice(0, 100), tokenHash: Buffer.from(m[2]!, 'hex') });
  });
  if (!reviewers.length) throw new Error(`DASHBOARD_REVIEWERS_FILE ${file} names no reviewers`);
  return reviewers;
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
