import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTextFile, turn } from './blocking-fs';

describe('readTextFile', () => {
  it('reads a regular file, and refuses what a hostile repository could plant to block or exhaust the read', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'blocking-fs-'));
    await fs.writeFile(path.join(dir, 'a.ts'), 'export const a = 1;\n');
    expect(readTextFile(path.join(dir, 'a.ts'))).toBe('export const a = 1;\n');
    // A FIFO with no writer: opening it for a blocking read would wait forever.
    execFileSync('mkfifo', [path.join(dir, 'pipe.ts')]);
    expect(readTextFile(path.join(dir, 'pipe.ts'))).toBeUndefined();
    // A symlink to a device that never ends.
    await fs.symlink('/dev/zero', path.join(dir, 'zero.ts'));
    expect(readTextFile(path.join(dir, 'zero.ts'))).toBeUndefined();
    await fs.writeFile(path.join(dir, 'big.ts'), 'x'.repeat(2048));
    expect(readTextFile(path.join(dir, 'big.ts'), 1024)).toBeUndefined();
    expect(readTextFile(path.join(dir, 'missing.ts'))).toBeUndefined();
  });
});

describe('turn', () => {
  it('lets the event loop run during a long stretch of synchronous work', async () => {
    let ran = false;
    setImmediate(() => (ran = true));
    const until = performance.now() + 50;
    let ranDuringWork = false;
    while (performance.now() < until) {
      await turn();
      ranDuringWork ||= ran;
    }
    expect(ranDuringWork).toBe(true);
  });
});
