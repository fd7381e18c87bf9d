import { html, type Html } from '../html';

export function layout(title: string, body: Html, opts: { reviewer?: string; csrf?: string } = {}): string {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · Helicone integrations</title>
<link rel="stylesheet" href="/static/diff2html.min.css">
<link rel="stylesheet" href="/static/app.css">
<script src="/static/diff2html-ui.min.js" defer></script>
<script src="/static/app.js" defer></script>
</head>
<body>
<header class="top">
  <a class="brand" href="/">Helicone integrations</a>
  <nav><a href="/">Integrations</a> <a href="/campaigns">Campaigns</a> <a href="/discoveries">Discoveries</a></nav>
  ${opts.reviewer ? html`<span class="who">Signed in as <strong>${opts.reviewer}</strong></span>` : ''}
</header>
<main id="main">${body}</main>
</body>
</html>`.value;
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
