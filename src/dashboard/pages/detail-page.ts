import type { AttemptRecord, IntegrationStatus } from '../../shared/types';
import { verificationSummary } from '../../verifier/verify-repository';
import { html, jsonBlock, type Html } from '../html';
import { stateBadge, time } from './layout';
import { proofPanel } from './proof-panel';

export function detailPage(p: {
  workflowId: string;
  status: IntegrationStatus;
  diff?: string;
  csrf: string;
  temporalUi: string;
  /** What the live event stream compares against (see detailSnapshot). */
  snapshot: string;
  /** The final PR's state upstream, once the tracker has looked (open, changes_requested, merged, closed). */
  upstream?: { state: string; changesRequestedBy: string[] };
  /** The review PR's description, as the forge has it. */
  reviewPrBody?: string;
  /** What the version in review changed since the previous (rejected) one. */
  interdiff?: { from: number; to: number; diff: string };
}): Html {
  const { status: s } = p;
  const current = s.attempts[s.attempts.length - 1];
  const canReview = s.state === 'awaiting_review';
  return html`
<section class="detail" data-live="detail" data-workflow-id="${p.workflowId}" data-snapshot="${p.snapshot}">
  <h1>${s.repo} ${stateBadge(s.state)}</h1>
  <p class="message" data-role="message">${s.message}</p>
  <p class="links">
    ${s.reviewPrUrl ? html`<a href="${s.reviewPrUrl}" rel="noreferrer">Review PR v${s.attempt}</a>` : ''}
    ${s.finalPrUrl ? html`<a href="${s.finalPrUrl}" rel="noreferrer" data-role="final-pr">Final PR</a>` : ''}
    ${p.upstream ? html`<span data-role="upstream">upstream: ${p.upstream.state.replace('_', ' ')}${p.upstream.state === 'changes_requested' && p.upstream.changesRequestedBy.length ? html` by ${p.upstream.changesRequestedBy.join(', ')}` : ''}</span>` : ''}
    <a href="${p.temporalUi}" rel="noreferrer">Temporal UI</a>
    <span>Attempt v${s.attempt} of ${s.maxAttempts}</span>
    ${s.forgeRequests ? html`<span>${s.forgeRequests} forge API requests</span>` : ''}
  </p>
  ${s.lastError ? html`<p class="error" data-role="error">${s.lastError}</p>` : ''}

  ${canReview ? reviewForm(p.workflowId, p.csrf, s) : ''}

  ${current ? attemptSummary(current, true) : ''}

  ${p.reviewPrBody ? html`<details class="pr-body" data-role="review-pr-body" open><summary>Review PR v${s.attempt}: description</summary><pre>${p.reviewPrBody}</pre></details>` : ''}

  <div class="diff-controls">
    <button type="button" data-diff-view="line-by-line">Unified</button>
    <button type="button" data-diff-view="side-by-side">Side by side</button>
  </div>
  ${p.interdiff ? interdiffSection(p.interdiff) : ''}

  <h2>${p.interdiff ? html`Whole change (v${p.interdiff.to} against the base)` : 'Diff'}</h2>
  ${p.diff ? html`<script type="application/json" id="diff-data">${jsonBlock(p.diff)}</script><div id="diff" class="diff"></div>` : html`<p class="empty">No diff yet.</p>`}

  ${
    s.attempts.length > 1
      ? html`<h2>Earlier attempts</h2>${s.attempts
          .slice(0, -1)
          .reverse()
          .map((a) => attemptSummary(a, false))}`
      : ''
  }

  <h2>Timeline</h2>
  <ol class="timeline" data-role="timeline">
    ${s.timeline.map((t) => html`<li>${time(t.at)} ${stateBadge(t.state)} ${t.message}</li>`)}
  </ol>

  <h2>Audit trail</h2>
  <ul class="audit">
    ${s.attempts
      .filter((a) => a.decision)
      .map(
        (a) => html`<li>${time(a.decision!.at)} <strong>${a.decision!.reviewer ?? 'unknown reviewer'}</strong>
        ${a.decision!.approved ? 'approved' : 'rejected'} v${a.attempt}${a.decision!.feedback ? html`: <q>${a.decision!.feedback}</q>` : ''}</li>`,
      )}
    ${s.attempts
      .flatMap((a) => (a.feedbackWithoutChange ?? []).map((f) => ({ a, f })))
      .map(
        ({
          a,
          f,
        }) => html`<li class="no-change">${time(f.at)} <strong>${f.reviewer ?? 'unknown reviewer'}</strong> rejected v${a.attempt} with
        feedback: <q>${f.feedback}</q>; no new version (${f.reason}), v${a.attempt} back in review</li>`,
      )}
    ${s.ignoredSignals.map((i) => html`<li class="ignored">${time(i.at)} ignored a review signal: ${i.reason} <code>${i.payloadPreview}</code></li>`)}
  </ul>
</section>`;
}

