/**
 * The GitHub forge against a fake GitHub REST API with real git smart HTTP: forking (including a fork that is not
 * ready at first), rate limits, 5xx, an existing PR, a revoked token, and git authentication by header only.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { commitAuthor } from '../../src/activities/integrate.activity';
import { GitHubForge } from '../../src/adapters/forge/github/github-forge';
import { countingForge, measureForgeUse } from '../../src/adapters/forge/counting-forge';
import { RepositoryNotFoundError, RepositorySkippedError } from '../../src/adapters/forge/forge-errors';
import { commitAll, ensureClone, pushBranch } from '../../src/adapters/git/workspace';
import { runGit } from '../../src/adapters/git/run-git';
import { FakeGitHub } from '../helpers/fake-github/fake-github-server';

const TOKEN = 'ghp_faketoken1234567890abcdef';
let gh: FakeGitHub;
let forge: GitHubForge;
let n = 0;
let name: string;

beforeAll(async () => {
  gh = new FakeGitHub({ token: TOKEN });
  await gh.start();
});
afterAll(() => gh?.stop());

beforeEach(() => {
  n++;
  name = `app${n}`;
  gh.addRepo(
    'acme',
    name,
    { 'src/ai.ts': "import OpenAI from 'openai';\nexport const ai = new OpenAI();\n" },
    { defaultBranch: 'develop' },
  );
  gh.token = TOKEN;
  gh.faults.length = 0;
  gh.forkNotReadyGets = 0;
  forge = new GitHubForge({ token: TOKEN, apiUrl: gh.apiUrl, forkReadyTimeoutMs: 20_000 });
});

const upstream = () => ({ owner: 'acme', name, url: `${gh.baseUrl}/acme/${name}` });

describe('GitHubForge', () => {
  it("commits as the token's account with its GitHub noreply address, unless an identity is configured", async () => {
    expect(await forge.botIdentity()).toEqual({ name: 'helicone-bot', email: '4242+helicone-bot@users.noreply.github.com' });
    expect(await commitAuthor({ forge, config: { DATA_DIR: '/x', BRANCH_PREFIX: 'b-' } })).toEqual({
      name: 'helicone-bot',
      email: '4242+helicone-bot@users.noreply.github.com',
    });
    expect(
      await commitAuthor({
        forge,
        config: { DATA_DIR: '/x', BRANCH_PREFIX: 'b-', COMMIT_AUTHOR_NAME: 'Acme Bot', COMMIT_AUTHOR_EMAIL: 'bot@acme.dev' },
      }),
    ).toEqual({ name: 'Acme Bot', email: 'bot@acme.dev' });
  });

  it('reads the default branch from GitHub and refuses missing and archived repositories', async () => {
    const info = await forge.getRepository(upstream());
    expect(info.defaultBranch).toBe('develop');
    expect(info.headSha).toMatch(/^[0-9a-f]{40}$/);
    await expect(forge.getRepository({ owner: 'acme', name: 'missing', url: '' })).rejects.toBeInstanceOf(RepositoryNotFoundError);
    gh.addRepo('acme', `${name}-old`, { 'a.txt': 'x' }, { archived: true });
    await expect(forge.getRepository({ owner: 'acme', name: `${name}-old`, url: '' })).rejects.toBeInstanceOf(RepositorySkippedError);
  });

  it('waits for a new fork by polling, then reuses it and syncs it with upstream', async () => {
    gh.forkNotReadyGets = 3;
    const fork = await forge.ensureFork(upstream());
    expect(fork.coords).toMatchObject({ owner: 'helicone-bot', name });
    expect(gh.count('GET', new RegExp(`/repos/helicone-bot/${name}/branches/develop`))).toBe(4);
    const again = await forge.ensureFork(upstream());
    expect(again.coords.name).toBe(name);
    expect(gh.count('POST', new RegExp(`/repos/acme/${name}/forks`))).toBe(1);
    expect(gh.count('POST', new RegExp(`/repos/helicone-bot/${name}/merge-upstream`))).toBe(1);
  });

  it('waits out a secondary rate limit (retry-after) and retries a 500', async () => {
    gh.faults.push({
      method: 'POST',
      path: /\/forks$/,
      status: 403,
      headers: { 'retry-after': '1' },
      body: { message: 'You have exceeded a secondary rate limit' },
    });
    gh.faults.push({ method: 'GET', path: new RegExp(`^/repos/acme/${name}$`), status: 500 });
    const started = Date.now();
    const fork = await forge.ensureFork(upstream());
    expect(fork.coords.owner).toBe('helicone-bot');
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(gh.requests.filter((r) => r.path === `/api/v3/repos/acme/${name}/forks`).map((r) => r.status)).toEqual([403, 202]);
  });

  it('authenticates git by header: clone and push work, and the token is in no URL or config', async () => {
    const fork = await forge.ensureFork(upstream());
    const dir = path.join(await fs.mkdtemp(path.join(os.tmpdir(), 'gh-clone-')), 'w');
    await ensureClone({ cloneUrl: fork.coords.cloneUrl, dir, auth: forge.gitAuth() });
    await fs.writeFile(path.join(dir, 'x.txt'), 'hello');
    await commitAll(dir, 'add x', { name: 'Bot', email: 'bot@example.com' });
    await pushBranch(dir, fork.coords.cloneUrl, 'helicone/test', { force: true, auth: forge.gitAuth() });
    expect(await runGit(['rev-parse', 'refs/heads/helicone/test'], { cwd: gh.repoPath('helicone-bot', name) })).toBeTruthy();
    const config = await fs.readFile(path.join(dir, '.git', 'config'), 'utf8');
    expect(config).not.toContain(TOKEN);
    expect(config).not.toContain(Buffer.from(`x-access-token:${TOKEN}`).toString('base64'));
    // Without the header git is refused, and the error does not leak the token.
    await expect(ensureClone({ cloneUrl: fork.coords.cloneUrl, dir: `${dir}-noauth` })).rejects.toThrow(/git clone failed/);
  });

  it('opens a PR once: a second call and a lost 422 "already exists" both return the same PR', async () => {
    const fork = await forge.ensureFork(upstream());
    const dir = path.join(await fs.mkdtemp(path.join(os.tmpdir(), 'gh-pr-')), 'w');
    await ensureClone({ cloneUrl: fork.coords.cloneUrl, dir, auth: forge.gitAuth() });
    await fs.writeFile(path.join(dir, 'x.txt'), 'hello');
    await commitAll(dir, 'add x', { name: 'Bot', email: 'bot@example.com' });
    await pushBranch(dir, fork.coords.cloneUrl, 'helicone/pr', { force: true, auth: forge.gitAuth() });
    const params = {
      repo: { owner: 'acme', name },
      head: { owner: 'helicone-bot', name, branch: 'helicone/pr' },
      base: 'develop',
      title: 'Add Helicone',
      body: 'v1',
    };
    const first = await forge.ensurePullRequest(params);
    const second = await forge.ensurePullRequest({ ...params, body: 'v2' });
    expect(second.number).toBe(first.number);
    expect(gh.pullsOf('acme', name)).toHaveLength(1);
    expect(gh.pullsOf('acme', name)[0]!.body).toBe('v2');
    // The list call misses it once (replication lag) and create answers 422: the forge reads it back.
    gh.faults.push({ method: 'GET', path: /\/pulls$/, status: 200, body: [] });
    const third = await forge.ensurePullRequest({ ...params, body: 'v3' });
    expect(third.number).toBe(first.number);
    expect(gh.pullsOf('acme', name)).toHaveLength(1);
    expect(await forge.getPullRequestDiff({ owner: 'acme', name }, first.number)).toContain('+hello');
    await forge.closePullRequest({ owner: 'acme', name }, first.number, 'closing');
    expect(gh.pullsOf('acme', name)[0]).toMatchObject({ state: 'closed', comments: ['closing'] });
  });

  it('explains a revoked token clearly, without the token', async () => {
    gh.token = 'ghp_rotated';
    const err = (await forge.getRepository(upstream()).catch((e: Error) => e)) as Error;
    expect(err.name).toBe('GitHubAuthError');
    expect(err.message).toMatch(/GITHUB_TOKEN is missing, expired or revoked/);
    expect(err.message).not.toContain(TOKEN);
  });

  it('counts the API requests an operation makes, and the forge calls through a counting forge', async () => {
    const counting = countingForge(forge);
    const { use } = await measureForgeUse(() => counting.ensureFork(upstream()));
    expect(use.calls).toEqual(['ensureFork']);
    expect(use.requests).toEqual([
      'GET /repos/{owner}/{repo}',
      'GET /repos/{owner}/{repo}/branches/{branch}',
      'GET /user',
      'GET /repos/{owner}/{repo}',
      'POST /repos/{owner}/{repo}/forks',
      'GET /repos/{owner}/{repo}/branches/{branch}',
    ]);
  });
});
