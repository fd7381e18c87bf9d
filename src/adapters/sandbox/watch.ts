/**
 * What the sandbox watches from outside while a command runs: the processes under it (count of tasks, resident
 * memory, read from /proc) and the bytes its writable directories hold (`du`). The kernel limits (RLIMIT_NPROC,
 * RLIMIT_DATA, RLIMIT_FSIZE) stop single processes; these totals stop the sandbox as a whole.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';

const PAGE = 4096;

export interface TreeUsage {
  processes: number;
  /** Tasks: processes and their threads (what RLIMIT_NPROC counts). */
  tasks: number;
  rssBytes: number;
}

/** Processes descending from `rootPid` (inclusive), with their threads and resident memory. */
export async function treeUsage(rootPid: number): Promise<TreeUsage> {
  const entries = await fs.readdir('/proc').catch(() => [] as string[]);
  const parent = new Map<number, number>();
  const info = new Map<number, { threads: number; rss: number }>();
  await Promise.all(
    entries
      .filter((e) => /^\d+$/.test(e))
      .map(async (e) => {
        const stat = await fs.readFile(`/proc/${e}/stat`, 'utf8').catch(() => undefined);
        if (!stat) return;
        // pid (comm) state ppid ... ; comm may hold spaces and parentheses: split after the last ')'.
        const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        const pid = Number(e);
        parent.set(pid, Number(rest[1]));
        info.set(pid, { threads: Number(rest[17]) || 1, rss: (Number(rest[21]) || 0) * PAGE });
      }),
  );
  const children = new Map<number, number[]>();
  for (const [pid, ppid] of parent) {
    const list = children.get(ppid) ?? [];
    list.push(pid);
    children.set(ppid, list);
  }
  let processes = 0;
  let tasks = 0;
  let rssBytes = 0;
  const stack = info.has(rootPid) ? [rootPid] : [];
  const seen = new Set<number>();
  while (stack.length) {
    const pid = stack.pop()!;
    if (seen.has(pid)) continue;
    seen.add(pid);
    const i = info.get(pid);
    if (i) {
      processes++;
      tasks += i.threads;
      rssBytes += i.rss;
    }
    for (const c of children.get(pid) ?? []) stack.push(c);
  }
  return { processes, tasks, rssBytes };
}

/** Bytes held by the directories (allocated blocks, symlinks not followed, one file system), via `du`. */
export function diskUsage(dirs: string[]): Promise<number> {
  return new Promise((resolve) => {
    execFile(
      'du',
      ['-s', '-x', '-B1', '-c', '--', ...dirs],
      { timeout: 30_000, maxBuffer: 1024 * 1024, env: { PATH: '/usr/bin:/bin', LC_ALL: 'C' } },
      (err, stdout) => {
        // du exits 1 when a file vanished under it (a build deleting files): its total is still right.
        const total = /(\d+)\s+total\s*$/m.exec(stdout ?? '');
        resolve(total ? Number(total[1]) : err ? Number.NaN : 0);
      },
    );
  });
}
