/**
 * Brings a local source into the local forge: a git repository (work tree or bare) has its branches mirrored; a
 * plain directory (like the bundled sample app, which ships without .git) is imported as one commit made with a
 * fixed identity and date, so the same content always gives the same commit.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { runGit } from '../../git/run-git';
import { makeStagingDir } from './staging-dir';
import { RepositoryNotFoundError } from '../forge-errors';

/** Branch a plain-directory import is committed on. */
export const IMPORT_BRANCH = 'main';

/** Identity and date of an imported commit: fixed, so that the sha depends on the content alone. */
const FIXED_IDENTITY = {
  GIT_AUTHOR_NAME: 'Local Forge Import',
  GIT_AUTHOR_EMAIL: 'import@local-forge.invalid',
  GIT_COMMITTER_NAME: 'Local Forge Import',
  GIT_COMMITTER_EMAIL: 'import@local-forge.invalid',
  GIT_AUTHOR_DATE: '2000-01-01T00:00:00Z',
  GIT_COMMITTER_DATE: '2000-01-01T00:00:00Z',
};

/**
 * Settings that would otherwise come from the machine's own git config and change what an import produces:
 * line-ending conversion, the user's global ignore file, a signing requirement.
 */
const NEUTRAL_CONFIG = [
  '-c',
  'core.autocrlf=false',
  '-c',
  'core.safecrlf=false',
  '-c',
  `core.excludesFile=${os.devNull}`,
  '-c',
  'commit.gpgsign=false',
];

/** Directories never imported from a plain directory: dependencies and other repositories' metadata. */
const SKIPPED_NAMES = new Set(['node_modules', '.git']);

/**
 * Copies `source` into the bare repository `bareRepo` (created when missing) and returns the source's default
 * branch (its HEAD). Throws RepositoryNotFoundError when the source is missing, not a directory, or empty.
 */
export async function importSource(source: string, bareRepo: string): Promise<string> {
  const stat = await fs.stat(source).catch(() => undefined);
  if (!stat) throw new RepositoryNotFoundError(`Repository not found: ${source} does not exist`);
  if (!stat.isDirectory()) throw new RepositoryNotFoundError(`Repository not found: ${source} is not a directory`);
  // Checked before anything is written, so a missing or empty git source leaves no empty repository in the forge.
  const isGit = await isGitRepository(source);
  const refs = isGit ? await sourceBranches(source) : { branches: [] };
  if (isGit && refs.branches.length === 0) throw new RepositoryNotFoundError(`Repository ${source} is empty: it has no commits`);
  // The first import of a git source is a bare clone, which hard-links the object files instead of packing them
  // through a fetch (a large repository's import costs next to nothing); later ones fetch what changed.
  if (isGit && !(await isBare(bareRepo)) && (await cloneBare(source, bareRepo))) return defaultBranchOf(bareRepo, refs);
  await ensureBare(bareRepo);
  return isGit ? mirrorBranches(source, bareRepo, refs) : importDirectory(source, bareRepo);
}

/**
 * Creates an empty bare repository at `bareRepo` unless one is there. It is made beside its final place and renamed
 * into it, so another process never sees (or trips over) a half-initialised repository.
 */
const isBare = (bareRepo: string) =>
  fs.stat(path.join(bareRepo, 'HEAD')).then(
    () => true,
    () => false,
  );

/**
 * A bare clone of `source` (its branches, no tags) made beside `bareRepo` and renamed into it. False when another
 * call made `bareRepo` meanwhile: the caller then fetches into that one.
 */
async function cloneBare(source: string, bareRepo: string): Promise<boolean> {
  const staging = await makeStagingDir(bareRepo);
  try {
    await runGit(['clone', '--quiet', '--bare', '--no-tags', source, path.join(staging, 'repo.git')]);
    return await fs.rename(path.join(staging, 'repo.git'), bareRepo).then(
      () => true,
      async (err: unknown) => {
        if (!(await isBare(bareRepo))) throw err;
        return false;
      },
    );
  } finally {
    await fs.rm(staging, { recursive: true, force: true });
  }
}

export async function ensureBare(bareRepo: string): Promise<void> {
  if (await isBare(bareRepo)) return;
  const staging = await makeStagingDir(bareRepo);
  try {
    await runGit(['init', '--quiet', '--bare', path.join(staging, 'repo.git')]);
    await fs.rename(path.join(staging, 'repo.git'), bareRepo).catch(async (err: unknown) => {
      if (!(await isBare(bareRepo))) throw err; // someone else made it meanwhile: fine
    });
  } finally {
    await fs.rm(staging, { recursive: true, force: true });
  }
}

