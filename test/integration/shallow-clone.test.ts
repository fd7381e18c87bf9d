/**
 * The working copy over git smart HTTP (the fake GitHub): a shallow clone of the default branch only, deep enough for
 * the commit-style analysis, that can still branch, commit and push to the fork; a later attempt on another worker
 * fetches the version in review; and the local forge's plain paths keep their hard-linked (non-shallow) clone.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { analyzeRepository } from '../../src/activities/analyze-repository';
import { GitHubForge } from '../../src/adapters/forge/github/github-forge';
import { countGitCommands, runGit } from '../../src/adapters/git/run-git';
import { CLONE_DEPTH, checkoutFreshBranch, commitAll, ensureClone, isLocalPath, pushBranch } from '../../src/adapters/git/workspace';
import { FakeGitHub } from '../helpers/fake-github/fake-github-server';

const execFileP = promisify(execFile);
const TOKEN = 'ghp_shallowtoken00000000000000000';
const author = { name: 'Test Bot', email: 'bot@example.com' };
let gh: FakeGitHub;
let tmp: string;

beforeAll(async () => {
  gh = new FakeGitHub({ token: TOKEN });
  await gh.start();
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'shallow-clone-'));
});
afterAll(async () => {
  await gh?.stop();
  await fs.rm(tmp, { recursive: true, force: true });
});

/** Adds `count` conventional commits on top of the fake repository's default branch, and a second branch. */
async function growHistory(bare: string, branch: string, count: number): Promise<void> {
  const work = path.join(tmp, `grow-${path.basename(bare)}`);
  const env = {
    ...process.env,
    GIT_AUTHOR_NAME: 'M',
    GIT_AUTHOR_EMAIL: 'm@example.com',
    GIT_COMMITTER_NAME: 'M',
    GIT_COMMITTER_EMAIL: 'm@example.com',
  };
  const git = (...args: string[]) => execFileP('git', args, { cwd: work, env });
  await execFileP('git', ['clone', '-q', bare, work]);
  for (let i = 0; i < count; i++) {
    await fs.writeFile(path.join(work, `f${i}.txt`), `${i}\n`);
    await git('add', '-A');
    await git('commit', '-q', '-m', `feat: step ${i}`);
  }
  await git('push', '-q', 'origin', `HEAD:${branch}`, `HEAD~5:refs/heads/old-feature`);
}

/** The remote-tracking branches of a clone (origin/HEAD, a pointer to one of them, left out). */
async function remoteBranches(dir: string): Promise<string[]> {
  const { stdout } = await runGit(['for-each-ref', '--format=%(refname)', 'refs/remotes'], { cwd: dir });
  return stdout.split('\n').filter((r) => r && r !== 'refs/remotes/origin/HEAD');
}

it('clones shallow and single-branch over HTTP, deep enough for the commit-style analysis, and pushes from it', async () => {
  gh.addRepo(
    'acme',
    'deep',
    { 'src/ai.ts': "import OpenAI from 'openai';\nexport const ai = new OpenAI();\n" },
    { defaultBranch: 'trunk' },
  );
  await growHistory(gh.repoPath('acme', 'deep'), 'trunk', 45);
  const forge = new GitHubForge({ token: TOKEN, apiUrl: gh.apiUrl, forkReadyTimeoutMs: 20_000 });
  const fork = await forge.ensureFork({ owner: 'acme', name: 'deep', url: '' });
  expect(isLocalPath(fork.coords.cloneUrl)).toBe(false);

  const dir = path.join(tmp, 'w1');
  await ensureClone({ cloneUrl: fork.coords.cloneUrl, dir, auth: forge.gitAuth(), branch: 'trunk', need: fork.headSha });
  const git = async (...args: string[]) => (await runGit(args, { cwd: dir })).stdout.trim();
  expect(await git('rev-parse', '--is-shallow-repository')).toBe('true');
  // 46 commits upstream; the clone holds the newest CLONE_DEPTH, which is all the analysis reads.
  expect(Number(await git('rev-list', '--count', 'HEAD'))).toBe(CLONE_DEPTH);
  // Only the branch needed: the fork's other branch was not fetched.
  expect(await remoteBranches(dir)).toEqual(['refs/remotes/origin/trunk']);
  expect((await analyzeRepository(dir)).conventionalCommits).toBe(true);

  // The same clone is used again without a fetch when it holds the base commit (one git process).
  const again = await countGitCommands(() =>
    ensureClone({ cloneUrl: fork.coords.cloneUrl, dir, auth: forge.gitAuth(), branch: 'trunk', need: fork.headSha }),
  );
  expect(again.commands).toEqual(['rev-parse']);
  expect(again.result.hasNeed).toBe(true);

  // Branch, commit and push from the shallow clone: the fork has the history, so GitHub accepts it.
  await checkoutFreshBranch(dir, 'helicone/deep', fork.headSha);
  await fs.writeFile(path.join(dir, 'helicone.txt'), 'routed\n');
  const sha = (await commitAll(dir, 'feat: add Helicone', author))!;
  await pushBranch(dir, fork.coords.cloneUrl, 'helicone/deep', { force: true, auth: forge.gitAuth() });
  expect((await runGit(['rev-parse', 'refs/heads/helicone/deep'], { cwd: gh.repoPath('helicone-bot', 'deep') })).stdout.trim()).toBe(sha);

  // Another worker, a later attempt: a fresh shallow clone that also fetches the version in review.
  const other = path.join(tmp, 'w2');
  await ensureClone({
    cloneUrl: fork.coords.cloneUrl,
    dir: other,
    auth: forge.gitAuth(),
    branch: 'trunk',
    need: fork.headSha,
    refresh: ['helicone/deep'],
  });
  expect((await runGit(['rev-parse', 'origin/helicone/deep'], { cwd: other })).stdout.trim()).toBe(sha);
  expect((await runGit(['rev-parse', '--is-shallow-repository'], { cwd: other })).stdout.trim()).toBe('true');
});

it('clones a plain path (the local forge) by hard links: not shallow, but still only the branch asked for', async () => {
  gh.addRepo('acme', 'local', { 'a.txt': 'a\n' }, { defaultBranch: 'trunk' });
  const bare = gh.repoPath('acme', 'local');
  await growHistory(bare, 'trunk', 6);
  expect(isLocalPath(bare)).toBe(true);
  const dir = path.join(tmp, 'local');
  await ensureClone({ cloneUrl: bare, dir, branch: 'trunk' });
  expect((await runGit(['rev-parse', '--is-shallow-repository'], { cwd: dir })).stdout.trim()).toBe('false');
  expect(await remoteBranches(dir)).toEqual(['refs/remotes/origin/trunk']);
});
