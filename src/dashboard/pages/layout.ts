import { assetUrl } from '../assets';
import { html, type Html } from '../html';

export interface LayoutOptions {
  reviewer?: string;
  /** With a CSRF token the header has a sign-out button. */
  csrf?: string;
  /** Load diff2html (996 KiB): only pages that show a diff. */
  diff?: boolean;
  /** Reload the page after this many seconds (the Temporal-unreachable page retries by itself). */
  refreshSeconds?: number;
}

export function layout(title: string, body: Html, opts: LayoutOptions = {}): string {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
${opts.refreshSeconds ? html`<meta http-equiv="refresh" content="${opts.refreshSeconds}">` : ''}
<title>${title} · Helicone integrations</title>
${opts.diff ? html`<link rel="stylesheet" href="${assetUrl('diff2html.min.css')}">` : ''}
<link rel="stylesheet" href="${assetUrl('app.css')}">
${opts.diff ? html`<script src="${assetUrl('diff2html-ui.min.js')}" defer></script>` : ''}
<script src="${assetUrl('app.js')}" defer></script>
</head>
<body>
<header class="top">
  <a class="brand" href="/">Helicone integrations</a>
  <nav><a href="/">Integrations</a> <a href="/inbox">Inbox</a> <a href="/campaigns">Campaigns</a> <a href="/discoveries">Discoveries</a></nav>
  ${
    opts.reviewer
      ? html`<span class="who">Signed in as <strong data-role="reviewer">${opts.reviewer}</strong>${
          opts.csrf
            ? html` <form method="post" action="/logout" class="inline"><input type="hidden" name="csrf" value="${opts.csrf}"><button type="submit" data-role="sign-out">Sign out</button></form>`
            : ''
        }</span>`
      : ''
  }
</header>
<main id="main">${body}</main>
</body>
</html>`.value;
}

/** An ISO time shown in the reader's local time by app.js (the ISO text stays as the no-script fallback). */
export function time(iso: string | Date): Html {
  const value = typeof iso === 'string' ? iso : iso.toISOString();
  return html`<time datetime="${value}" data-local>${value}</time>`;
}

/** A page for an error: what happened, and a way back. */
export function errorPage(
  status: number,
  message: string,
  back: { href: string; label: string } = { href: '/', label: 'Back to the integrations' },
  title?: string,
): Html {
  return html`
<section class="error-page" data-status="${status}">
  <h1>${title ?? (status === 404 ? 'Not found' : status === 409 ? 'Already decided' : status === 403 ? 'Refused' : status === 503 ? 'Temporal is unreachable' : 'Error')}</h1>
  <p class="error" data-role="error-message">${message}</p>
  <p><a href="${back.href}" data-role="back">${back.label}</a></p>
</section>`;
}

export function stateBadge(state: string): Html {
  return html`<span class="badge state-${state.replace(/[^a-z_]/g, '')}" data-role="state">${state}</span>`;
}

export function age(from: Date | string, now = new Date()): string {
  const ms = now.getTime() - new Date(from).getTime();
  const m = Math.floor(ms / 60_000);
  if (m < 1) return 'just now';
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h} h`;
  return `${Math.floor(h / 24)} d`;
}
