import { INTEGRATION_STATES } from '../../shared/types';
import { html, type Html } from '../html';
import type { IntegrationRow, ListFilter } from '../integrations-source';
import { age, stateBadge } from './layout';

export function listPage(
  rows: IntegrationRow[],
  filter: ListFilter,
  temporalUi: (id: string) => string,
  snapshot: string,
  opts: { csrf: string; next?: string; page?: string; pageSize: number },
): Html {
  const cost = (r: IntegrationRow) => (r.status?.attempts ?? []).reduce((sum, a) => sum + (a.agent?.costUsd ?? 0), 0);
  const query = (extra: Record<string, string | undefined>) => {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries({ state: filter.state, q: filter.search, ...extra })) if (v) q.set(k, v);
    const s = q.toString();
    return s ? `/?${s}` : '/';
  };
  const reviewable = rows.filter((r) => r.state === 'awaiting_review').length;
  return html`
<section class="list" data-live="list" data-snapshot="${snapshot}">
  <form class="filters" method="get" action="/">
    <label>State <select name="state">
      <option value="">all</option>
      ${INTEGRATION_STATES.map((s) => html`<option value="${s}" ${filter.state === s ? html`selected` : ''}>${s}</option>`)}
    </select></label>
    <label>Repository <input type="search" name="q" value="${filter.search ?? ''}" placeholder="owner/name"></label>
    <button type="submit">Filter</button>
  </form>
  <form id="bulk" method="post" action="/bulk-review" class="bulk">
    <input type="hidden" name="csrf" value="${opts.csrf}">
    <input type="hidden" name="back" value="${query({ page: opts.page })}">
    <span class="note">Selected integrations awaiting review (${reviewable} on this page):</span>
    <button type="submit" name="decision" value="approve" data-action="bulk-approve" data-confirm="Approve the selected integrations? Each opens a pull request upstream.">Approve selected</button>
    <button type="submit" name="decision" value="reject" data-action="bulk-reject" data-confirm="Reject the selected integrations without feedback? This ends them.">Reject selected</button>
  </form>
  <table class="rows">
    <thead><tr><th><input type="checkbox" data-role="select-all" aria-label="Select all awaiting review"></th><th>State</th><th>Repository</th><th>Attempt</th><th>Age</th><th>Cost</th><th>Upstream PR</th><th>Links</th></tr></thead>
    <tbody>
    ${rows.length === 0 ? html`<tr><td colspan="8" class="empty">No integrations${filter.state ? html` in state ${filter.state}` : ''}${filter.search ? html` matching “${filter.search}”` : ''}.</td></tr>` : ''}
    ${rows.map(
      (r) => html`<tr data-workflow-id="${r.workflowId}" data-state="${r.state}">
        <td>${r.state === 'awaiting_review' ? html`<input type="checkbox" name="id" value="${r.workflowId}" form="bulk" aria-label="Select ${r.status?.repo ?? r.workflowId}">` : ''}</td>
        <td>${stateBadge(r.state)}</td>
        <td><a href="/integrations/${encodeURIComponent(r.workflowId)}" data-role="open">${r.status?.repo ?? r.repository ?? r.workflowId}</a></td>
        <td>${r.status ? `v${r.status.attempt} of ${r.status.maxAttempts}` : '–'}</td>
        <td><time datetime="${r.startedAt.toISOString()}" title="${r.startedAt.toISOString()}">${age(r.startedAt)}</time></td>
        <td>${cost(r) > 0 ? `$${cost(r).toFixed(2)}` : '–'}</td>
        <td data-role="upstream">${r.upstream ? r.upstream.replace('_', ' ') : '–'}</td>
        <td class="links">
          ${r.status?.reviewPrUrl ? html`<a href="${r.status.reviewPrUrl}" rel="noreferrer">review PR</a>` : ''}
          ${r.status?.finalPrUrl ? html`<a href="${r.status.finalPrUrl}" rel="noreferrer">final PR</a>` : ''}
          <a href="${temporalUi(r.workflowId)}" rel="noreferrer">Temporal</a>
        </td>
      </tr>`,
    )}
    </tbody>
  </table>
  <nav class="pager">
    ${opts.page ? html`<a href="${query({})}" data-role="first-page">First page</a>` : ''}
    ${opts.next ? html`<a href="${query({ page: opts.next })}" data-role="next-page" rel="next">Next ${opts.pageSize}</a>` : ''}
  </nav>
  <p class="shortcuts note" data-role="shortcuts">Keys: <kbd>j</kbd>/<kbd>k</kbd> next/previous row, <kbd>Enter</kbd> open, <kbd>x</kbd> select, <kbd>a</kbd> approve, <kbd>r</kbd> reject (the selected rows, or the current one; asks first).</p>
</section>`;
}
