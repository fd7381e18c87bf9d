/**
 * The inbox's rows, from the trackers' queries: every maintainer message on an upstream PR, newest first, and which
 * open PRs have a message nobody answered from the inbox yet. Pure: the source reads Temporal, this only orders,
 * filters and counts.
 */
import type { ConversationPreview, PullRequestTracking } from '../workflows/pull-request-tracker-definitions';
import { workflowIdFor } from '../shared/workflow-ids';

/** One tracker as the inbox reads it. */
export interface TrackerView {
  integrationId: string;
  tracking: PullRequestTracking;
}

export interface InboxRow {
  integrationId: string;
  /** The integration's page on the dashboard. */
  integrationHref: string;
  repo: string;
  prUrl: string;
  prNumber: number;
  prState: PullRequestTracking['state'];
  /** The PR is still tracked and open: the inbox can reply and close. */
  actionable: boolean;
  message: ConversationPreview;
}

export interface InboxFilter {
  /** Only these integration ids (a campaign's). */
  integrationIds?: ReadonlySet<string>;
}

/** The PR is open and tracked: a reply or a close can still go. */
export function actionable(t: PullRequestTracking): boolean {
  return !t.ended && (t.state === 'open' || t.state === 'changes_requested');
}

/** Every kept message of every tracker (after the filter), newest first; ties by repository, then id, so the order is stable. */
export function inboxRows(trackers: readonly TrackerView[], filter: InboxFilter = {}): InboxRow[] {
  const rows: InboxRow[] = [];
  for (const { integrationId, tracking: t } of trackers) {
    if (filter.integrationIds && !filter.integrationIds.has(integrationId)) continue;
    for (const message of t.conversation?.messages ?? []) {
      rows.push({
        integrationId,
        integrationHref: `/integrations/${encodeURIComponent(workflowIdFor(integrationId))}`,
        repo: t.repo,
        prUrl: t.url,
        prNumber: t.number,
        prState: t.state,
        actionable: actionable(t),
        message,
      });
    }
  }
  return rows.sort(
    (a, b) =>
      Date.parse(b.message.createdAt) - Date.parse(a.message.createdAt) ||
      a.repo.localeCompare(b.repo) ||
      a.message.id.localeCompare(b.message.id),
  );
}

/**
 * Open PRs whose newest maintainer message came after the last reply from the inbox (or that never got one). A
 * maintainer's message is answered only by a reply from here: the bot's other comments (the PR itself) are not answers.
 */
export function unanswered(trackers: readonly TrackerView[], filter: InboxFilter = {}): TrackerView[] {
  return trackers.filter(({ integrationId, tracking: t }) => {
    if (filter.integrationIds && !filter.integrationIds.has(integrationId)) return false;
    if (!actionable(t)) return false;
    const newest = (t.conversation?.messages ?? []).reduce((max, m) => Math.max(max, Date.parse(m.createdAt) || 0), 0);
    if (!newest) return false;
    const lastReply = (t.replies ?? []).reduce((max, r) => Math.max(max, Date.parse(r.at) || 0), 0);
    return newest > lastReply;
  });
}
