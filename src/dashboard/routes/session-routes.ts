/** Sign-in and sign-out: the routes open to everyone (behind the Host check and, for posts, the origin check). */
import { Hono, type MiddlewareHandler } from 'hono';
import type { Dashboard, DashboardEnv } from '../context';
import { layout } from '../pages/layout';
import { loginPage } from '../pages/login-page';
import { errorResponse, form, htmlResponse, seeOther } from '../respond';

export function sessionRoutes(d: Dashboard, sameOrigin: MiddlewareHandler<DashboardEnv>): Hono<DashboardEnv> {
  const { auth } = d;
  const app = new Hono<DashboardEnv>();

  app.get('/login', (c) => htmlResponse(c, layout('Sign in', loginPage(auth.loginMode))));

  app.post('/login', sameOrigin, async (c) => {
    const fields = await form(c);
    if (!auth.required) return seeOther(c, '/');
    const token = fields.get('token') ?? '';
    const reviewer = auth.signIn({ token, reviewer: fields.get('reviewer') ?? undefined });
    if (!reviewer) {
      const why = auth.loginMode === 'named' ? 'Unknown reviewer token.' : 'Wrong token, or no name given.';
      return htmlResponse(c, layout('Sign in', loginPage(auth.loginMode, why)), 401);
    }
    const via = auth.loginMode === 'named' && !auth.isSharedToken(token) ? 'reviewer-token' : 'shared-token';
    c.header('Set-Cookie', await auth.sessionCookie(reviewer, via, c));
    return seeOther(c, '/');
  });

  app.post('/logout', sameOrigin, async (c) => {
    const current = await auth.session(c);
    if (current) {
      if (!auth.checkCsrf(current, (await form(c)).get('csrf') ?? undefined)) return errorResponse(c, 403, 'Missing or invalid CSRF token');
      auth.revoke(current);
    }
    c.header('Set-Cookie', auth.clearCookie(c));
    return seeOther(c, '/login');
  });

  return app;
}
