/**
 * Brings a local source into the local forge: a git repository (work tree or bare) has its branches mirrored; a
 * plain directory (like the bundled sample app, which ships without .git) is imported as one commit made with a
 * fixed identity and date, so the same content always gives the same commit.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { runGit } from '../git/run-git';
import { RepositoryNotFoundError } from './forge';

const FIXED_IDENTITY = {
  GIT_AUTHOR_NAME: 'Local Forge Import',
  GIT_AUTHOR_EMAIL: 'import@local-forge.invalid',
  GIT_COMMITTER_NAME: 'Local Forge Import',
  GIT_COMMITTER_EMAIL: 'import@local-forge.invalid',
  GIT_AUTHOR_DATE: '2000-01-01T00:00:00Z',
  GIT_COMMITTER_DATE: '2000-01-01T00:00:00Z',
};

/** Returns the source's default branch (its HEAD), or throws RepositoryNotFoundError when missing or empty. */
export async function importSource(source: string, bareRepo: string): Promise<string> {
  const stat = await fs.stat(source).catch(() => undefined);
  if (!stat?.isDirectory()) throw new RepositoryNotFoundError(`Repository not found: ${source} does not exist or is not a directory`);
  await ensureBare(bareRepo);
  const gitDir = await sourceGitDir(source);
  if (gitDir) return mirrorBranches(source, bareRepo);
  return importDirectory(source, bareRepo);
}

export async function ensureBare(bareRepo: string): Promise<void> {
  if (await fs.stat(path.join(bareRepo, 'HEAD')).then(() => true, () => false)) return;
  await fs.mkdir(bareRepo, { recursive: true });
  await runGit(['init', '--quiet', '--bare', bareRepo]);
}

async function sourceGitDir(source: string): Promise<string | undefined> {
  const r = await runGit(['rev-parse', '--absolute-git-dir'], { cwd: source }).catch(() => undefined);
  if (!r) return undefined;
  const gitDir = r.stdout.trim();
  // A plain directory nested inside some other repository (our own checkout!) is not itself a repository.
  const top = await runGit(['rev-parse', '--show-toplevel'], { cwd: source }).catch(() => undefined);
  if (top && path.resolve(top.stdout.trim()) !== path.resolve(source)) return undefined;
  if (!top && path.resolve(gitDir) !== path.resolve(source)) return undefined;
  return gitDir;
}

async function mirrorBranches(source: string, bareRepo: string): Promise<string> {
  const head = await runGit(['symbolic-ref', '--short', 'HEAD'], { cwd: source }).catch(() => undefined);
  const branches = (await runGit(['for-each-ref', '--format=%(refname:short)', 'refs/heads'], { cwd: source })).stdout.trim();
  if (!branches) throw new RepositoryNotFoundError(`Repository ${source} is empty: it has no commits`);
  // Only refs/heads: the forge's own refs/pull/* in the bare copy must survive a refresh.
  await runGit(['fetch', '--quiet', '--prune', '--force', source, '+refs/heads/*:refs/heads/*'], { cwd: bareRepo });
  const defaultBranch = head?.stdout.trim() || branches.split('\n')[0]!;
  await runGit(['symbolic-ref', 'HEAD', `refs/heads/${defaultBranch}`], { cwd: bareRepo });
  return defaultBranch;
}

async function importDirectory(source: string, bareRepo: string): Promise<string> {
  const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'forge-import-'));
  const indexDir = await fs.mkdtemp(path.join(os.tmpdir(), 'forge-index-'));
  try {
    await fs.cp(source, tmp, {
      recursive: true,
      filter: (src) => !['node_modules', '.git'].includes(path.basename(src)),
    });
    const env = { ...FIXED_IDENTITY, GIT_DIR: bareRepo, GIT_WORK_TREE: tmp, GIT_INDEX_FILE: path.join(indexDir, 'index') };
    // The source's own .gitignore applies, so ignored files such as a local .env are never imported.
    await runGit(['add', '-A', '.'], { cwd: tmp, env });
    const tree = (await runGit(['write-tree'], { cwd: tmp, env })).stdout.trim();
    const parent = await runGit(['rev-parse', '--verify', '--quiet', 'refs/heads/main'], { cwd: bareRepo }).catch(() => undefined);
    const parentSha = parent?.stdout.trim();
    if (parentSha) {
      const parentTree = (await runGit(['rev-parse', `${parentSha}^{tree}`], { cwd: bareRepo })).stdout.trim();
      if (parentTree === tree) return 'main';
    }
    const args = ['commit-tree', tree, ...(parentSha ? ['-p', parentSha] : []), '-m', `Import ${path.basename(source)}`];
    const commit = (await runGit(args, { cwd: tmp, env })).stdout.trim();
    await runGit(['update-ref', 'refs/heads/main', commit], { cwd: bareRepo });
    await runGit(['symbolic-ref', 'HEAD', 'refs/heads/main'], { cwd: bareRepo });
    return 'main';
  } finally {
    await fs.rm(tmp, { recursive: true, force: true });
    await fs.rm(indexDir, { recursive: true, force: true });
  }
}
