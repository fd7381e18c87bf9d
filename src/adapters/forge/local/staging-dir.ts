/**
 * Staging directories of the local forge: a repository is built beside its final place and renamed into it. A
 * process killed half-way leaves its staging directory behind, so each one carries its creator's pid and the next
 * staging of the same repository removes those whose creator is gone (a live one may be a concurrent creator).
 */
import fs from 'node:fs/promises';
import path from 'node:path';

/** Makes `.<name>-<pid>-XXXXXX` beside `finalPath`, after removing the ones dead processes left for the same name. */
export async function makeStagingDir(finalPath: string): Promise<string> {
  const parent = path.dirname(finalPath);
  const prefix = `.${path.basename(finalPath)}-`;
  await fs.mkdir(parent, { recursive: true });
  for (const entry of await fs.readdir(parent)) {
    if (!entry.startsWith(prefix)) continue;
    const pid = Number(/^(\d+)-/.exec(entry.slice(prefix.length))?.[1]);
    if (pid && !isAlive(pid)) await fs.rm(path.join(parent, entry), { recursive: true, force: true });
  }
  return fs.mkdtemp(path.join(parent, `${prefix}${process.pid}-`));
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
