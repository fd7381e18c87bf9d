/**
 * Closes an upstream PR nobody answered for STALE_AFTER, with one polite comment. At most one comment whatever
 * happens: before commenting it looks for the same comment by the bot (a retry after the comment went out but the
 * close did not), and then only closes.
 */
import type { Counted } from '../../shared/types';
import type { ActivityDeps } from '../deps';
import { counted } from '../errors';

export interface CloseStaleParams {
  repo: { owner: string; name: string };
  number: number;
  /** How long nobody answered, as the setting says it ("60 days"): the comment names it. */
  after: string;
}

export function closeStaleActivity(deps: ActivityDeps) {
  return async function closeStalePullRequest(p: CloseStaleParams): Promise<Counted<{ commented: boolean }>> {
    return counted(async () => {
      const comment = staleComment(p.after);
      const bot = (await deps.forge.botLogin()).toLowerCase();
      const said = (await deps.forge.getPullRequestConversation(p.repo, p.number)).some(
        (m) => m.kind === 'comment' && m.author.toLowerCase() === bot && m.body.trim() === comment.trim(),
      );
      // The forge's close reads the state first (firstTry false), so a PR closed meanwhile is left as it is.
      await deps.forge.closePullRequest(p.repo, p.number, said ? undefined : comment);
      return { commented: !said };
    });
  };
}

/** The one follow-up comment: why it is closed, that nothing more will come, and how to say yes after all. */
export function staleComment(after: string): string {
  return [
    `Closing this pull request, since it has had no reply for ${after}: no need to keep it in your queue. Thank you for your time!`,
    '',
    'If you want the change after all, reopen it. Otherwise this is the last you will hear from this bot here: it will not open another pull request in this repository.',
  ].join('\n');
}
