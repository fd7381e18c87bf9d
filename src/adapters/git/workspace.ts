/**
 * Working-copy operations used by activities. Each one is safe to repeat: a retry after a crash finds the clone,
 * branch or commit it made before. Credentials only ever arrive through per-command environment (`GitAuth`), never
 * in a URL, an argument or .git/config.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { runGit } from './run-git';

/** Per-command git authentication: extra environment (never arguments or config files) and strings to redact. */
export interface GitAuth {
  env?: Record<string, string>;
  secrets?: string[];
}

/**
 * True when `dir` is the top of a usable clone: a work tree of its own (not merely a folder inside some other
 * repository, such as a data directory inside our own checkout) whose HEAD is a commit (an interrupted clone has
 * a .git but no HEAD commit).
 */
async function isUsableClone(dir: string): Promise<boolean> {
  const top = await runGit(['rev-parse', '--show-toplevel'], { cwd: dir }).catch(() => undefined);
  if (!top) return false;
  const [a, b] = await Promise.all([fs.realpath(top.stdout.trim()), fs.realpath(dir)]).catch(() => ['', '-']);
  if (a !== b) return false;
  return runGit(['rev-parse', '--verify', '--quiet', 'HEAD^{commit}'], { cwd: dir }).then(() => true, () => false);
}

/**
 * Clones `cloneUrl` into `dir`, or fetches when a valid clone is already there. A broken directory (not a clone,
 * an interrupted clone, or one whose fetch fails) is removed and cloned again: a retry must be able to recover.
 */
export async function ensureClone(p: { cloneUrl: string; dir: string; auth?: GitAuth }): Promise<void> {
  const opts = { env: p.auth?.env, secrets: p.auth?.secrets };
  const exists = await fs.stat(p.dir).then(() => true, () => false);
  if (exists && (await isUsableClone(p.dir))) {
    // The URL has no credentials (see RepoCoordinates), so keeping origin pointed at it stores no secret; it also
    // follows a fork that moved.
    const fetched = await runGit(['remote', 'set-url', 'origin', p.cloneUrl], { cwd: p.dir })
      .then(() =>
        runGit(['fetch', '--quiet', '--prune', '--force', '--no-tags', 'origin', '+refs/heads/*:refs/remotes/origin/*'], { cwd: p.dir, ...opts }),
      )
      .then(() => true, () => false);
    if (fetched) return;
  }
  if (exists) await fs.rm(p.dir, { recursive: true, force: true });
  await fs.mkdir(path.dirname(p.dir), { recursive: true });
  await runGit(['clone', '--quiet', '--no-tags', p.cloneUrl, p.dir], opts);
}

/** Makes sure `sha` is present, fetching `branch` from `url` (the upstream) when the clone lacks it. */
export async function ensureCommit(dir: string, sha: string, url: string, branch: string, auth?: GitAuth): Promise<void> {
  if (await hasCommit(dir, sha)) return;
  await runGit(['fetch', '--quiet', '--no-tags', url, `+refs/heads/${branch}:refs/remotes/upstream/${branch}`], {
    cwd: dir,
    env: auth?.env,
    secrets: auth?.secrets,
  });
}

/** Points `branch` at `baseRef` and makes the work tree exactly that commit (no leftovers from a crashed run). */
export async function checkoutFreshBranch(dir: string, branch: string, baseRef: string): Promise<void> {
  await runGit(['checkout', '--quiet', '--force', '-B', branch, baseRef], { cwd: dir });
  await runGit(['reset', '--quiet', '--hard', baseRef], { cwd: dir });
  // -ff also removes nested repositories (a tool may have cloned something into the tree); -x ignored files too.
  await runGit(['clean', '-ffdxq'], { cwd: dir });
}

