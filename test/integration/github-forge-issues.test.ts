/**
 * The GitHub forge's issue methods (ask first) against the fake GitHub: a proposal opened twice is one issue (found
 * by its marker), its activity (comments, reactions, labels, who closed it), a close that comments once however
 * often it is retried, and collaborator permissions (maintain and triage read from `role_name`; a 404 is no access).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { GitHubForge } from '../../src/adapters/forge/github/github-forge';
import { FakeGitHub } from '../helpers/fake-github/fake-github-server';

const TOKEN = 'ghp_issuestoken00000000000000000000';
let gh: FakeGitHub;
let forge: GitHubForge;
const repo = { owner: 'acme', name: 'issues-app' };

beforeAll(async () => {
  gh = new FakeGitHub({ token: TOKEN });
  await gh.start();
  gh.addRepo(repo.owner, repo.name, { 'README.md': '# app\n' });
  forge = new GitHubForge({ token: TOKEN, apiUrl: gh.apiUrl });
});

afterAll(async () => {
  await gh?.stop();
});

it('opens a proposal once: a second call finds it by its marker, and numbers follow the pull requests', async () => {
  gh.addPull(repo.owner, repo.name, {
    title: 'Someone else',
    body: '',
    state: 'open',
    head: { owner: 'x', name: repo.name, ref: 'x' },
    base: 'main',
    user: 'x',
  });
  const first = await forge.ensureIssue(repo, { title: 'Proposal', body: 'Hello\n<!-- m:1 -->', marker: '<!-- m:1 -->' });
  const again = await forge.ensureIssue(repo, { title: 'Proposal', body: 'Hello\n<!-- m:1 -->', marker: '<!-- m:1 -->' });
  expect(first).toEqual({ number: 2, url: `${gh.baseUrl}/acme/issues-app/issues/2`, state: 'open' });
  expect(again).toEqual(first);
  const other = await forge.ensureIssue(repo, { title: 'Another', body: '<!-- m:2 -->', marker: '<!-- m:2 -->' });
  expect(other.number).toBe(3);
  expect(gh.issuesOf(repo.owner, repo.name)).toHaveLength(2);
  expect(gh.count('POST', /\/repos\/acme\/issues-app\/issues$/)).toBe(2);
});

it('reads comments, reactions, labels and who closed it; closes once with one comment', async () => {
  const { number } = await forge.ensureIssue(repo, { title: 'P', body: '<!-- m:3 -->', marker: '<!-- m:3 -->' });
  gh.maintainerOnIssue(repo.owner, repo.name, number, { comment: 'Sounds good' }, 'ada');
  gh.maintainerOnIssue(repo.owner, repo.name, number, { react: 'rocket' }, 'max');
  gh.maintainerOnIssue(repo.owner, repo.name, number, { label: 'helicone: yes' }, 'max');
  const a = await forge.getIssueActivity(repo, number);
  expect(a).toMatchObject({ state: 'open', labels: ['helicone: yes'] });
  expect(a.comments).toEqual([
    expect.objectContaining({ author: 'ada', body: 'Sounds good', url: expect.stringMatching(/issues\/\d+#issuecomment-\d+$/) }),
  ]);
  expect(a.reactions).toEqual([expect.objectContaining({ author: 'max', content: 'rocket' })]);

  await forge.closeIssue(repo, number, 'Closing, thanks.');
  await forge.closeIssue(repo, number, 'Closing, thanks.');
  const closed = await forge.getIssueActivity(repo, number);
  expect(closed).toMatchObject({ state: 'closed', closedBy: gh.botLogin });
  expect(closed.comments.filter((c) => c.author === gh.botLogin).map((c) => c.body)).toEqual(['Closing, thanks.']);

  const { number: n2 } = await forge.ensureIssue(repo, { title: 'P', body: '<!-- m:4 -->', marker: '<!-- m:4 -->' });
  gh.maintainerOnIssue(repo.owner, repo.name, n2, { close: true }, 'tri');
  expect(await forge.getIssueActivity(repo, n2)).toMatchObject({ state: 'closed', closedBy: 'tri' });
});

it('reads permissions: the finer role when GitHub gives one, none for a stranger', async () => {
  gh.setPermission(repo.owner, repo.name, 'max', 'maintain');
  gh.setPermission(repo.owner, repo.name, 'tri', 'triage');
  gh.setPermission(repo.owner, repo.name, 'ada', 'write');
  expect(await forge.permissionOf(repo, 'max')).toBe('maintain');
  expect(await forge.permissionOf(repo, 'tri')).toBe('triage');
  expect(await forge.permissionOf(repo, 'ada')).toBe('write');
  expect(await forge.permissionOf(repo, 'stranger')).toBe('none');
});
