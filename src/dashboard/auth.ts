/**
 * Sign-in, sessions, CSRF and the request checks that keep the dashboard's own origin its own.
 *
 * Who a reviewer is, strongest first: the user header of an authenticating proxy (DASHBOARD_AUTH_HEADER, honoured
 * only with DASHBOARD_TRUST_PROXY); a named reviewer token (DASHBOARD_REVIEWERS_FILE, `name:sha256-hex` lines, the
 * name comes from the file); the shared DASHBOARD_TOKEN (the reviewer types a name: weaker, anyone with the token can
 * sign in as anyone). Without any of them (loopback only) everyone is the local reviewer.
 *
 * Sessions are `payload.signature` cookies: the payload holds a random session id, the reviewer and the expiry, the
 * signature is an HMAC with DASHBOARD_SECRET (random per process when unset). Signing out revokes the session id
 * server-side until it would have expired anyway. Every state-changing request carries a CSRF token bound to the
 * session and must come from an allowed origin; every request must name an allowed Host (no DNS rebinding).
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import type http from 'node:http';
import path from 'node:path';
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
  private readonly secret: Buffer;
  private readonly ttlMs: number;
  /** Signed-out session ids, each kept until the session would have expired. */
  private readonly revoked = new Map<string, number>();
  private readonly now: () => number;

  constructor(private readonly opts: AuthOptions) {
    this.secret = opts.secret ? Buffer.from(opts.secret) : randomBytes(32);
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

  sessionCookie(reviewer: string, via: Session['via'], req: http.IncomingMessage): string {
    const payload = Buffer.from(
      JSON.stringify({ i: randomBytes(16).toString('base64url'), r: reviewer, e: this.now() + this.ttlMs, v: via }),
    ).toString('base64url');
    return `${COOKIE}=${payload}.${this.sign(`session:${payload}`)}; ${this.cookieAttributes(req)}; Max-Age=${Math.floor(this.ttlMs / 1000)}`;
  }

  clearCookie(req: http.IncomingMessage): string {
    return `${COOKIE}=; ${this.cookieAttributes(req)}; Max-Age=0`;
  }

  /** Ends a session: its id is refused until the session would have expired. */
  revoke(session: Session): void {
    if (session.via === 'local' || session.via === 'proxy') return;
    const now = this.now();
    for (const [id, exp] of this.revoked) if (exp <= now) this.revoked.delete(id);
    this.revoked.set(session.id, session.expiresAt);
  }

  /** The signed-in session, the implicit local one when no sign-in is configured, or undefined. */
  session(req: http.IncomingMessage): Session | undefined {
    if (!this.required) return { id: 'local', reviewer: 'local reviewer', expiresAt: Number.MAX_SAFE_INTEGER, via: 'local' };
    const header = this.proxyHeader;
    if (header) {
      const user = req.headers[header];
      const name = (Array.isArray(user) ? user[0] : user)?.trim().slice(0, 100);
      if (name) return { id: `proxy:${name}`, reviewer: name, expiresAt: Number.MAX_SAFE_INTEGER, via: 'proxy' };
    }
    const raw = parseCookies(req.headers.cookie ?? '')[COOKIE];
    if (!raw) return undefined;
    const [payload = '', sig = ''] = raw.split('.');
    if (!payload || !safeEqual(sig, this.sign(`session:${payload}`))) return undefined;
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
  isSecure(req: http.IncomingMessage): boolean {
    if (this.opts.publicUrl?.startsWith('https:')) return true;
    const proto = req.headers['x-forwarded-proto'];
    return !!this.opts.trustProxy && (Array.isArray(proto) ? proto[0] : proto)?.split(',')[0]?.trim() === 'https';
  }

  private cookieAttributes(req: http.IncomingMessage): string {
    return `HttpOnly; SameSite=Strict; Path=/${this.isSecure(req) ? '; Secure' : ''}`;
  }

  private sign(value: string): string {
    return createHmac('sha256', this.secret).update(value).digest('base64url');
  }
}

/**
 * The Host values the dashboard answers to: the loopback names with the port it listens on, the listening address
 * itself when it is a literal IP (an IP cannot be rebound), and DASHBOARD_PUBLIC_URL's host. A page served under any
 * other name (DNS rebinding: evil.test resolving to 127.0.0.1) is refused before it can read a CSRF token.
 */
export function allowedHosts(port: number, listenHost: string, publicUrl?: string): Set<string> {
  const hosts = new Set<string>();
  const withPort = (h: string) => {
    hosts.add(`${h}:${port}`);
    if (port === 80) hosts.add(h);
  };
  ['127.0.0.1', 'localhost', '[::1]'].forEach(withPort);
  if (/^[\d.]+$/.test(listenHost) && listenHost !== '0.0.0.0') withPort(listenHost);
  else if (listenHost.includes(':') && listenHost !== '::') withPort(`[${listenHost}]`);
  if (publicUrl) hosts.add(new URL(publicUrl).host.toLowerCase());
  return hosts;
}

export function hostAllowed(req: http.IncomingMessage, allowed: Set<string>): boolean {
  const host = req.headers.host?.toLowerCase();
  return !!host && allowed.has(host);
}

/**
 * True when a state-changing request comes from an allowed origin (browsers send Origin on POST; Referer as a
 * fallback). Compared with the allow-list, never with the request's own Host, which a rebinding page controls.
 */
export function originAllowed(req: http.IncomingMessage, allowed: Set<string>): boolean {
  const source = req.headers.origin ?? req.headers.referer;
  if (!source) return true; // not a browser cross-site request; the CSRF token still applies
  try {
    return allowed.has(new URL(source).host.toLowerCase());
  } catch {
    return false;
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

function parseCookies(header: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of header.split(';')) {
    const i = part.indexOf('=');
    if (i > 0) out[part.slice(0, i).trim()] = part.slice(i + 1).trim();
  }
  return out;
}