/** The interdiff; app.js draws it with diff2html like the whole change. */
function interdiffSection(d: { from: number; to: number; diff: string }): Html {
  return html`
  <h2>Changes since v${d.from}</h2>
  <p class="note">What v${d.to} changed compared with v${d.from}, the version the feedback was about.</p>
  ${
    d.diff.trim()
      ? html`<script type="application/json" id="interdiff-data">${jsonBlock(d.diff)}</script><div id="interdiff" class="diff" data-role="interdiff"></div>`
      : html`<p class="empty" data-role="interdiff">No change since v${d.from}.</p>`
  }`;
}

function reviewForm(workflowId: string, csrf: string, s: IntegrationStatus): Html {
  const id = encodeURIComponent(workflowId);
  // The codemod cannot act on free text: say so before anything is sent (the workflow would refuse it anyway).
  const noFeedback = s.integratorUnderstandsFeedback === false;
  const integrator = s.attempts.at(-1)?.integrator ?? 'codemod';
  return html`
  <div class="review">
    <form method="post" action="/integrations/${id}/review" class="approve" data-confirm="Approve v${s.attempt}? This opens a pull request upstream in ${s.repo}.">
      <input type="hidden" name="csrf" value="${csrf}">
      <input type="hidden" name="decision" value="approve">
      <button type="submit" class="primary" data-action="approve">Approve v${s.attempt}</button>
    </form>
    <form method="post" action="/integrations/${id}/review" class="reject" data-confirm-if-empty="feedback" data-confirm="Reject without feedback? This ends the integration (no new attempt).">
      <input type="hidden" name="csrf" value="${csrf}">
      <input type="hidden" name="decision" value="reject">
      ${
        noFeedback
          ? html`<p class="feedback-note" data-role="feedback-unavailable">The ${integrator} integrator cannot act on free-text feedback (no coding agent:
          ANTHROPIC_API_KEY is unset or INTEGRATOR=codemod): v${s.attempt + 1} would be identical to v${s.attempt}, so feedback is refused.
          Approve v${s.attempt}, or reject it (this ends the integration).</p>
          <button type="submit" data-action="reject">Reject v${s.attempt} (ends the integration)</button>`
          : html`<label for="feedback">Feedback for v${s.attempt + 1} (attempt ${s.attempt} of ${s.maxAttempts}; empty ends the integration)</label>
          <textarea id="feedback" name="feedback" rows="4" maxlength="16000"></textarea>
          <button type="submit" data-action="reject">Reject</button>`
      }
    </form>
  </div>
  <p class="shortcuts note" data-role="shortcuts">Keys: <kbd>a</kbd> approve, <kbd>r</kbd> reject (with the feedback typed); both ask first. <kbd>j</kbd>/<kbd>k</kbd> and bulk decisions are on the list.</p>`;
}

function attemptSummary(a: AttemptRecord, current: boolean): Html {
  return html`
  <article class="attempt ${current ? 'current' : ''}">
    <h3>v${a.attempt} · ${a.integrator}</h3>
    <p class="summary">${a.summary}</p>
    ${a.agent ? html`<p class="agent">Claude Code: ${a.agent.turns} turns, $${a.agent.costUsd.toFixed(4)}, ${a.agent.toolCalls} tool calls, ${a.agent.permissionDenials.length} permission denials${a.agent.resumed ? ', resumed session' : ''}${a.agent.freshFallback ? ', fresh session (previous one lost)' : ''}</p>` : ''}
    ${
      a.sites?.length
        ? html`<table class="sites"><thead><tr><th>Site</th><th>Library</th><th>Result</th><th>Reason</th></tr></thead><tbody>
      ${a.sites.map((x) => html`<tr class="site-${x.outcome}"><td><code>${x.file}:${x.line}</code></td><td>${x.library}</td><td>${x.outcome}</td><td>${x.reason ?? ''}</td></tr>`)}
    </tbody></table>`
        : ''
    }
    ${
      a.verification
        ? html`<p class="verifier">Verifier: ${verificationSummary(a.verification)}</p>
      ${a.verification.sites.filter((x) => x.verdict !== 'routed').map((x) => html`<p class="verdict-${x.verdict}"><strong>${x.verdict}</strong> <code>${x.file}:${x.line}</code> ${x.library}: ${x.reason ?? ''}</p>`)}`
        : ''
    }
    ${proofPanel(a.proof)}
    ${a.policy ? html`<p class="policy">Diff policy: ${a.policy.violations.length ? html`<strong>${a.policy.violations.join('; ')}</strong>` : `passed (${a.policy.checks.length} checks)`}</p>` : ''}
    ${(a.feedbackWithoutChange ?? []).map((f) => html`<p class="no-change">Feedback from ${f.reviewer ?? 'unknown'} produced no new version: <q>${f.feedback}</q> (${f.reason})</p>`)}
    ${a.decision ? html`<p class="decision">${a.decision.approved ? 'Approved' : 'Rejected'} by ${a.decision.reviewer ?? 'unknown'}${a.decision.feedback ? html`: <q>${a.decision.feedback}</q>` : ''}</p>` : ''}
  </article>`;
}
