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
 * Commits of history a clone over the network brings: what the commit-style analysis reads (`git log -30`), and
 * nothing older. Shallow rather than blobless (`--filter=blob:none`): measured on a real repository of 6,271 commits
 * served over smart HTTP, depth 30 took 0.51 s against 0.72 s blobless and 1.30 s full, and a shallow clone holds
 * every blob it may need, so no later command (diff, show, an agent's git status) stops to fetch one lazily without
 * credentials.
 */
export const CLONE_DEPTH = 30;

/**
 * Writing the work tree is most of what cloning a large repository costs (7,400 files, 57 MB: 1.7 to 4 s, against
 * 0.3 s for the analysis after it). git writes it with one worker per core when a checkout touches at least 100
 * files (measured there, on a loaded machine: median 5.0 s against 8.0 s sequential); smaller checkouts stay
 * sequential, where workers would only add start-up.
 */
const PARALLEL_CHECKOUT = ['-c', 'checkout.workers=0', '-c', 'checkout.thresholdForParallelism=100'];

/**
 * A plain path (the local forge's bare repositories). git clones those by hard-linking the object files, which
 * copies nothing and beats any partial clone (measured: 0.34 s against 1.4 s for depth 30 over file://), and it
 * ignores --depth there anyway.
 */
export function isLocalPath(url: string): boolean {
  return !/^[a-z][a-z0-9+.-]*:\/\//i.test(url) && !/^[^/\s]+@[^/\s:]+:/.test(url);
}

/**
 * What is in `dir`: nothing, something that is not a usable clone (not the top of a work tree of its own, such as a
 * data directory inside our own checkout, or an interrupted clone whose HEAD is no commit), a usable clone that
 * has `need`, or one that lacks it. One git process in the usual case.
 */
async function cloneState(dir: string, need?: string): Promise<'missing' | 'broken' | 'ready' | 'stale'> {
  if (
    !(await fs.stat(dir).then(
      () => true,
      () => false,
    ))
  )
    return 'missing';
  const check = async (revs: string[]) => {
    const r = await runGit(['rev-parse', '--show-toplevel', ...revs], { cwd: dir }).catch(() => undefined);
    if (!r) return false;
    const top = r.stdout.split('\n')[0]!.trim();
    const [a, b] = await Promise.all([fs.realpath(top), fs.realpath(dir)]).catch(() => ['', '-']);
    return a === b;
  };
  if (need && (await check(['HEAD^{commit}', `${need}^{commit}`]))) return 'ready';
  if (!(await check(['HEAD^{commit}']))) return 'broken';
  return need ? 'stale' : 'ready';
}

export interface EnsureCloneParams {
  cloneUrl: string;
  dir: string;
  auth?: GitAuth;
  /** The branch to clone (only it is fetched); the remote's default branch when absent. */
  branch?: string;
  /** A commit the caller needs: an existing clone that has it is used as it is, without a fetch. */
  need?: string;
  /** Branches that must be fresh as `origin/<name>` (fetched even when the clone has `need`). */
  refresh?: string[];
}

/**
 * Clones `cloneUrl` into `dir` (shallow and single-branch over the network, see CLONE_DEPTH), or brings an existing
 * clone up to date by fetching only the branches asked for. A broken directory (not a clone, an interrupted clone,
 * or one whose fetch fails) is removed and cloned again: a retry must be able to recover.
 */
export async function ensureClone(p: EnsureCloneParams): Promise<{ hasNeed: boolean }> {
  const opts = { env: p.auth?.env, secrets: p.auth?.secrets };
  const wanted = [...new Set([...(p.branch ? [p.branch] : []), ...(p.refresh ?? [])])];
  // Explicit refspecs from the URL (no `remote set-url`): origin/<name> are exactly the branches fetched.
  const refspecs = (names: string[]) =>
    names.length ? names.map((b) => `+refs/heads/${b}:refs/remotes/origin/${b}`) : ['+refs/heads/*:refs/remotes/origin/*'];
  const fetch = (names: string[]) =>
    runGit(['fetch', '--quiet', '--force', '--no-tags', p.cloneUrl, ...refspecs(names)], { cwd: p.dir, ...opts });
  const state = await cloneState(p.dir, p.need);
  // hasNeed: known to hold `need` (false: not checked, the caller checks if it cares).
  // Without `need`, an existing clone is brought up to date; with it, only when it lacks it or `refresh` says so.
  const hasNeed = state === 'ready' && !!p.need;
  if (hasNeed && !p.refresh?.length) return { hasNeed };
  if (state === 'ready' || state === 'stale') {
    if (
      await fetch(hasNeed ? p.refresh! : wanted).then(
        () => true,
        () => false,
      )
    )
      return { hasNeed };
  }
  if (state !== 'missing') await fs.rm(p.dir, { recursive: true, force: true });
  await fs.mkdir(path.dirname(p.dir), { recursive: true });
  const shallow = isLocalPath(p.cloneUrl) ? [] : [`--depth=${CLONE_DEPTH}`];
  await runGit(
    [
      ...PARALLEL_CHECKOUT,
      'clone',
      '--quiet',
      '--no-tags',
      '--single-branch',
      ...shallow,
      ...(p.branch ? ['--branch', p.branch] : []),
      p.cloneUrl,
      p.dir,
    ],
    opts,
  );
  const extra = (p.refresh ?? []).filter((b) => b !== p.branch);
  if (extra.length) await fetch(extra);
  return { hasNeed: false };
}

/** Makes sure `sha` is present, fetching `branch` from `url` (the upstream) when the clone lacks it. */
export async function ensureCommit(dir: string, sha: string, url: string, branch: string, auth?: GitAuth): Promise<void> {
  if (await hasCommit(dir, sha)) return;
  await fetchCommit(dir, url, branch, auth);
}

/** Fetches `branch` of `url` (the upstream) as `upstream/<branch>`: where the fork lacks the base commit. */
export async function fetchCommit(dir: string, url: string, branch: string, auth?: GitAuth): Promise<void> {
  await runGit(['fetch', '--quiet', '--no-tags', url, `+refs/heads/${branch}:refs/remotes/upstream/${branch}`], {
    cwd: dir,
    env: auth?.env,
    secrets: auth?.secrets,
  });
}

/** Points `branch` at `baseRef` and makes the work tree exactly that commit (no leftovers from a crashed run). */
export async function checkoutFreshBranch(dir: string, branch: string, baseRef: string): Promise<void> {
  // --force makes the index and the tracked files exactly baseRef's (what a `reset --hard` would add, one process less).
  await runGit([...PARALLEL_CHECKOUT, 'checkout', '--quiet', '--force', '-B', branch, baseRef], { cwd: dir });
  // -ff also removes nested repositories (a tool may have cloned something into the tree); -x ignored files too.
  await runGit(['clean', '-ffdxq'], { cwd: dir });
}

export interface StagedChanges {
  entries: { path: string; mode: string; binary: boolean }[];
  patch: string;
}

/**
 * Stages everything and describes the staged change against `base`: files (mode, binary) and the patch. Two git
 * processes: `add`, then one `diff` printing the raw records, the numstat lines and the patch (git separates the
 * patch from the summaries with an empty line).
 */
export async function stagedChanges(dir: string, base: string): Promise<StagedChanges> {
  await runGit(['add', '-A'], { cwd: dir });
  const out = (await runGit(['diff', '--cached', '--no-color', '--no-renames', '--raw', '--numstat', '-p', base], { cwd: dir })).stdout;
  const sep = out.indexOf('\n\n');
  const summary = sep === -1 ? out : out.slice(0, sep);
  const patch = sep === -1 ? '' : out.slice(sep + 2);
  const raw: string[] = [];
  const binary = new Set<string>();
  for (const line of summary.split('\n').filter(Boolean)) {
    if (line.startsWith(':')) raw.push(line);
    else if (line.startsWith('-\t-\t')) binary.add(line.slice(4));
  }
  const entries = raw.map((line) => {
    // ":100644 100644 <sha> <sha> M\tpath"
    const [meta = '', file = ''] = line.split('\t');
    const mode = meta.split(' ')[1] ?? '';
    return { path: file, mode, binary: binary.has(file) };
  });
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
  return commitStaged(dir, message, author);
}

/**
 * Commits the index as it is (the caller staged the change and knows it is not empty) and returns the sha. git
 * prints the full sha in its summary line when asked to (core.abbrev), which spares a `rev-parse`.
 */
export async function commitStaged(dir: string, message: string, author: { name: string; email: string }): Promise<string> {
  // The identity is fixed per command, and the machine's own signing setup must not make the commit fail.
  const identity = [
    '-c',
    `user.name=${author.name}`,
    '-c',
    `user.email=${author.email}`,
    '-c',
    'commit.gpgsign=false',
    '-c',
    'core.abbrev=no',
  ];
  const { stdout } = await runGit([...identity, 'commit', '--no-verify', '-F', '-'], { cwd: dir, input: message });
  // "[branch 1f0e…] subject" or "[branch (root-commit) 1f0e…] subject"
  return /^\[[^\]]*?\b([0-9a-f]{40}|[0-9a-f]{64})\]/m.exec(stdout)?.[1] ?? headSha(dir);
}

