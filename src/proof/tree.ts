/**
 * The trees a proof runs on: a commit of the worker's clone written into the sandbox's working folder (without
 * .git: the repository's code never sees our clone, its remotes or its history), owned by the sandbox user.
 * Between runs the tree is replaced while `node_modules` folders stay, so an install is reused when the change
 * touches no manifest.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';

/** Writes the tree of `sha` into `dir` (`git archive | tar -x`); tar runs as `uid` so every file is the sandbox's. */
export async function writeTree(clone: string, sha: string, dir: string, uid?: number): Promise<void> {
  const git = spawn('git', ['-C', clone, 'archive', '--format=tar', sha], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/', GIT_CONFIG_NOSYSTEM: '1' },
  });
  const tar = spawn('tar', ['-x', '-f', '-', '-C', dir, '--no-same-owner', '--no-same-permissions', '--delay-directory-restore'], {
    stdio: ['pipe', 'ignore', 'pipe'],
    env: { PATH: '/usr/bin:/bin', LC_ALL: 'C' },
    ...(uid !== undefined ? { uid, gid: uid } : {}),
  });
  git.stdout.pipe(tar.stdin);
  let gitErr = '';
  let tarErr = '';
  git.stderr.on('data', (d: Buffer) => (gitErr += d.toString()));
  tar.stderr.on('data', (d: Buffer) => (tarErr += d.toString()));
  const done = (p: ReturnType<typeof spawn>) =>
    new Promise<number | null>((resolve, reject) => p.once('error', reject).once('close', (code) => resolve(code)));
  const [g, t] = await Promise.all([done(git), done(tar)]);
  if (g !== 0) throw new Error(`git archive ${sha.slice(0, 10)} failed (exit ${g}): ${gitErr.trim()}`);
  if (t !== 0) throw new Error(`extracting ${sha.slice(0, 10)} failed (exit ${t}): ${tarErr.trim()}`);
}

/**
 * Empties `dir` but for folders named `keep` (at any depth: a monorepo's packages have their own node_modules);
 * `keep: null` empties it all. Links are removed, never followed.
 */
export async function clearTree(dir: string, keep: string | null = 'node_modules'): Promise<void> {
  const entries = await fs.readdir(dir, { withFileTypes: true }).catch(() => []);
  await Promise.all(
    entries.map(async (e) => {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (keep !== null && e.name === keep) return;
        await clearTree(p, keep);
        await fs.rmdir(p).catch(() => undefined);
      } else await fs.rm(p, { force: true });
    }),
  );
}

/** Paths that differ between two commits of the clone. */
export async function changedBetween(clone: string, base: string, head: string): Promise<string[]> {
  const out = await new Promise<string>((resolve, reject) => {
    const p = spawn('git', ['-C', clone, 'diff', '--name-only', '-z', `${base}..${head}`], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/' },
    });
    let s = '';
    let e = '';
    p.stdout.on('data', (d: Buffer) => (s += d.toString()));
    p.stderr.on('data', (d: Buffer) => (e += d.toString()));
    p.once('error', reject).once('close', (code) => (code === 0 ? resolve(s) : reject(new Error(`git diff failed: ${e.trim()}`))));
  });
  return out.split('\0').filter(Boolean);
}
