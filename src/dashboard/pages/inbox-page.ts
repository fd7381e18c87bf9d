/**
 * The inbox: every maintainer message on the upstream PRs, newest first, with the PR's state, and on each open PR a
 * reply form and a close button (both post as the bot through the tracker's updates).
 */
import type { WorkflowListRow } from '../campaigns-source';
import { html, type Html } from '../html';
import type { InboxRow } from '../inbox';
import { MAX_REPLY_CHARS } from '../../workflows/pull-request-tracker-definitions';
import { stateBadge, time } from './layout';

const KIND: Record<InboxRow['message']['kind'], string> = { comment: 'comment', review: 'review', review_comment: 'line comment' };
const PR_STATE: Record<InboxRow['prState'], string> = {
  open: 'open',
  changes_requested: 'changes requested',
  merged: 'merged',
  closed: 'closed',
};

/** The comment a close from the inbox posts unless the reviewer writes another. */
export const DEFAULT_CLOSE_COMMENT =
  'Closing this pull request: thank you for your time and your comments. Nothing more will come from this bot here; if you want the change after all, reopen it.';

export interface InboxPageData {
  rows: InboxRow[];
  unanswered: number;
  campaigns: WorkflowListRow[];
  campaign?: string;
  silent: number;
  truncated: boolean;
  csrf: string;
}

export function inboxPage(d: InboxPageData): Html {
  const where = d.campaign ? html` in campaign <strong>${d.campaign}</strong>` : '';
  return html`
<section class="inbox">
  <h1>Inbox</h1>
  <p class="meta" data-role="unanswered">${
    d.unanswered === 0
      ? html`No open pull request has an unanswered maintainer message${where}.`
      : html`<strong>${d.unanswered}</strong> open pull request${d.unanswered === 1 ? ' has' : 's have'} unanswered maintainer messages${where}.`
  }</p>
  ${
    d.campaigns.length
      ? html`<form method="get" action="/inbox" class="filters">
    <label>Campaign <select name="campaign" data-role="campaign-filter">
      <option value="">All</option>
      ${d.campaigns.map((c) => html`<option value="${c.workflowId}"${c.workflowId === d.campaign ? html` selected` : ''}>${c.workflowId}</option>`)}
    </select></label>
    <button type="submit">Filter</button>
  </form>`
      : ''
  }
  ${d.silent ? html`<p class="note" data-role="silent">${d.silent} tracker(s) did not answer in time and are not shown.</p>` : ''}
  ${d.truncated ? html`<p class="note">Only the newest trackers are read; older ones are left out.</p>` : ''}
  ${
    d.rows.length === 0
      ? html`<p class="empty" data-role="inbox-empty">No maintainer has written on an upstream pull request${where} yet. Messages appear here when a tracker reads them (every poll interval, or at once after <code>maintainer-says</code> or a webhook).</p>`
      : html`<table>
    <thead><tr><th>When</th><th>Repository</th><th>Pull request</th><th>Author</th><th>Kind</th><th>Message</th><th></th></tr></thead>
    <tbody>${d.rows.map((r) => row(r, d.csrf))}</tbody>
  </table>`
  }
</section>`;
}

function row(r: InboxRow, csrf: string): Html {
  const m = r.message;
  const action = `/inbox/${encodeURIComponent(r.integrationId)}`;
  return html`<tr data-message-id="${m.id}" data-integration-id="${r.integrationId}">
    <td>${time(m.createdAt)}</td>
    <td>${r.repo}</td>
    <td><a href="${r.prUrl}" rel="noreferrer" data-role="pr-link">#${r.prNumber}</a> ${stateBadge(PR_STATE[r.prState])}</td>
    <td data-role="author">${m.author}</td>
    <td data-role="kind">${KIND[m.kind]}${m.path ? html` <span class="note">${m.path}${m.line ? `:${m.line}` : ''}</span>` : ''}</td>
    <td data-role="preview"><a href="${m.url}" rel="noreferrer">${m.preview}</a></td>
    <td>
      <a href="${r.integrationHref}" data-role="integration-link">Integration</a>
      ${
        r.actionable
          ? html`<details><summary>Reply or close</summary>
        <form method="post" action="${action}/reply" data-role="reply-form">
          <input type="hidden" name="csrf" value="${csrf}">
          <textarea name="body" rows="3" maxlength="${MAX_REPLY_CHARS}" aria-label="Reply"></textarea>
          <button type="submit" class="primary" data-action="reply">Reply as the bot</button>
        </form>
        <form method="post" action="${action}/close" data-role="close-form" data-confirm="Close ${r.repo}#${r.prNumber} with this comment? The tracker then stops.">
          <input type="hidden" name="csrf" value="${csrf}">
          <textarea name="body" rows="3" maxlength="${MAX_REPLY_CHARS}" aria-label="Closing comment">${DEFAULT_CLOSE_COMMENT}</textarea>
          <button type="submit" data-action="close">Close with this comment</button>
        </form>
      </details>`
          : ''
      }
    </td>
  </tr>`;
}