/** Moves the branch to `rev` keeping the work tree and index (to fold new work into the commit it amends). */
export async function softReset(dir: string, rev: string): Promise<void> {
  await runGit(['reset', '--quiet', '--soft', rev], { cwd: dir });
}

export async function headSha(dir: string): Promise<string> {
  return (await runGit(['rev-parse', 'HEAD'], { cwd: dir })).stdout.trim();
}

export async function hasCommit(dir: string, sha: string): Promise<boolean> {
  return runGit(['cat-file', '-e', `${sha}^{commit}`], { cwd: dir }).then(
    () => true,
    () => false,
  );
}

/** Paths that differ between two commits. */
export async function changedPaths(dir: string, base: string, head: string): Promise<string[]> {
  const { stdout } = await runGit(['diff', '--name-only', '-z', `${base}..${head}`], { cwd: dir });
  return stdout.split('\0').filter(Boolean);
}

/**
 * `changedPaths` and `diff` of the same two commits from one git process: `--raw -z` records (a rename or copy
 * names two paths, of which `--name-only` lists the new one), an empty record, then the patch exactly as `diff`.
 */
export async function diffWithPaths(dir: string, base: string, head: string): Promise<{ paths: string[]; patch: string }> {
  const { stdout } = await runGit(['diff', '--no-color', '--raw', '-z', '-p', `${base}..${head}`], { cwd: dir });
  const paths: string[] = [];
  let i = 0;
  while (i < stdout.length && stdout[i] === ':') {
    const metaEnd = stdout.indexOf('\0', i);
    const status = stdout.slice(i, metaEnd).split(' ').at(-1) ?? '';
    const first = stdout.indexOf('\0', metaEnd + 1);
    let end = first;
    if (/^[RC]/.test(status)) end = stdout.indexOf('\0', first + 1);
    paths.push(stdout.slice(status.match(/^[RC]/) ? first + 1 : metaEnd + 1, end));
    i = end + 1;
  }
  // The raw records end with an empty record before the patch.
  return { paths, patch: stdout.slice(stdout[i] === '\0' ? i + 1 : i) };
}

