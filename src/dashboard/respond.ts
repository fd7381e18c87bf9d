/** The dashboard's responses: HTML pages, error pages that say what happened and link back, redirects, forms. */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Html } from './html';
import type { BackLink, DashboardEnv } from './context';
import { errorPage, layout } from './pages/layout';

type C = Context<DashboardEnv>;

/** An HTML document (a whole page, or the fragment a live view swaps in). */
export function htmlResponse(c: C, body: string, status: ContentfulStatusCode = 200, headers: Record<string, string> = {}): Response {
  return c.body(body, status, { 'Content-Type': 'text/html; charset=utf-8', ...headers });
}

/** A page inside the layout, with the signed-in reviewer in its header. */
export function page(c: C, title: string, body: Html, opts: Parameters<typeof layout>[2]): Response {
  return htmlResponse(c, layout(title, body, opts));
}

/** An error page: `message` under `title`, linking back to `back` or to where the route said (`c.var.back`). */
export function errorResponse(c: C, status: ContentfulStatusCode, message: string, back?: BackLink, title?: string): Response {
  const heading = title ?? (status === 404 ? 'Not found' : 'Error');
  return htmlResponse(c, layout(heading, errorPage(status, message, back ?? c.get('back'), title)), status);
}

/** 303 See Other: after a form, the browser GETs the next page. */
export function seeOther(c: C, location: string): Response {
  return c.redirect(location, 303);
}

/**
 * The request's form fields, in order and with repeated names (the bulk form's ids). Hono keeps the body once read,
 * so a route may look at the form before the handler it passes the request to; bodyLimit (app.ts) caps its size.
 */
export async function form(c: C): Promise<URLSearchParams> {
  return new URLSearchParams(await c.req.text());
}
