/**
 * What the tracker reads of a PR's conversation, from both forges: the GitHub forge against the fake GitHub (issue
 * comments, reviews and review comments on lines, `since`, pagination past 100, closing with one comment) and the
 * local forge, where a test (or the demo) plays the maintainer.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { GitHubForge } from '../../src/adapters/forge/github/github-forge';
import { LocalForge } from '../../src/adapters/forge/local/local-forge';
import { FakeGitHub } from '../helpers/fake-github/fake-github-server';
import { makeRepo } from '../helpers/fixture-repos';

const TOKEN = 'ghp_conversationtoken000000000000';
let gh: FakeGitHub;
let forge: GitHubForge;

beforeAll(async () => {
  gh = new FakeGitHub({ token: TOKEN });
  await gh.start();
  forge = new GitHubForge({ token: TOKEN, apiUrl: gh.apiUrl });
});
afterAll(() => gh?.stop());

function openPull(name: string) {
  gh.addRepo('up', name, { 'README.md': '# app\n' });
  return gh.addPull('up', name, {
    title: 't',
    body: 'b',
    state: 'open',
    head: { owner: 'helicone-bot', name, ref: 'helicone/x' },
    base: 'main',
    user: 'helicone-bot',
  });
}

it('the GitHub forge reads comments, reviews and line comments, oldest first, with their authors and links', async () => {
  const pr = openPull('talk');
  const repo = { owner: 'up', name: 'talk' };
  await forge.commentOnPullRequest(repo, pr.number, 'A note from the bot.');
  gh.maintainerSays('up', 'talk', pr.number, { comment: 'Why is this needed?', user: 'alice', at: '2026-11-02T10:00:00Z' });
  gh.maintainerSays('up', 'talk', pr.number, {
    review: 'CHANGES_REQUESTED',
    body: 'Use our config.',
    user: 'bob',
    at: '2026-11-03T10:00:00Z',
  });
  gh.maintainerSays('up', 'talk', pr.number, {
    lineComment: 'Not here.',
    path: 'src/ai.ts',
    line: 3,
    user: 'bob',
    at: '2026-11-03T10:00:01Z',
  });

  const all = await forge.getPullRequestConversation(repo, pr.number);
  const theirs = all.filter((m) => m.author !== gh.botLogin);
  expect(theirs).toEqual([
    expect.objectContaining({ kind: 'comment', author: 'alice', body: 'Why is this needed?', createdAt: '2026-11-02T10:00:00Z' }),
    expect.objectContaining({ kind: 'review', author: 'bob', body: 'Use our config.', reviewState: 'changes_requested' }),
    expect.objectContaining({ kind: 'review_comment', author: 'bob', body: 'Not here.', path: 'src/ai.ts', line: 3 }),
  ]);
  for (const m of theirs) expect(m.url).toMatch(new RegExp(`^${gh.baseUrl}/up/talk/pull/${pr.number}#`));
  expect(new Set(all.map((m) => m.id)).size).toBe(all.length);
  // The bot's own comment is there, by the bot's login (the tracker leaves it out).
  expect(all.find((m) => m.body === 'A note from the bot.')?.author).toBe(await forge.botLogin());

  // `since`: only what was written at or after it.
  const later = await forge.getPullRequestConversation(repo, pr.number, '2026-11-03T00:00:00Z');
  expect(later.filter((m) => m.author !== 'helicone-bot').map((m) => m.kind)).toEqual(['review', 'review_comment']);
  expect(gh.requests.filter((r) => r.path.includes('since=2026-11-03')).length).toBe(2);
});

it('the GitHub forge follows pagination past 100 comments', async () => {
  const pr = openPull('busy');
  for (let i = 0; i < 130; i++) {
    gh.maintainerSays('up', 'busy', pr.number, { comment: `comment ${i}`, at: new Date(Date.UTC(2026, 10, 1, 0, i)).toISOString() });
  }
  const all = await forge.getPullRequestConversation({ owner: 'up', name: 'busy' }, pr.number);
  expect(all.map((m) => m.body)).toEqual(Array.from({ length: 130 }, (_, i) => `comment ${i}`));
});

it('the GitHub forge closes a PR with one comment, and a retry neither comments again nor fails', async () => {
  const pr = openPull('closing');
  const repo = { owner: 'up', name: 'closing' };
  await forge.closePullRequest(repo, pr.number, 'Closing, thanks.', { firstTry: true });
  await forge.closePullRequest(repo, pr.number, 'Closing, thanks.');
  expect(pr.state).toBe('closed');
  expect(pr.comments).toEqual(['Closing, thanks.']);
  expect(gh.count('PATCH', new RegExp(`/up/closing/pulls/${pr.number}$`))).toBe(1);
  expect(gh.count('POST', new RegExp(`/up/closing/issues/${pr.number}/comments$`))).toBe(1);
});

it('the local forge plays a maintainer: comments, line comments and reviews with words, apart from the bot', async () => {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'hi-conv-'));
  try {
    const local = new LocalForge({ dataDir });
    const dir = await makeRepo('local-talk', { 'README.md': '# app\n' });
    const repo = { owner: 'up', name: path.basename(dir) };
    await local.getRepository({ ...repo, url: dir });
    const pr = await local.ensurePullRequest({ repo, head: { ...repo, branch: 'trunk' }, base: 'trunk', title: 't', body: 'b' });
    await local.commentOnPullRequest(repo, pr.number, 'From the bot.');
    await local.maintainerComment(repo, pr.number, 'Please stop.', 'carol');
    await local.maintainerComment(repo, pr.number, 'Rename this.', 'carol', { path: 'README.md', line: 1 });
    await local.reviewPullRequest(repo, pr.number, 'changes_requested', 'dave', 'Not like this.');
    // The same words as the bot's last comment are still the maintainer's, and the bot's retry is still one comment.
    await local.commentOnPullRequest(repo, pr.number, 'Please stop.');
    await local.commentOnPullRequest(repo, pr.number, 'Please stop.');

    const all = await local.getPullRequestConversation(repo, pr.number);
    const bot = await local.botLogin();
    // Oldest first (the review and the bot's last comment may share a millisecond, so the comments are checked apart).
    expect(all.filter((m) => m.kind !== 'review').map((m) => [m.kind, m.author, m.body])).toEqual([
      ['comment', bot, 'From the bot.'],
      ['comment', 'carol', 'Please stop.'],
      ['review_comment', 'carol', 'Rename this.'],
      ['comment', bot, 'Please stop.'],
    ]);
    expect(all.map((m) => m.createdAt)).toEqual(all.map((m) => m.createdAt).sort());
    expect(all.filter((m) => m.kind === 'review').map((m) => [m.author, m.body])).toEqual([['dave', 'Not like this.']]);
    expect(all.find((m) => m.kind === 'review_comment')).toMatchObject({ path: 'README.md', line: 1 });
    expect(all.find((m) => m.kind === 'review')).toMatchObject({ reviewState: 'changes_requested' });
    await expect(local.maintainerComment(repo, pr.number, 'x', bot)).rejects.toThrow(/bot account/);
    const future = new Date(Date.now() + 60_000).toISOString();
    expect(await local.getPullRequestConversation(repo, pr.number, future)).toEqual([]);
  } finally {
    await fs.rm(dataDir, { recursive: true, force: true });
  }
});
