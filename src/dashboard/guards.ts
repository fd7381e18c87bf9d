/**
 * The checks every dashboard request passes before a route sees it: the Host allow-list (no DNS rebinding), the
 * security headers (`hono/secure-headers`), the origin of state-changing requests (`hono/csrf`), the session and the
 * CSRF token bound to it.
 */
import type { MiddlewareHandler } from 'hono';
import { csrf } from 'hono/csrf';
import { HTTPException } from 'hono/http-exception';
import { secureHeaders } from 'hono/secure-headers';
import type { DashboardAuth } from './auth';
import type { DashboardEnv } from './context';
import { errorResponse, form, seeOther } from './respond';

type Guard = MiddlewareHandler<DashboardEnv>;

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

/** The allowed Host values of the port a request arrived on (computed once per port: port 0 binds a random one). */
export function hostAllowList(listenHost: string, publicUrl?: string): (localPort: number) => Set<string> {
  const byPort = new Map<number, Set<string>>();
  return (port) => {
    let hosts = byPort.get(port);
    if (!hosts) byPort.set(port, (hosts = allowedHosts(port, listenHost, publicUrl)));
    return hosts;
  };
}

/** 421 for a Host outside the allow-list: a page on evil.test (resolving to 127.0.0.1) must not read or drive the dashboard. */
export function requireAllowedHost(allowedFor: (localPort: number) => Set<string>): Guard {
  return async (c, next) => {
    const allowed = allowedFor(c.env.incoming.socket.localPort ?? 0);
    const host = c.req.header('host')?.toLowerCase();
    if (host && allowed.has(host)) return next();
    return c.body(
      `Refused: this dashboard answers only to ${[...allowed].join(', ')}, not to Host "${c.req.header('host') ?? ''}".\n` +
        'If you reach it under another name (a proxy, a DNS name), set DASHBOARD_PUBLIC_URL to that URL.\n',
      421,
      { 'Content-Type': 'text/plain; charset=utf-8' },
    );
  };
}

/**
 * A strict Content-Security-Policy (the dashboard's own scripts and styles only, no inline script) and the other
 * security headers on every response, error pages and static files included. HSTS stays off: the dashboard may
 * be plain HTTP on loopback, and its public host's other subdomains are not the dashboard's to pin.
 */
export const securityHeaders: Guard = secureHeaders({
  contentSecurityPolicy: {
    defaultSrc: ["'none'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'"],
    imgSrc: ["'self'", 'data:'],
    connectSrc: ["'self'"],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
    baseUri: ["'none'"],
  },
  // same-origin, not no-referrer: with no-referrer browsers send "Origin: null" and the origin check fails.
  referrerPolicy: 'same-origin',
  xFrameOptions: 'DENY',
  strictTransportSecurity: false,
});

/** Pages are never cached (they show live state and CSRF tokens); a route that may be cached says so itself. */
export const noStore: Guard = async (c, next) => {
  await next();
  if (!c.res.headers.has('Cache-Control')) c.res.headers.set('Cache-Control', 'no-store');
};

/**
 * A state-changing request must come from an allowed origin: `hono/csrf` compares Origin (or a same-origin
 * Sec-Fetch-Site) with the Host allow-list, never with the request's own Host, which a rebinding page sets. Browsers
 * send Origin on every POST; without it Referer is compared instead, and a request with neither is not a browser's
 * cross-site request (the CSRF token still applies).
 */
export function requireSameOrigin(allowedFor: (localPort: number) => Set<string>): Guard {
  const allowed = (source: string, localPort: number | undefined): boolean => {
    try {
      return allowedFor(localPort ?? 0).has(new URL(source).host.toLowerCase());
    } catch {
      return false;
    }
  };
  const check = csrf({ origin: (origin, c) => allowed(origin, (c.env as DashboardEnv['Bindings']).incoming.socket.localPort) });
  const refused = (c: Parameters<Guard>[0]) => errorResponse(c, 403, 'Cross-site request refused');
  return async (c, next) => {
    if (c.req.header('origin') === undefined) {
      const referer = c.req.header('referer');
      return !referer || allowed(referer, c.env.incoming.socket.localPort) ? next() : refused(c);
    }
    try {
      return await check(c, next);
    } catch (err) {
      // hono/csrf answers a plain "Forbidden"; the dashboard's refusal says what was refused.
      if (err instanceof HTTPException && err.status === 403) return refused(c);
      throw err;
    }
  };
}

/**
 * The signed-in session (in `c.var.session`), or: a redirect to the sign-in page for a page, 401 for a form post or
 * an event stream (which cannot follow a redirect to a form).
 */
export function requireSession(auth: DashboardAuth): Guard {
  return async (c, next) => {
    const session = await auth.session(c);
    if (session) {
      c.set('session', session);
      return next();
    }
    if (c.req.method === 'GET' && !c.req.path.endsWith('/events')) return seeOther(c, '/login');
    return errorResponse(c, 401, 'Sign in first');
  };
}

/** The form's `csrf` field must be the token bound to the session (after requireSession and requireSameOrigin). */
export function requireCsrfToken(auth: DashboardAuth): Guard {
  return async (c, next) => {
    if (auth.checkCsrf(c.get('session'), (await form(c)).get('csrf') ?? undefined)) return next();
    return errorResponse(c, 403, 'Missing or invalid CSRF token');
  };
}