/**
 * Several files' texts at a commit from one `git cat-file --batch` (undefined for a file that did not exist there).
 * Falls back to one `show` per file where the batch output cannot be split by its byte counts (text that is not
 * UTF-8 does not survive the round trip through a string).
 */
export async function filesAt(dir: string, rev: string, rels: string[]): Promise<Map<string, string | undefined>> {
  const out = new Map<string, string | undefined>();
  const batchable = [...new Set(rels)].filter((r) => !/[\n\r]/.test(r));
  if (batchable.length) {
    const { stdout } = await runGit(['cat-file', '--batch'], { cwd: dir, input: batchable.map((r) => `${rev}:${r}\n`).join('') });
    const buf = Buffer.from(stdout, 'utf8');
    let at = 0;
    for (const rel of batchable) {
      const nl = buf.indexOf(10, at);
      if (nl === -1) break;
      const header = buf.subarray(at, nl).toString('utf8');
      const m = /^[0-9a-f]{40,64} (\w+) (\d+)$/.exec(header);
      if (!m) {
        if (!header.endsWith(' missing') && !header.endsWith(' ambiguous')) break;
        out.set(rel, undefined);
        at = nl + 1;
        continue;
      }
      const size = Number(m[2]);
      if (buf[nl + 1 + size] !== 10) break;
      out.set(rel, m[1] === 'blob' ? buf.subarray(nl + 1, nl + 1 + size).toString('utf8') : undefined);
      at = nl + 1 + size + 1;
    }
  }
  for (const rel of rels) if (!out.has(rel)) out.set(rel, await fileAt(dir, rev, rel));
  return out;
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
