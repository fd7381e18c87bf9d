import { describe, expect, it } from 'vitest';
import type { Forge, PullRequestMessage } from '../../adapters/forge/forge';
import type { ActivityDeps } from '../deps';
import { closeStaleActivity, staleComment } from './close-stale.activity';

/** A forge whose close posts the comment and then fails once (the close request lost), like a flaky network. */
function flakyForge() {
  const posted: string[] = [];
  let closed = false;
  let failures = 1;
  const forge = {
    botLogin: async () => 'helicone-bot',
    getPullRequestConversation: async (): Promise<PullRequestMessage[]> =>
      posted.map((body, i) => ({
        id: `comment:${i}`,
        kind: 'comment',
        author: 'helicone-bot',
        createdAt: '2026-01-01T00:00:00Z',
        body,
        url: 'u',
      })),
    closePullRequest: async (_repo: unknown, _n: number, comment?: string) => {
      if (comment) posted.push(comment);
      if (failures-- > 0) throw new Error('socket hang up');
      closed = true;
    },
  } as unknown as Forge;
  return { forge, posted, isClosed: () => closed };
}

describe('closeStalePullRequest', () => {
  it('comments once even when a retry follows a close that failed after its comment went out', async () => {
    const { forge, posted, isClosed } = flakyForge();
    const close = closeStaleActivity({ forge } as unknown as ActivityDeps);
    const p = { repo: { owner: 'o', name: 'r' }, number: 1, after: '60 days' };
    await expect(close(p)).rejects.toThrow('socket hang up');
    expect((await close(p)).value).toEqual({ commented: false });
    expect(isClosed()).toBe(true);
    expect(posted).toEqual([staleComment('60 days')]);
  });

  it('names the wait, thanks, and says how to say yes after all', () => {
    const text = staleComment('8 weeks');
    expect(text).toContain('no reply for 8 weeks');
    expect(text).toContain('Thank you');
    expect(text).toContain('reopen it');
  });
});