/** Stages everything and describes the staged change against `base`: files (mode, binary) and the patch. */
export async function stagedChanges(dir: string, base: string): Promise<{ entries: { path: string; mode: string; binary: boolean }[]; patch: string }> {
  await runGit(['add', '-A'], { cwd: dir });
  const raw = (await runGit(['diff', '--cached', '--raw', '--no-renames', base], { cwd: dir })).stdout;
  const numstat = (await runGit(['diff', '--cached', '--numstat', '--no-renames', base], { cwd: dir })).stdout;
  const binary = new Set(numstat.split('\n').filter((l) => l.startsWith('-\t-\t')).map((l) => l.slice(4)));
  const entries = raw
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      // ":100644 100644 <sha> <sha> M\tpath"
      const [meta = '', file = ''] = line.split('\t');
      const mode = meta.split(' ')[1] ?? '';
      return { path: file, mode, binary: binary.has(file) };
    });
  const patch = (await runGit(['diff', '--cached', '--no-color', '--no-renames', base], { cwd: dir })).stdout;
  return { entries, patch };
}

/**
 * Puts files back as they are at `rev`: restored when they exist there, deleted (from the index and the work tree)
 * when they are new. For the diff policy's reverts.
 */
export async function restorePaths(dir: string, rev: string, paths: string[]): Promise<void> {
  for (const p of paths) {
    const existed = await runGit(['cat-file', '-e', `${rev}:${p}`], { cwd: dir }).then(
      () => true,
      () => false,
    );
    if (existed) await runGit(['checkout', rev, '--', p], { cwd: dir });
    else {
      await runGit(['rm', '-q', '-f', '--cached', '--ignore-unmatch', '--', p], { cwd: dir });
      await fs.rm(path.join(dir, p), { force: true });
    }
  }
}

/** Commits every change; returns the new commit's sha, or undefined when there was nothing to commit. */
export async function commitAll(dir: string, message: string, author: { name: string; email: string }): Promise<string | undefined> {
  await runGit(['add', '-A'], { cwd: dir });
  const { stdout } = await runGit(['status', '--porcelain'], { cwd: dir });
  if (!stdout.trim()) return undefined;
  // The identity is fixed per command, and the machine's own signing setup must not make the commit fail.
  const identity = ['-c', `user.name=${author.name}`, '-c', `user.email=${author.email}`, '-c', 'commit.gpgsign=false'];
  await runGit([...identity, 'commit', '--quiet', '--no-verify', '-F', '-'], { cwd: dir, input: message });
  return headSha(dir);
}

/** Moves the branch to `rev` keeping the work tree and index (to fold new work into the commit it amends). */
export async function softReset(dir: string, rev: string): Promise<void> {
  await runGit(['reset', '--quiet', '--soft', rev], { cwd: dir });
}

export async function headSha(dir: string): Promise<string> {
  return (await runGit(['rev-parse', 'HEAD'], { cwd: dir })).stdout.trim();
}

export async function hasCommit(dir: string, sha: string): Promise<boolean> {
  return runGit(['cat-file', '-e', `${sha}^{commit}`], { cwd: dir }).then(() => true, () => false);
}

/** Paths that differ between two commits. */
export async function changedPaths(dir: string, base: string, head: string): Promise<string[]> {
  const { stdout } = await runGit(['diff', '--name-only', '-z', `${base}..${head}`], { cwd: dir });
  return stdout.split('\0').filter(Boolean);
}

/** A file's text at a commit, or undefined when the file did not exist there. */
export async function fileAt(dir: string, rev: string, rel: string): Promise<string | undefined> {
  return runGit(['show', `${rev}:${rel}`], { cwd: dir }).then(
    (r) => r.stdout,
    () => undefined,
  );
}

export async function diff(dir: string, base: string, head: string): Promise<string> {
  return (await runGit(['diff', '--no-color', `${base}..${head}`], { cwd: dir })).stdout;
}

/** Pushes `commit` (default HEAD) to `refs/heads/<branch>` of a URL; nothing is stored in .git/config. */
export async function pushBranch(
  dir: string,
  remoteUrl: string,
  branch: string,
  opts: { force?: boolean; commit?: string; auth?: GitAuth } = {},
): Promise<void> {
  const refspec = `${opts.force ? '+' : ''}${opts.commit ?? 'HEAD'}:refs/heads/${branch}`;
  await runGit(['push', '--quiet', '--no-verify', remoteUrl, refspec], { cwd: dir, env: opts.auth?.env, secrets: opts.auth?.secrets });
}
