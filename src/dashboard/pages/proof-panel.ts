/**
 * The proof on the integration page: each step's command, its result before the change, after it without
 * HELICONE_API_KEY and with it (exit, duration), the verdict, and the last lines of output of what failed.
 */
import type { ProofReport, ProofStepResult } from '../../shared/proof-types';
import { html, type Html } from '../html';

function cell(r: ProofStepResult | undefined): Html | string {
  if (!r) return '–';
  const took = r.durationMs ? ` · ${(r.durationMs / 1000).toFixed(1)} s` : '';
  const exit = r.exitCode !== undefined ? ` · exit ${r.exitCode}` : '';
  return html`<span class="proof-${r.status}" title="${r.reason ?? ''}">${r.status}${exit}${took}</span>`;
}

export function proofPanel(p: ProofReport | undefined): Html | string {
  if (!p) return '';
  if (p.outcome === 'off') return html`<p class="proof" data-role="proof">Proof: ${p.summary}</p>`;
  const failing = p.rows.filter((r) => r.verdict !== 'ok' && r.verdict !== 'skipped');
  return html`
    <div class="proof" data-role="proof" data-outcome="${p.outcome}">
      <p><strong>Proof: ${p.outcome}</strong> ${p.summary}${p.afterSendBack ? ' (after one send-back to the integrator)' : ''}</p>
      ${
        p.rows.length
          ? html`<table class="proof-table"><thead><tr><th>Step</th><th>Before</th><th>After, without key</th><th>After, with key</th><th>Verdict</th></tr></thead><tbody>
        ${p.rows.map((r) => html`<tr class="proof-verdict-${r.verdict}"><td><code>${r.command}</code></td><td>${cell(r.before)}</td><td>${cell(r.after)}</td><td>${cell(r.afterWithKey)}</td><td>${r.note ?? r.verdict}</td></tr>`)}
      </tbody></table>`
          : ''
      }
      ${failing.map((r) => {
        const shown = [r.before, r.after, r.afterWithKey].find((x) => x && x.status !== 'passed' && x.status !== 'skipped' && x.tail);
        return shown
          ? html`<details><summary><code>${r.command}</code>: ${r.note ?? r.verdict}${shown.logRef ? html` · log <code>${shown.logRef}</code>` : ''}</summary><pre>${shown.tail}</pre></details>`
          : '';
      })}
      ${p.notes.length ? html`<ul class="proof-notes">${p.notes.map((n) => html`<li>${n}</li>`)}</ul>` : ''}
    </div>`;
}
