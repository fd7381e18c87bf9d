/**
 * What a reviewer does from the dashboard's inbox, as activities of the tracker's updates: post a reply on the
 * upstream PR as the bot, or post a polite comment and close it. Each comment carries an invisible marker (an HTML
 * comment with the action's id, drawn by the workflow): before posting, the activity looks for the bot's comment
 * with that marker, so a retry after the comment went out (the worker died, the answer was lost) never posts twice.
 */
import type { Counted } from '../../shared/types';
import type { ActivityDeps } from '../deps';
import { counted } from '../errors';

export interface InboxCommentParams {
  repo: { owner: string; name: string };
  number: number;
  body: string;
  /** Unique per action (the workflow's uuid4): the marker a retry looks for. */
  actionId: string;
}

/** The marker that makes a comment findable by its action id (GitHub does not render HTML comments). */
export function actionMarker(actionId: string): string {
  return `<!-- helicone-integrator:inbox:${actionId.replace(/[^A-Za-z0-9-]/g, '')} -->`;
}

/** The comment as posted: the reviewer's words, then the marker. */
export function markedBody(body: string, actionId: string): string {
  return `${body.trim()}\n\n${actionMarker(actionId)}`;
}

async function alreadyPosted(deps: ActivityDeps, p: InboxCommentParams): Promise<boolean> {
  const bot = (await deps.forge.botLogin()).toLowerCase();
  const marker = actionMarker(p.actionId);
  return (await deps.forge.getPullRequestConversation(p.repo, p.number)).some(
    (m) => m.kind === 'comment' && m.author.toLowerCase() === bot && m.body.includes(marker),
  );
}

export function inboxActivities(deps: ActivityDeps) {
  return {
    async replyOnPullRequest(p: InboxCommentParams): Promise<Counted<{ posted: boolean }>> {
      return counted(async () => {
        if (await alreadyPosted(deps, p)) return { posted: false };
        await deps.forge.commentOnPullRequest(p.repo, p.number, markedBody(p.body, p.actionId));
        return { posted: true };
      });
    },
    async closeFromInbox(p: InboxCommentParams): Promise<Counted<{ posted: boolean }>> {
      return counted(async () => {
        const said = await alreadyPosted(deps, p);
        // The forge's close reads the state first (firstTry false), so a PR merged meanwhile stays merged.
        await deps.forge.closePullRequest(p.repo, p.number, said ? undefined : markedBody(p.body, p.actionId));
        return { posted: !said };
      });
    },
  };
}
