import { INTEGRATION_STATES } from '../../shared/types';
import { html, type Html } from '../html';
import type { IntegrationRow } from '../integrations-source';
import { age, stateBadge } from './layout';

export function listPage(
  rows: IntegrationRow[],
  filter: { state?: string; search?: string },
  temporalUi: (id: string) => string,
  snapshot: string,
): Html {
  const cost = (r: IntegrationRow) => (r.status?.attempts ?? []).reduce((sum, a) => sum + (a.agent?.costUsd ?? 0), 0);
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
  <table>
    <thead><tr><th>State</th><th>Repository</th><th>Attempt</th><th>Age</th><th>Cost</th><th>Links</th></tr></thead>
    <tbody>
    ${rows.length === 0 ? html`<tr><td colspan="6" class="empty">No integrations${filter.state ? html` in state ${filter.state}` : ''}.</td></tr>` : ''}
    ${rows.map(
      (r) => html`<tr data-workflow-id="${r.workflowId}">
        <td>${stateBadge(r.state)}</td>
        <td><a href="/integrations/${encodeURIComponent(r.workflowId)}">${r.status?.repo ?? r.workflowId}</a></td>
        <td>${r.status ? `v${r.status.attempt} of ${r.status.maxAttempts}` : '–'}</td>
        <td>${age(r.startedAt)}</td>
        <td>${cost(r) > 0 ? `$${cost(r).toFixed(2)}` : '–'}</td>
        <td class="links">
          ${r.status?.reviewPrUrl ? html`<a href="${r.status.reviewPrUrl}" rel="noreferrer">review PR</a>` : ''}
          ${r.status?.finalPrUrl ? html`<a href="${r.status.finalPrUrl}" rel="noreferrer">final PR</a>` : ''}
          <a href="${temporalUi(r.workflowId)}" rel="noreferrer">Temporal</a>
        </td>
      </tr>`,
    )}
    </tbody>
  </table>
</section>`;
}
