import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { countGitCommands, runGit } from './run-git';
import {
  changedPaths,
  checkoutFreshBranch,
  commitAll,
  commitStaged,
  diff,
  diffWithPaths,
  ensureClone,
  fileAt,
  filesAt,
  hasCommit,
  headSha,
  pushBranch,
  stagedChanges,
} from './workspace';

const author = { name: 'Test Bot', email: 'bot@example.com' };
let root: string;
let upstream: string;

beforeEach(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'workspace-test-'));
  // A bare "remote" with one commit on main.
  const seed = path.join(root, 'seed');
  await fs.mkdir(seed);
  await runGit(['init', '-q', '-b', 'main'], { cwd: seed });
  await fs.writeFile(path.join(seed, 'a.txt'), 'one\n');
  await commitAll(seed, 'first', author);
  upstream = path.join(root, 'upstream.git');
  await runGit(['clone', '-q', '--bare', seed, upstream]);
});
afterEach(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

describe('ensureClone', () => {
  it('clones, then fetches on the second call', async () => {
    const dir = path.join(root, 'work', 'clone');
    await ensureClone({ cloneUrl: upstream, dir });
    const first = await headSha(dir);
    // Advance the remote, then ensureClone again: the new commit arrives as origin/main.
    const other = path.join(root, 'other');
    await runGit(['clone', '-q', upstream, other]);
    await fs.writeFile(path.join(other, 'b.txt'), 'two\n');
    const second = await commitAll(other, 'second', author);
    await runGit(['push', '-q', 'origin', 'HEAD:main'], { cwd: other });
    await ensureClone({ cloneUrl: upstream, dir });
    expect(await headSha(dir)).toBe(first);
    expect(await hasCommit(dir, second!)).toBe(true);
  });

  it('replaces a broken directory with a fresh clone', async () => {
    const dir = path.join(root, 'broken');
    await fs.mkdir(path.join(dir, '.git'), { recursive: true });
    await fs.writeFile(path.join(dir, '.git', 'HEAD'), 'garbage');
    await fs.writeFile(path.join(dir, 'leftover.txt'), 'x');
    await ensureClone({ cloneUrl: upstream, dir });
    expect(await fs.readFile(path.join(dir, 'a.txt'), 'utf8')).toBe('one\n');
    await expect(fs.stat(path.join(dir, 'leftover.txt'))).rejects.toThrow();
  });

  it('does not mistake a plain folder inside another repository for a clone', async () => {
    const outer = path.join(root, 'outer');
    await fs.mkdir(path.join(outer, 'data', 'ws'), { recursive: true });
    await runGit(['init', '-q'], { cwd: outer });
    const dir = path.join(outer, 'data', 'ws');
    await ensureClone({ cloneUrl: upstream, dir });
    expect((await runGit(['rev-parse', '--show-toplevel'], { cwd: dir })).stdout.trim()).toBe(await fs.realpath(dir));
    expect(await fs.readFile(path.join(dir, 'a.txt'), 'utf8')).toBe('one\n');
  });
});

describe('branch, commit, diff, push', () => {
  it('commitAll returns undefined when nothing changed, and a sha when something did', async () => {
    const dir = path.join(root, 'c');
    await ensureClone({ cloneUrl: upstream, dir });
    expect(await commitAll(dir, 'nothing', author)).toBeUndefined();
    await fs.writeFile(path.join(dir, 'a.txt'), 'changed\n');
    const sha = await commitAll(dir, 'change a', author);
    expect(sha).toMatch(/^[0-9a-f]{40}$/);
    expect(sha).toBe(await headSha(dir));
    const log = (await runGit(['log', '-1', '--format=%an <%ae>|%s'], { cwd: dir })).stdout.trim();
    expect(log).toBe('Test Bot <bot@example.com>|change a');
  });

  it('checkoutFreshBranch discards leftovers of an earlier run', async () => {
    const dir = path.join(root, 'f');
    await ensureClone({ cloneUrl: upstream, dir });
    const base = await headSha(dir);
    await checkoutFreshBranch(dir, 'helicone/x', 'origin/main');
    await fs.writeFile(path.join(dir, 'a.txt'), 'dirty\n');
    await fs.writeFile(path.join(dir, 'untracked.txt'), 'u');
    await commitAll(dir, 'wip', author);
    await fs.writeFile(path.join(dir, 'more.txt'), 'm');
    await checkoutFreshBranch(dir, 'helicone/x', base);
    expect(await headSha(dir)).toBe(base);
    expect((await runGit(['status', '--porcelain'], { cwd: dir })).stdout).toBe('');
    expect((await runGit(['branch', '--show-current'], { cwd: dir })).stdout.trim()).toBe('helicone/x');
  });

  it('diff shows the change and pushBranch puts HEAD on the remote branch without touching .git/config', async () => {
    const dir = path.join(root, 'p');
    await ensureClone({ cloneUrl: upstream, dir });
    const base = await headSha(dir);
    await checkoutFreshBranch(dir, 'helicone/p', base);
    await fs.writeFile(path.join(dir, 'new.txt'), 'hello\n');
    const sha = (await commitAll(dir, 'add new', author))!;
    expect(await diff(dir, base, sha)).toContain('+hello');
    const configBefore = await fs.readFile(path.join(dir, '.git', 'config'), 'utf8');
    await pushBranch(dir, upstream, 'helicone/p', { force: true });
    await pushBranch(dir, upstream, 'helicone/p', { force: true }); // idempotent
    expect((await runGit(['rev-parse', 'refs/heads/helicone/p'], { cwd: upstream })).stdout.trim()).toBe(sha);
    expect(await fs.readFile(path.join(dir, '.git', 'config'), 'utf8')).toBe(configBefore);
    expect(await hasCommit(dir, '0'.repeat(40))).toBe(false);
  });
});

describe('one process where there were several', () => {
  /** A clone with a committed base, then a working change of every kind: modified, binary, added, deleted, renamed. */
  async function changed(): Promise<{ dir: string; base: string }> {
    const dir = path.join(root, 'multi');
    await ensureClone({ cloneUrl: upstream, dir });
    await fs.writeFile(path.join(dir, 'bin'), Buffer.from([0, 1, 2]));
    await fs.writeFile(path.join(dir, 'gone.txt'), 'gone\n');
    await fs.writeFile(path.join(dir, 'old name.txt'), 'a long enough line to be found as a rename\n');
    const base = (await commitAll(dir, 'base', author))!;
    await fs.appendFile(path.join(dir, 'a.txt'), 'two\n');
    await fs.writeFile(path.join(dir, 'bin'), Buffer.from([0, 0xff, 4]));
    await fs.writeFile(path.join(dir, 'new\ttab.txt'), 'n\n');
    await fs.writeFile(path.join(dir, 'ünï.txt'), 'ü\n');
    await fs.rm(path.join(dir, 'gone.txt'));
    await fs.rename(path.join(dir, 'old name.txt'), path.join(dir, 'new name.txt'));
    return { dir, base };
  }

  it('stagedChanges reads entries and the patch from one diff, exactly as the separate diffs give them', async () => {
    const { dir, base } = await changed();
    const { commands, result } = await countGitCommands(() => stagedChanges(dir, base));
    expect(commands).toEqual(['add', 'diff']);
    const patch = (await runGit(['diff', '--cached', '--no-color', '--no-renames', base], { cwd: dir })).stdout;
    expect(result.patch).toBe(patch);
    expect(result.entries.map((e) => [e.path, e.binary])).toEqual([
      ['a.txt', false],
      ['bin', true],
      ['gone.txt', false],
      ['"new\\ttab.txt"', false],
      ['new name.txt', false],
      ['old name.txt', false],
      ['"\\303\\274n\\303\\257.txt"', false],
    ]);
  });

  it('commitStaged returns the full sha from the commit itself; diffWithPaths matches changedPaths and diff', async () => {
    const { dir, base } = await changed();
    await stagedChanges(dir, base);
    const { commands, result: sha } = await countGitCommands(() => commitStaged(dir, 'change', author));
    expect(commands).toEqual(['commit']);
    expect(sha).toBe(await headSha(dir));
    const both = await countGitCommands(() => diffWithPaths(dir, base, sha));
    expect(both.commands).toEqual(['diff']);
    expect(both.result.paths).toEqual(await changedPaths(dir, base, sha));
    expect(both.result.paths).toContain('new name.txt');
    expect(both.result.patch).toBe(await diff(dir, base, sha));
  });

  it('filesAt reads several files of a commit in one process, undefined for one that did not exist', async () => {
    const { dir, base } = await changed();
    await stagedChanges(dir, base);
    const sha = await commitStaged(dir, 'change', author);
    const { commands, result } = await countGitCommands(() => filesAt(dir, base, ['a.txt', 'new\ttab.txt', 'gone.txt', 'ünï.txt']));
    expect(commands).toEqual(['cat-file']);
    expect([...result]).toEqual([
      ['a.txt', 'one\n'],
      ['new\ttab.txt', undefined],
      ['gone.txt', 'gone\n'],
      ['ünï.txt', undefined],
    ]);
    const now = await filesAt(dir, sha, ['ünï.txt', 'a.txt']);
    expect(now.get('ünï.txt')).toBe('ü\n');
    expect(now.get('a.txt')).toBe('one\ntwo\n');
    // A file that is not UTF-8 cannot be split by byte counts once decoded: it and the rest come from `show`.
    const odd = await filesAt(dir, sha, ['bin', 'a.txt']);
    expect(odd.get('a.txt')).toBe(await fileAt(dir, sha, 'a.txt'));
    expect(odd.get('bin')).toBe(await fileAt(dir, sha, 'bin'));
  });
});
