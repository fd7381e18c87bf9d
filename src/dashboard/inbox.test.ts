import { describe, expect, it } from 'vitest';
import {
  inboxActionRefusal,
  MAX_REPLY_CHARS,
  type ConversationPreview,
  type PullRequestTracking,
} from '../workflows/pull-request-tracker-definitions';
import { inboxRows, unanswered, type TrackerView } from './inbox';

const msg = (id: string, createdAt: string, author = 'maya'): ConversationPreview => ({
  id,
  kind: 'comment',
  author,
  createdAt,
  preview: `text of ${id}`,
  url: `https://example.test/${id}`,
});

function tracker(integrationId: string, messages: ConversationPreview[], extra: Partial<PullRequestTracking> = {}): TrackerView {
  return {
    integrationId,
    tracking: {
      url: `https://example.test/${integrationId}/pull/1`,
      repo: `o/${integrationId}`,
      number: 1,
      state: 'open',
      changesRequestedBy: [],
      checks: 1,
      conversation: { messages, total: messages.length },
      ...extra,
    },
  };
}

describe('inbox rows', () => {
  const trackers = [
    tracker('a', [msg('comment:1', '2026-01-01T10:00:00Z'), msg('comment:3', '2026-01-03T10:00:00Z')]),
    tracker('b', [msg('review:2', '2026-01-02T10:00:00Z')], { state: 'merged', ended: 'the pull request was merged' }),
  ];

  it('puts every message of every tracker newest first, with its PR and the integration page', () => {
    const rows = inboxRows(trackers);
    expect(rows.map((r) => r.message.id)).toEqual(['comment:3', 'review:2', 'comment:1']);
    expect(rows[0]).toMatchObject({
      repo: 'o/a',
      prNumber: 1,
      prState: 'open',
      actionable: true,
      integrationHref: '/integrations/integration-a',
    });
    expect(rows[1]).toMatchObject({ repo: 'o/b', prState: 'merged', actionable: false });
  });

  it('keeps only a campaign’s integrations when filtered', () => {
    expect(inboxRows(trackers, { integrationIds: new Set(['b']) }).map((r) => r.message.id)).toEqual(['review:2']);
    expect(inboxRows(trackers, { integrationIds: new Set() })).toEqual([]);
  });

  it('orders equal times by repository then id, so the page does not reshuffle', () => {
    const same = '2026-01-01T00:00:00Z';
    const rows = inboxRows([tracker('z', [msg('comment:9', same)]), tracker('m', [msg('comment:8', same), msg('comment:7', same)])]);
    expect(rows.map((r) => `${r.repo} ${r.message.id}`)).toEqual(['o/m comment:7', 'o/m comment:8', 'o/z comment:9']);
  });
});

describe('unanswered', () => {
  it('counts open PRs whose newest maintainer message came after the last reply from the inbox', () => {
    const list = [
      tracker('never-replied', [msg('comment:1', '2026-01-01T10:00:00Z')]),
      tracker('replied-after', [msg('comment:1', '2026-01-01T10:00:00Z')], {
        replies: [{ at: '2026-01-01T11:00:00Z', preview: 'thanks', kind: 'reply' }],
      }),
      tracker('asked-again', [msg('comment:1', '2026-01-01T10:00:00Z'), msg('comment:2', '2026-01-01T12:00:00Z')], {
        replies: [{ at: '2026-01-01T11:00:00Z', preview: 'thanks', kind: 'reply' }],
      }),
      tracker('silent', []),
      tracker('closed', [msg('comment:1', '2026-01-01T10:00:00Z')], { state: 'closed' }),
      tracker('changes', [msg('review:1', '2026-01-01T10:00:00Z')], { state: 'changes_requested' }),
    ];
    expect(unanswered(list).map((t) => t.integrationId)).toEqual(['never-replied', 'asked-again', 'changes']);
    expect(unanswered(list, { integrationIds: new Set(['asked-again', 'closed']) }).map((t) => t.integrationId)).toEqual(['asked-again']);
  });
});

describe('inbox action validation', () => {
  const open = { state: 'open' as const };
  it('refuses an empty or whitespace reply, one that is too long, and any on a PR that is not open', () => {
    expect(inboxActionRefusal({ body: '' }, open)).toMatch(/empty/);
    expect(inboxActionRefusal({ body: '  \n ' }, open)).toMatch(/empty/);
    expect(inboxActionRefusal({}, open)).toMatch(/empty/);
    expect(inboxActionRefusal(null, open)).toMatch(/empty/);
    expect(inboxActionRefusal({ body: 'x'.repeat(MAX_REPLY_CHARS + 1) }, open)).toMatch(
      new RegExp(`${MAX_REPLY_CHARS + 1} characters long; at most ${MAX_REPLY_CHARS}`),
    );
    expect(inboxActionRefusal({ body: 'Thanks!' }, { state: 'merged' })).toMatch(/pull request is merged/);
    expect(inboxActionRefusal({ body: 'Thanks!' }, { state: 'open', ended: 'stopped tracking' })).toMatch(/no longer tracked/);
    expect(inboxActionRefusal({ body: 'x'.repeat(MAX_REPLY_CHARS) }, { state: 'changes_requested' })).toBeUndefined();
  });
});
