import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runGit } from '../../git/run-git';
import { checkoutFreshBranch, commitAll, ensureClone, pushBranch } from '../../git/workspace';
import { RepositoryNotFoundError } from '../forge-errors';
import { LocalForge } from './local-forge';

const author = { name: 'Test', email: 'test@example.com' };
let root: string;
let forge: LocalForge;

beforeEach(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'local-forge-test-'));
  forge = new LocalForge({ dataDir: path.join(root, 'data') });
});
afterEach(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

/** A plain directory (no .git) with a couple of files, like examples/sample-app. */
async function plainDir(name = 'app'): Promise<string> {
  const dir = path.join(root, 'src', name);
  await fs.mkdir(path.join(dir, 'src'), { recursive: true });
  await fs.writeFile(path.join(dir, 'package.json'), '{"name":"app"}\n');
  await fs.writeFile(path.join(dir, 'src', 'index.ts'), 'export const x = 1;\n');
  return dir;
}

/** A git work tree whose only branch is `branch`. */
async function gitRepo(name: string, branch: string): Promise<string> {
  const dir = path.join(root, 'git', name);
  await fs.mkdir(dir, { recursive: true });
  await runGit(['init', '-q', '-b', branch], { cwd: dir });
  await fs.writeFile(path.join(dir, 'README.md'), '# hi\n');
  await commitAll(dir, 'init', author);
  return dir;
}

const rev = async (cwd: string, ref: string) => (await runGit(['rev-parse', ref], { cwd })).stdout.trim();

describe('getRepository', () => {
  it('imports a plain directory deterministically, and makes a new commit only when the tree changes', async () => {
    const src = await plainDir();
    await fs.mkdir(path.join(src, 'node_modules', 'dep'), { recursive: true });
    await fs.writeFile(path.join(src, 'node_modules', 'dep', 'index.js'), 'junk');
    const a = await forge.getRepository({ owner: 'acme', name: 'app', url: src });
    expect(a.defaultBranch).toBe('main');
    expect(a.headSha).toMatch(/^[0-9a-f]{40}$/);
    expect(a.coords.cloneUrl).toBe(path.join(root, 'data', 'forge', 'repos', 'acme', 'app.git'));
    expect(path.isAbsolute(a.coords.cloneUrl)).toBe(true);
    expect(a.coords.webUrl).toBe(pathToFileURL(a.coords.cloneUrl).href);
    const files = (await runGit(['ls-tree', '-r', '--name-only', 'main'], { cwd: a.coords.cloneUrl })).stdout.split('\n').filter(Boolean);
    expect(files.sort()).toEqual(['package.json', 'src/index.ts']);

    // Same content, even in a different forge: same sha.
    const again = await forge.getRepository({ owner: 'acme', name: 'app', url: pathToFileURL(src).href });
    expect(again.headSha).toBe(a.headSha);
    const other = new LocalForge({ dataDir: path.join(root, 'data2') });
    expect((await other.getRepository({ owner: 'acme', name: 'app', url: src })).headSha).toBe(a.headSha);

    await fs.writeFile(path.join(src, 'src', 'index.ts'), 'export const x = 2;\n');
    const changed = await forge.getRepository({ owner: 'acme', name: 'app', url: src });
    expect(changed.headSha).not.toBe(a.headSha);
    expect(await rev(changed.coords.cloneUrl, `${changed.headSha}^`)).toBe(a.headSha);
  });

  it('reports the default branch of a git work tree (trunk, not an assumed main) and mirrors its branches', async () => {
    const src = await gitRepo('svc', 'trunk');
    await runGit(['branch', 'feature'], { cwd: src });
    const info = await forge.getRepository({ owner: 'acme', name: 'svc', url: src });
    expect(info.defaultBranch).toBe('trunk');
    expect(info.headSha).toBe(await rev(src, 'HEAD'));
    expect(await rev(info.coords.cloneUrl, 'refs/heads/feature')).toBe(info.headSha);
    expect((await runGit(['symbolic-ref', 'HEAD'], { cwd: info.coords.cloneUrl })).stdout.trim()).toBe('refs/heads/trunk');
  });

  it('mirrors a bare source too', async () => {
    const work = await gitRepo('w', 'develop');
    const bare = path.join(root, 'git', 'bare.git');
    await runGit(['clone', '-q', '--bare', work, bare]);
    const info = await forge.getRepository({ owner: 'acme', name: 'bare', url: bare });
    expect(info.defaultBranch).toBe('develop');
  });

  it('treats a plain directory inside another repository as a plain directory', async () => {
    const outer = await gitRepo('outer', 'main');
    const inner = path.join(outer, 'examples', 'sample');
    await fs.mkdir(inner, { recursive: true });
    await fs.writeFile(path.join(inner, 'only.txt'), 'x\n');
    const info = await forge.getRepository({ owner: 'acme', name: 'sample', url: inner });
    const files = (await runGit(['ls-tree', '-r', '--name-only', info.headSha], { cwd: info.coords.cloneUrl })).stdout.trim();
    expect(files).toBe('only.txt');
  });

  it('throws RepositoryNotFoundError for a missing path, naming it, and for an empty repository', async () => {
    const missing = path.join(root, 'nope');
    const err = await forge.getRepository({ owner: 'a', name: 'nope', url: missing }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RepositoryNotFoundError);
    expect((err as Error).message).toContain(missing);

    const empty = path.join(root, 'empty');
    await fs.mkdir(empty);
    await runGit(['init', '-q'], { cwd: empty });
    await expect(forge.getRepository({ owner: 'a', name: 'empty', url: empty })).rejects.toThrow(RepositoryNotFoundError);
    await expect(forge.getRepository({ owner: 'a', name: 'empty', url: empty })).rejects.toThrow(/is empty/);
    // Nothing was left behind in the forge for the bad sources.
    await expect(fs.stat(forge.repoPath({ owner: 'a', name: 'empty' }))).rejects.toThrow();
  });

  it('keeps the forge’s refs/pull/* when refreshing from the source', async () => {
    const src = await gitRepo('keep', 'main');
    const info = await forge.getRepository({ owner: 'acme', name: 'keep', url: src });
    await runGit(['update-ref', 'refs/pull/1/head', info.headSha], { cwd: info.coords.cloneUrl });
    await forge.getRepository({ owner: 'acme', name: 'keep', url: src });
    expect(await rev(info.coords.cloneUrl, 'refs/pull/1/head')).toBe(info.headSha);
  });
});

describe('ensureFork', () => {
  it('returns the same fork twice, and brings it up to date when upstream advanced', async () => {
    const src = await gitRepo('lib', 'trunk');
    const up = { owner: 'acme', name: 'lib', url: src };
    const f1 = await forge.ensureFork(up);
    expect(f1.coords.owner).toBe('helicone-bot');
    expect(f1.coords.name).toBe('lib');
    expect(f1.defaultBranch).toBe('trunk');
    // Only the call that made the fork says so (the PR steps skip a lookup on that word).
    expect(f1.created).toBe(true);
    const f2 = await forge.ensureFork(up);
    expect(f2.created).toBeUndefined();
    expect(f2).toEqual({ ...f1, created: undefined });

    await fs.writeFile(path.join(src, 'more.txt'), 'more\n');
    const next = (await commitAll(src, 'more', author))!;
    const f3 = await forge.ensureFork(up);
    expect(f3.coords).toEqual(f1.coords);
    expect(f3.headSha).toBe(next);
    expect(await rev(f3.coords.cloneUrl, 'refs/heads/trunk')).toBe(next);
  });

  it('gives a same-named repository of another owner its own fork', async () => {
    const a = await gitRepo('a/app', 'main');
    const b = await gitRepo('b/app', 'main');
    const fa = await forge.ensureFork({ owner: 'alice', name: 'app', url: a });
    const fb = await forge.ensureFork({ owner: 'bob', name: 'app', url: b });
    expect(fa.coords.name).toBe('app');
    expect(fb.coords.name).toBe('app-1');
    expect((await forge.ensureFork({ owner: 'bob', name: 'app', url: b })).coords.name).toBe('app-1');
    expect((await forge.ensureFork({ owner: 'alice', name: 'app', url: a })).coords.name).toBe('app');
  });

  it('survives concurrent calls: one fork, created by exactly one of them', async () => {
    const src = await gitRepo('conc', 'main');
    const up = { owner: 'acme', name: 'conc', url: src };
    const results = await Promise.all([forge.ensureFork(up), forge.ensureFork(up), forge.ensureFork(up)]);
    expect(results[1].coords).toEqual(results[0].coords);
    expect(results[2].coords).toEqual(results[0].coords);
    // The name is claimed before the copy starts, outside the lock: the calls behind it wait for that copy.
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(await rev(results[0].coords.cloneUrl, 'refs/heads/main')).toBe(results[0].headSha);
  });

  it('gives same-named upstreams forked at the same moment separate forks', async () => {
    const a = await gitRepo('ca/app', 'main');
    const b = await gitRepo('cb/app', 'main');
    const [fa, fb] = await Promise.all([
      forge.ensureFork({ owner: 'alice', name: 'app', url: a }),
      forge.ensureFork({ owner: 'bob', name: 'app', url: b }),
    ]);
    expect([fa.coords.name, fb.coords.name].sort()).toEqual(['app', 'app-1']);
    expect(fa.created && fb.created).toBe(true);
    // Each is a copy of its own upstream.
    expect(await rev(fa.coords.cloneUrl, 'refs/heads/main')).toBe(await rev(a, 'refs/heads/main'));
    expect(await rev(fb.coords.cloneUrl, 'refs/heads/main')).toBe(await rev(b, 'refs/heads/main'));
    expect((await forge.ensureFork({ owner: 'bob', name: 'app', url: b })).coords.name).toBe(fb.coords.name);
  });
});

describe('pull requests', () => {
  /** Fork a repository, push a branch with one change to the fork, return what a PR needs. */
  async function forkWithBranch(branch = 'helicone/integration') {
    const src = await gitRepo('web', 'main');
    const up = await forge.getRepository({ owner: 'acme', name: 'web', url: src });
    const fork = await forge.ensureFork({ owner: 'acme', name: 'web', url: src });
    const dir = path.join(root, 'work');
    await ensureClone({ cloneUrl: fork.coords.cloneUrl, dir });
    await checkoutFreshBranch(dir, branch, fork.headSha);
    await fs.writeFile(path.join(dir, 'helicone.ts'), 'export const HELICONE = true;\n');
    await commitAll(dir, 'add helicone', author);
    await pushBranch(dir, fork.coords.cloneUrl, branch, { force: true });
    const forkRepo = { owner: fork.coords.owner, name: fork.coords.name };
    return { up, fork, forkRepo, dir, head: { ...forkRepo, branch } };
  }

  it('ensurePullRequest twice for the same head: same number, updated body; the diff shows the change', async () => {
    const { forkRepo, head } = await forkWithBranch();
    const params = { repo: forkRepo, head, base: 'main', title: 'Add Helicone', body: 'v1' };
    const first = await forge.ensurePullRequest(params);
    expect(first).toMatchObject({ number: 1, repo: 'helicone-bot/web', head: head.branch, base: 'main', state: 'open' });
    expect(first.url).toMatch(/^file:\/\/.*\/forge\/pulls\/helicone-bot\/web\/1\.json$/);
    const second = await forge.ensurePullRequest({ ...params, title: 'Add Helicone (v2)', body: 'v2' });
    expect(second.number).toBe(1);
    const record = (await forge.getPullRequest(forkRepo, 1))!;
    expect(record).toMatchObject({ title: 'Add Helicone (v2)', body: 'v2', head, base: 'main', state: 'open' });
    expect(JSON.parse(await fs.readFile(new URL(first.url), 'utf8'))).toMatchObject({ number: 1, body: 'v2' });
    expect(await forge.findPullRequest(forkRepo, { owner: head.owner, branch: head.branch })).toEqual(second);
    expect(await forge.findPullRequest(forkRepo, { owner: head.owner, branch: 'other' })).toBeUndefined();

    const diff = await forge.getPullRequestDiff(forkRepo, 1);
    expect(diff).toContain('+++ b/helicone.ts');
    expect(diff).toContain('+export const HELICONE = true;');
    // No temporary files left beside the records.
    expect(await fs.readdir(path.join(root, 'data', 'forge', 'pulls', 'helicone-bot', 'web'))).toEqual(['1.json']);
  });

  it('numbers PRs per repository and keeps the head ref in step with the branch', async () => {
    const { forkRepo, head, dir, fork } = await forkWithBranch();
    await forge.ensurePullRequest({ repo: forkRepo, head, base: 'main', title: 't', body: 'b' });
    await checkoutFreshBranch(dir, 'helicone/second', fork.headSha);
    await fs.writeFile(path.join(dir, 'second.txt'), 'second\n');
    await commitAll(dir, 'second', author);
    await pushBranch(dir, fork.coords.cloneUrl, 'helicone/second', { force: true });
    const pr2 = await forge.ensurePullRequest({
      repo: forkRepo,
      head: { ...head, branch: 'helicone/second' },
      base: 'main',
      title: 't2',
      body: 'b2',
    });
    expect(pr2.number).toBe(2);
    expect((await forge.listPullRequests(forkRepo)).map((p) => p.number)).toEqual([1, 2]);

    // Force-push a new version of the first branch: the PR's diff follows it.
    await checkoutFreshBranch(dir, head.branch, fork.headSha);
    await fs.writeFile(path.join(dir, 'helicone.ts'), 'export const HELICONE = 2;\n');
    await commitAll(dir, 'v2', author);
    await pushBranch(dir, fork.coords.cloneUrl, head.branch, { force: true });
    expect(await forge.getPullRequestDiff(forkRepo, 1)).toContain('+export const HELICONE = 2;');
  });

  it('opens a PR from the fork into upstream, fetching the head into refs/pull/<n>/head', async () => {
    const { up, head } = await forkWithBranch();
    const upstream = { owner: 'acme', name: 'web' };
    const pr = await forge.ensurePullRequest({ repo: upstream, head, base: up.defaultBranch, title: 'Final', body: 'b' });
    expect(pr).toMatchObject({ number: 1, repo: 'acme/web', state: 'open' });
    expect(await rev(up.coords.cloneUrl, 'refs/pull/1/head')).toBe(await rev(forge.repoPath(head), `refs/heads/${head.branch}`));
    expect(await forge.getPullRequestDiff(upstream, 1)).toContain('+export const HELICONE = true;');
  });

  it('close then ensure again reopens the same PR; closing twice is fine and keeps one comment', async () => {
    const { forkRepo, head } = await forkWithBranch();
    const params = { repo: forkRepo, head, base: 'main', title: 't', body: 'b' };
    const pr = await forge.ensurePullRequest(params);
    await forge.closePullRequest(forkRepo, pr.number, 'Superseded by v2');
    await forge.closePullRequest(forkRepo, pr.number, 'Superseded by v2');
    const closed = (await forge.getPullRequest(forkRepo, pr.number))!;
    expect(closed.state).toBe('closed');
    expect(closed.comments.map((c) => c.body)).toEqual(['Superseded by v2']);
    expect((await forge.findPullRequest(forkRepo, head))?.state).toBe('closed');

    const reopened = await forge.ensurePullRequest({ ...params, body: 'again' });
    expect(reopened).toMatchObject({ number: pr.number, state: 'open' });
    expect((await forge.getPullRequest(forkRepo, pr.number))?.body).toBe('again');
  });

  it('refuses a PR whose head branch does not exist, without writing a record', async () => {
    const { forkRepo, head } = await forkWithBranch();
    await expect(
      forge.ensurePullRequest({ repo: forkRepo, head: { ...head, branch: 'missing' }, base: 'main', title: 't', body: 'b' }),
    ).rejects.toThrow(RepositoryNotFoundError);
    expect(await forge.listPullRequests(forkRepo)).toEqual([]);
    await expect(forge.closePullRequest(forkRepo, 9)).rejects.toThrow(/#9 not found/);
  });

  it('concurrent ensurePullRequest calls for one head make one PR', async () => {
    const { forkRepo, head } = await forkWithBranch();
    const params = { repo: forkRepo, head, base: 'main', title: 't', body: 'b' };
    const prs = await Promise.all([forge.ensurePullRequest(params), forge.ensurePullRequest(params), forge.ensurePullRequest(params)]);
    expect(new Set(prs.map((p) => p.number))).toEqual(new Set([1]));
    expect(await forge.listPullRequests(forkRepo)).toHaveLength(1);
  });

  it('has no credentials to offer', () => {
    expect(forge.kind).toBe('local');
    expect(forge.gitAuth()).toEqual({ env: {}, secrets: [] });
  });
});
