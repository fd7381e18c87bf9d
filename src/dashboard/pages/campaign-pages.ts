/** Campaign pages: the list, and one campaign's progress (states, upstream PRs, limits) with its controls. */
import { burndownSeries, PR_STATES } from '../burndown';
import { burndownFigure, stateSwatch, STATE_LABELS } from '../burndown-chart';
import type { CampaignView, WorkflowListRow } from '../campaigns-source';
import { html, type Html } from '../html';
import { age, stateBadge } from './layout';

export function campaignsListPage(rows: WorkflowListRow[]): Html {
  return html`
<section class="list">
  <h1>Campaigns</h1>
  <table>
    <thead><tr><th>Campaign</th><th>Started</th><th>Running</th></tr></thead>
    <tbody>
    ${rows.length === 0 ? html`<tr><td colspan="3" class="empty">No campaigns. Start one with <code>npm run campaign</code>.</td></tr>` : ''}
    ${rows.map((r) => html`<tr><td><a href="/campaigns/${encodeURIComponent(r.workflowId)}">${r.workflowId}</a></td><td>${age(r.startedAt)}</td><td>${r.running ? 'yes' : 'no'}</td></tr>`)}
    </tbody>
  </table>
</section>`;
}

export function campaignPage(workflowId: string, view: CampaignView, csrf: string, temporalUi: string, now = new Date()): Html {
  const { status } = view;
  const byState = new Map<string, number>();
  for (const s of view.states.values()) byState.set(s, (byState.get(s) ?? 0) + 1);
  const series = burndownSeries(view.prs, now.getTime());
  const phase = status.cancelled ? 'cancelled' : status.phase;
  const control = (action: string, label: string) =>
    html`<form method="post" action="/campaigns/${encodeURIComponent(workflowId)}/control" class="inline"><input type="hidden" name="csrf" value="${csrf}"><input type="hidden" name="action" value="${action}"><button type="submit" data-action="${action}">${label}</button></form>`;
  return html`
<section class="campaign" data-campaign="${workflowId}">
  <h1>${workflowId} <span class="badge" data-role="phase">${phase}</span></h1>
  <p class="meta">Limits: ${status.limits.concurrency} at a time, ${status.limits.prsPerHour} per hour, ${status.limits.prsPerDay} per day · <a href="${temporalUi}" rel="noreferrer">Temporal</a></p>
  <div class="controls">
    ${status.phase === 'done' || status.cancelled ? '' : html`${status.paused ? control('resume', 'Resume') : control('pause', 'Pause')} ${control('cancel', 'Cancel campaign')}`}
  </div>
  <h2>Repositories by state</h2>
  <ul class="counts" data-role="state-counts">${[...byState].sort().map(([s, n]) => html`<li data-state="${s}">${stateBadge(s)} <strong>${n}</strong></li>`)}</ul>
  <h2>Pull requests upstream</h2>
  <ul class="counts" data-role="upstream-counts">
    ${PR_STATES.map((s) => html`<li data-upstream="${s}">${stateSwatch(s)} ${STATE_LABELS[s]} <strong>${series.now[s]}</strong></li>`)}
  </ul>
  ${burndownFigure(series, `Upstream pull requests of ${workflowId} over time`)}
  <table>
    <thead><tr><th>State</th><th>Repository</th><th>Upstream PR</th><th>Started</th></tr></thead>
    <tbody>
    ${status.rows.map(
      (r) => html`<tr data-workflow-id="${r.workflowId}">
        <td>${stateBadge(view.states.get(r.workflowId) ?? r.state)}</td>
        <td>${r.startedAt ? html`<a href="/integrations/${encodeURIComponent(r.workflowId)}">${r.repo}</a>` : r.repo}${r.note ? html` <span class="note">${r.note}</span>` : ''}</td>
        <td>${view.upstream.get(r.workflowId) ?? '–'}</td>
        <td>${r.startedAt ? age(r.startedAt) : '–'}</td>
      </tr>`,
    )}
    </tbody>
  </table>
</section>`;
}
