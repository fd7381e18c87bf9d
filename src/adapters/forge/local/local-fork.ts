/**
 * Forks in the local forge: bare clones owned by the bot account, each carrying a small JSON file that says which
 * upstream it forks. That record is what makes forking idempotent (the same upstream finds the same fork) and lets
 * two upstreams with the same name (`alice/app`, `bob/app`) get separate forks (`bot/app`, `bot/app-1`).
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { runGit } from '../../git/run-git';
import { setHead } from './local-import';
import { makeStagingDir } from './staging-dir';

type RepoName = { owner: string; name: string };

/** Kept inside the fork's bare repository, where git ignores it. */
export const FORK_META_FILE = 'forge-fork-of.json';

async function readForkOf(bare: string): Promise<RepoName | undefined> {
  const text = await fs.readFile(path.join(bare, FORK_META_FILE), 'utf8').catch(() => undefined);
  if (!text) return undefined;
  try {
    return JSON.parse(text) as RepoName;
  } catch {
    return undefined;
  }
}

const exists = (p: string) =>
  fs.stat(p).then(
    () => true,
    () => false,
  );

/**
 * The bot's fork of `upstream` (`repoPath` maps a name to its bare repository): the existing fork of that upstream,
 * else the first free name among `name`, `name-1`, `name-2`… A taken name (a fork of another upstream, or a
 * repository that is no fork at all) is skipped.
 */
export async function findForkName(
  botOwner: string,
  upstream: RepoName,
  repoPath: (r: RepoName) => string,
  /** Forks being created right now (not on disk yet): which upstream each is for. */
  creating: (bare: string) => RepoName | undefined = () => undefined,
): Promise<{ fork: RepoName; exists: boolean }> {
  for (let i = 0; ; i++) {
    const fork = { owner: botOwner, name: i === 0 ? upstream.name : `${upstream.name}-${i}` };
    const bare = repoPath(fork);
    const claimed = creating(bare);
    if (claimed) {
      if (claimed.owner === upstream.owner && claimed.name === upstream.name) return { fork, exists: false };
      continue;
    }
    if (!(await exists(bare))) return { fork, exists: false };
    const of = await readForkOf(bare);
    if (of && of.owner === upstream.owner && of.name === upstream.name) return { fork, exists: true };
  }
}

/**
 * Creates the fork as a bare clone of `upstreamBare` (all branches, like a GitHub fork). It is built beside its
 * final place and renamed into it together with its meta file, so a crash never leaves a fork without its record
 * (which the next call would mistake for someone else's repository). Losing a race to a concurrent creator is fine.
 * True when this call made it (its branches and HEAD are then upstream's, with no sync needed).
 */
export async function createFork(upstream: RepoName, upstreamBare: string, forkBare: string): Promise<boolean> {
  const staging = await makeStagingDir(forkBare);
  try {
    // A local clone hard-links the object files; that is safe because git never modifies an object file in place.
    await runGit(['clone', '--quiet', '--bare', '--no-tags', upstreamBare, path.join(staging, 'repo.git')]);
    await fs.writeFile(path.join(staging, 'repo.git', FORK_META_FILE), JSON.stringify({ owner: upstream.owner, name: upstream.name }));
    return await fs.rename(path.join(staging, 'repo.git'), forkBare).then(
      () => true,
      async (err: NodeJS.ErrnoException) => {
        // Another call created it first; if it forks the same upstream, that is the result we wanted.
        const of = await readForkOf(forkBare);
        if (!(of && of.owner === upstream.owner && of.name === upstream.name)) throw err;
        return false;
      },
    );
  } finally {
    await fs.rm(staging, { recursive: true, force: true });
  }
}

/** Points the fork's `branch` at upstream's (force: the bot never commits on the default branch) and makes it HEAD. */
export async function syncForkBranch(forkBare: string, upstreamBare: string, branch: string): Promise<void> {
  await runGit(['fetch', '--quiet', '--force', '--no-tags', upstreamBare, `+refs/heads/${branch}:refs/heads/${branch}`], { cwd: forkBare });
  await setHead(forkBare, branch);
}
