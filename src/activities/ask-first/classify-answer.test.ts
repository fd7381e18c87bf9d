import { describe, expect, it } from 'vitest';
import type { IssueActivity } from '../../adapters/forge/forge';
import { authorsToCheck, classifyAnswer, positivePhrase } from './classify-answer';

const base: IssueActivity = { state: 'open', labels: [], comments: [], reactions: [] };
const ctx = {
  bot: 'helicone-bot',
  permissions: { ada: 'write', max: 'maintain', root: 'admin', tri: 'triage', rando: 'read', 'helicone-bot': 'admin' } as const,
  issueUrl: 'https://github.com/acme/app/issues/3',
  now: '2026-12-03T10:00:00Z',
};
const comment = (author: string, body: string, at = '2026-12-02T10:00:00Z') => ({
  id: `comment:${at}${author}`,
  author,
  body,
  createdAt: at,
  url: `u#${author}`,
});
const reaction = (author: string, content: string, at = '2026-12-02T11:00:00Z') => ({
  id: `reaction:${author}${content}`,
  author,
  content,
  createdAt: at,
});

describe('positivePhrase', () => {
  it.each([
    'Yes please!',
    'Sure, go ahead.',
    'Sounds good to me',
    'LGTM',
    'Feel free to open the PR.',
    "We'd welcome a pull request",
    '👍',
  ])('reads %j as yes', (t) => expect(positivePhrase(t)).toBeTruthy());
  it.each([
    'Not sure about this.',
    'Sure, but not now.',
    'Can you go ahead?',
    "I'd rather not.",
    'Maybe later, go ahead then',
    '> Yes please\nhmm',
    'What does it touch?',
  ])('does not read %j as yes', (t) => expect(positivePhrase(t)).toBeUndefined());
});

describe('classifyAnswer', () => {
  it('is undefined without an answer', () => {
    expect(classifyAnswer(base, ctx)).toBeUndefined();
  });

  it("takes a writer's yes comment, ignoring a reader's", () => {
    const a = { ...base, comments: [comment('rando', 'Yes please!', '2026-12-01T00:00:00Z'), comment('ada', 'Sounds good, go ahead.')] };
    expect(classifyAnswer(a, ctx)).toMatchObject({ verdict: 'yes', how: 'comment', by: 'ada', url: 'u#ada' });
  });

  it("ignores a non-writer's +1 and the bot's own, takes a maintainer's rocket", () => {
    expect(
      classifyAnswer({ ...base, reactions: [reaction('rando', '+1'), reaction('tri', '+1'), reaction('helicone-bot', '+1')] }, ctx),
    ).toBeUndefined();
    expect(classifyAnswer({ ...base, reactions: [reaction('rando', '+1'), reaction('max', 'rocket')] }, ctx)).toMatchObject({
      verdict: 'yes',
      how: 'reaction',
      by: 'max',
      quote: 'rocket',
    });
    // An unknown author (permission not read) counts as none.
    expect(classifyAnswer({ ...base, reactions: [reaction('stranger', 'heart')] }, ctx)).toBeUndefined();
    expect(classifyAnswer({ ...base, reactions: [reaction('ada', 'eyes'), reaction('ada', 'laugh')] }, ctx)).toBeUndefined();
  });

  it("reads a writer's refusal with the detector, owner-wide when it says so, and lets it win over a yes", () => {
    const a = {
      ...base,
      comments: [comment('root', 'Go ahead!', '2026-12-01T00:00:00Z'), comment('ada', 'No bots, for any of our repositories.')],
    };
    expect(classifyAnswer(a, ctx)).toMatchObject({ verdict: 'no', how: 'comment', by: 'ada', scope: 'owner' });
    expect(classifyAnswer({ ...base, comments: [comment('rando', 'This is spam.')] }, ctx)).toBeUndefined();
    expect(classifyAnswer({ ...base, reactions: [reaction('root', '-1')] }, ctx)).toMatchObject({ verdict: 'no', how: 'reaction' });
  });

  it('reads labels and a close by someone other than the bot', () => {
    expect(classifyAnswer({ ...base, labels: ['Helicone: Yes'] }, ctx)).toMatchObject({ verdict: 'yes', how: 'label' });
    expect(classifyAnswer({ ...base, labels: ['helicone: no', 'helicone: yes'] }, ctx)).toMatchObject({ verdict: 'no', how: 'label' });
    expect(classifyAnswer({ ...base, state: 'closed', closedBy: 'tri', closedAt: '2026-12-02T00:00:00Z' }, ctx)).toMatchObject({
      verdict: 'no',
      how: 'closed',
      by: 'tri',
    });
    expect(classifyAnswer({ ...base, state: 'closed', closedBy: 'helicone-bot' }, ctx)).toBeUndefined();
  });

  it('lists each non-bot author once for the permission reads', () => {
    const a = {
      ...base,
      comments: [comment('ada', 'x'), comment('ada', 'y'), comment('helicone-bot', 'z')],
      reactions: [reaction('max', '+1')],
    };
    expect(authorsToCheck(a, 'helicone-bot')).toEqual(['ada', 'max']);
  });
});
