/** Discovery pages: the list of discoveries, and one discovery's ranked table (with reasons) and exclusions. */
import type { DiscoveryResult } from '../../shared/discovery-types';
import type { WorkflowListRow } from '../campaigns-source';
import { html, type Html } from '../html';
import { age } from './layout';

export function discoveriesListPage(rows: WorkflowListRow[]): Html {
  return html`
<section class="list">
  <h1>Discoveries</h1>
  <table>
    <thead><tr><th>Discovery</th><th>Started</th><th>Running</th></tr></thead>
    <tbody>
    ${rows.length === 0 ? html`<tr><td colspan="3" class="empty">No discoveries. Run <code>npm run discover</code>.</td></tr>` : ''}
    ${rows.map((r) => html`<tr><td><a href="/discoveries/${encodeURIComponent(r.workflowId)}">${r.workflowId}</a></td><td>${age(r.startedAt)}</td><td>${r.running ? 'yes' : 'no'}</td></tr>`)}
    </tbody>
  </table>
</section>`;
}

export function discoveryPage(workflowId: string, r: DiscoveryResult): Html {
  const q = r.query;
  return html`
<section class="discovery">
  <h1>${workflowId} <span class="badge" data-role="discovery-state">${r.state}</span></h1>
  <p class="meta">Query: ${q.query ?? 'default'}${q.language ? html` · ${q.language}` : ''} · at least ${q.minStars ?? 0} stars · top ${q.limit ?? '–'}</p>
  ${r.note ? html`<p class="note" data-role="note">${r.note}</p>` : ''}
  <table data-role="ranked">
    <thead><tr><th>#</th><th>Repository</th><th>Stars</th><th>Fit</th><th>Merge</th><th>Size</th><th>Overall</th><th>Why</th></tr></thead>
    <tbody>
    ${r.ranked.map(
      (x) => html`<tr data-repo="${x.owner}/${x.name}">
        <td>${x.rank}</td><td><a href="${x.url}" rel="noreferrer">${x.owner}/${x.name}</a>${x.language ? html` <span class="note">${x.language}</span>` : ''}</td>
        <td>${x.stars}</td><td>${x.fit.score}</td><td>${x.mergeLikelihood.score}</td><td>${x.changeSize.score}</td><td><strong>${x.overall.toFixed(1)}</strong> <span class="note">${x.rankedBy}</span></td>
        <td class="reasons"><p>${x.fit.reason}</p><p>${x.mergeLikelihood.reason}</p><p>${x.changeSize.reason}</p></td>
      </tr>`,
    )}
    </tbody>
  </table>
  <h2>Excluded (${r.excluded.length})</h2>
  <table data-role="excluded">
    <thead><tr><th>Repository</th><th>Rule</th><th>Why</th></tr></thead>
    <tbody>${r.excluded.map((e) => html`<tr data-repo="${e.owner}/${e.name}"><td>${e.owner}/${e.name}</td><td><code>${e.reason}</code></td><td>${e.detail}</td></tr>`)}</tbody>
  </table>
</section>`;
}
