/**
 * Reads a proposal issue's answer: yes, no, or nothing yet. Pure (the activity that reads the issue calls it), so
 * changing a rule changes no workflow history.
 *
 * Who counts: only people who can answer for the project, i.e. with write, maintain or admin permission, for
 * comments and reactions (anyone can react or comment on a public issue); labels and closing need triage access on
 * GitHub already, so any label or any close by someone other than the bot counts. A refusal wins over a yes seen
 * at the same look: asking again is cheap, an unwanted pull request is not.
 */
import type { IssueActivity, RepoPermission } from '../../adapters/forge/forge';
import {
  ANSWERING_PERMISSIONS,
  NEGATIVE_REACTIONS,
  NO_LABEL,
  POSITIVE_REACTIONS,
  YES_LABEL,
  type ProposalAnswer,
} from '../../shared/ask-first-types';
import { detectOptOut } from '../tracking/opt-out-detector';

export interface AnswerContext {
  bot: string;
  /** Permission of each author read from the forge (authors missing here count as `none`). */
  permissions: Record<string, RepoPermission>;
  issueUrl: string;
  /** When the look happened (a label has no time of its own in what the forge returns). */
  now: string;
}

/** Authors whose permission the classification needs: every non-bot commenter and reactor (at most `max`). */
export function authorsToCheck(a: IssueActivity, bot: string, max = 20): string[] {
  const all = [...a.comments.map((c) => c.author), ...a.reactions.map((r) => r.author)].filter((x) => x !== bot);
  return [...new Set(all)].slice(0, max);
}

export function classifyAnswer(a: IssueActivity, ctx: AnswerContext): ProposalAnswer | undefined {
  const canAnswer = (who: string) => who !== ctx.bot && ANSWERING_PERMISSIONS.includes(ctx.permissions[who] ?? 'none');
  const noes: ProposalAnswer[] = [];
  const yeses: ProposalAnswer[] = [];
  if (a.state === 'closed' && a.closedBy && a.closedBy !== ctx.bot) {
    noes.push({ verdict: 'no', how: 'closed', by: a.closedBy, at: a.closedAt ?? ctx.now, url: ctx.issueUrl, quote: 'closed the proposal' });
  }
  const labels = a.labels.map((l) => l.trim().toLowerCase());
  if (labels.includes(NO_LABEL))
    noes.push({ verdict: 'no', how: 'label', by: 'a maintainer', at: ctx.now, url: ctx.issueUrl, quote: NO_LABEL });
  if (labels.includes(YES_LABEL))
    yeses.push({ verdict: 'yes', how: 'label', by: 'a maintainer', at: ctx.now, url: ctx.issueUrl, quote: YES_LABEL });
  for (const c of a.comments) {
    if (!canAnswer(c.author)) continue;
    const refusal = detectOptOut(c.body);
    if (refusal.refusal) {
      noes.push({ verdict: 'no', how: 'comment', by: c.author, at: c.createdAt, url: c.url, quote: refusal.phrase, scope: refusal.scope });
    } else {
      const yes = positivePhrase(c.body);
      if (yes) yeses.push({ verdict: 'yes', how: 'comment', by: c.author, at: c.createdAt, url: c.url, quote: yes });
    }
  }
  for (const r of a.reactions) {
    if (!canAnswer(r.author)) continue;
    const base = { how: 'reaction' as const, by: r.author, at: r.createdAt, url: ctx.issueUrl, quote: r.content };
    if (NEGATIVE_REACTIONS.includes(r.content)) noes.push({ verdict: 'no', ...base });
    else if (POSITIVE_REACTIONS.includes(r.content)) yeses.push({ verdict: 'yes', ...base });
  }
  const first = (xs: ProposalAnswer[]) => [...xs].sort((x, y) => x.at.localeCompare(y.at))[0];
  return first(noes) ?? first(yeses);
}

/**
 * Words that accept the proposal. Deliberately narrow: a yes opens a pull request, so "not sure", "sure, but not
 * now", "ok?" and "I'd rather not" are not yes; a question is not an answer.
 */
const YES: RegExp[] = [
  /^(?:yes|yep|yeah|yup|sure|ok|okay|sounds good|sounds great|lgtm|go ahead|go for it|please do|do it|ship it)\b/,
  // No word boundary after a symbol: "+1" and the emoji end the match themselves.
  /^(?:\+1|👍)/u,
  /\b(?:go ahead|go for it|please (?:do|go ahead|open|send)|feel free(?: to)?|sounds good|sounds great|happy to (?:review|take|accept|merge)|we(?:'d| would) (?:welcome|love|like|appreciate) (?:it|that|this|a pr|a pull request)|send (?:it|the pr|a pr|the pull request|a pull request)|open (?:the|a) (?:pr|pull request)|yes,? please|let'?s do it|makes sense)\b/,
];
const NOT = /\b(?:not|no|never|don'?t|won'?t|wouldn'?t|rather not|but not|isn'?t|aren'?t|later|maybe)\b|n't\b/;

export function positivePhrase(body: string): string | undefined {
  const clean = body
    .replace(/```[^]*?(?:```|$)/g, ' ')
    .replace(/`[^`\n]*`/g, ' ')
    .split('\n')
    .filter((l) => !/^\s*>/.test(l))
    .join('\n')
    .replace(/[\u2018\u2019]/g, "'");
  for (const raw of clean.split(/(?<=[.!?;])\s+|\n+/)) {
    const s = raw.trim().toLowerCase();
    if (!s || s.endsWith('?')) continue;
    if (NOT.test(s)) continue;
    if (YES.some((re) => re.test(s))) return raw.trim().replace(/\s+/g, ' ').slice(0, 160);
  }
  return undefined;
}