/** True when `source` itself is a repository (the top of a work tree, or a bare repository). */
async function isGitRepository(source: string): Promise<boolean> {
  // One process for a work tree; a bare repository has no top level, so it needs a second, narrower question.
  const both = await runGit(['rev-parse', '--absolute-git-dir', '--show-toplevel'], { cwd: source }).catch(() => undefined);
  const r = both ?? (await runGit(['rev-parse', '--absolute-git-dir'], { cwd: source }).catch(() => undefined));
  if (!r) return false;
  const [gitDir = '', top] = r.stdout.trim().split('\n');
  const real = (p: string) => fs.realpath(p).catch(() => path.resolve(p));
  // A plain directory nested inside some other repository (our own checkout!) is not itself a repository.
  const root = both && top ? top : gitDir;
  return (await real(root)) === (await real(source));
}

/** The source's branches and the one its HEAD names (when HEAD is on a branch), from one process. */
async function sourceBranches(source: string): Promise<{ branches: string[]; head?: string }> {
  const { stdout } = await runGit(['for-each-ref', '--format=%(HEAD)%(refname:short)', 'refs/heads'], { cwd: source });
  const lines = stdout.split('\n').filter(Boolean);
  const head = lines.find((l) => l.startsWith('*'))?.slice(1);
  return { branches: lines.map((l) => l.slice(1)), ...(head ? { head } : {}) };
}

/** Points a bare repository's HEAD at `branch`, unless it already does (HEAD is a plain file there). */
export async function setHead(bareRepo: string, branch: string): Promise<void> {
  const current = await fs.readFile(path.join(bareRepo, 'HEAD'), 'utf8').catch(() => '');
  if (current.trim() === `ref: refs/heads/${branch}`) return;
  await runGit(['symbolic-ref', 'HEAD', `refs/heads/${branch}`], { cwd: bareRepo });
}

async function mirrorBranches(
  source: string,
  bareRepo: string,
  { branches, head }: { branches: string[]; head?: string },
): Promise<string> {
  // Only refs/heads (and --prune only prunes inside that refspec): the forge's own refs/pull/* must survive.
  await runGit(['fetch', '--quiet', '--prune', '--force', '--no-tags', source, '+refs/heads/*:refs/heads/*'], { cwd: bareRepo });
  return defaultBranchOf(bareRepo, { branches, head });
}

/** Makes the source's current branch the forge copy's HEAD and returns it. */
async function defaultBranchOf(bareRepo: string, { branches, head }: { branches: string[]; head?: string }): Promise<string> {
  // HEAD may be detached or on an unborn branch; then fall back to a branch that has commits.
  const defaultBranch = head && branches.includes(head) ? head : (['main', 'master'].find((b) => branches.includes(b)) ?? branches[0]!);
  await setHead(bareRepo, defaultBranch);
  return defaultBranch;
}

/**
 * Commits the directory's files on IMPORT_BRANCH. The first import is a root commit; a later one is a child of the
 * previous import, and only when the tree differs (so importing unchanged content keeps the same sha).
 */
async function importDirectory(source: string, bareRepo: string): Promise<string> {
  const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'forge-import-'));
  const indexDir = await fs.mkdtemp(path.join(os.tmpdir(), 'forge-index-'));
  try {
    // A copy, so nothing (not even git's stat cache) ever touches the user's directory. Symlinks stay as written.
    await fs.cp(source, tmp, { recursive: true, verbatimSymlinks: true, filter: (src) => !SKIPPED_NAMES.has(path.basename(src)) });
    const env = { ...FIXED_IDENTITY, GIT_DIR: bareRepo, GIT_WORK_TREE: tmp, GIT_INDEX_FILE: path.join(indexDir, 'index') };
    // The source's own .gitignore files apply (not the machine's global one), so what the project itself declares
    // as local-only, such as a `.env` with real keys or a build output, never enters the forge.
    await runGit([...NEUTRAL_CONFIG, 'add', '-A', '.'], { cwd: tmp, env });
    const tree = (await runGit(['write-tree'], { cwd: tmp, env })).stdout.trim();
    const emptyTree = (await runGit(['hash-object', '-t', 'tree', os.devNull], { cwd: tmp, env })).stdout.trim();
    if (tree === emptyTree) throw new RepositoryNotFoundError(`Repository ${source} is empty: it has no files to import`);
    const parent = await runGit(['rev-parse', '--verify', '--quiet', `refs/heads/${IMPORT_BRANCH}`], { cwd: bareRepo }).catch(
      () => undefined,
    );
    const parentSha = parent?.stdout.trim();
    const parentTree = parentSha ? (await runGit(['rev-parse', `${parentSha}^{tree}`], { cwd: bareRepo })).stdout.trim() : undefined;
    if (parentTree !== tree) {
      const args = ['commit-tree', tree, ...(parentSha ? ['-p', parentSha] : []), '-m', `Import ${path.basename(source)}`];
      const commit = (await runGit([...NEUTRAL_CONFIG, ...args], { cwd: tmp, env })).stdout.trim();
      await runGit(['update-ref', `refs/heads/${IMPORT_BRANCH}`, commit], { cwd: bareRepo });
    }
    await setHead(bareRepo, IMPORT_BRANCH);
    return IMPORT_BRANCH;
  } finally {
    await fs.rm(tmp, { recursive: true, force: true });
    await fs.rm(indexDir, { recursive: true, force: true });
  }
}
