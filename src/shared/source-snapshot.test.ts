import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SourceSnapshot } from './source-snapshot';

describe('SourceSnapshot', () => {
  it('reads a file once per run, and later reads see what the run wrote', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'snap-'));
    await fs.mkdir(path.join(dir, 'src'));
    await fs.writeFile(path.join(dir, 'src/a.ts'), 'one');
    const snap = new SourceSnapshot(dir);
    expect(await snap.read('src/a.ts')).toBe('one');
    // Changed behind the run's back: the run keeps the text it read (every step sees one version of the file)...
    await fs.writeFile(path.join(dir, 'src/a.ts'), 'outside');
    expect(await snap.read('src/a.ts')).toBe('one');
    // ...until it is told to forget it.
    snap.forget(['src/a.ts']);
    expect(await snap.read('src/a.ts')).toBe('outside');
    await snap.write('src/a.ts', 'two');
    expect(await snap.read('src/a.ts')).toBe('two');
    expect(await fs.readFile(path.join(dir, 'src/a.ts'), 'utf8')).toBe('two');
    expect(await snap.read('missing.ts')).toBeUndefined();
  });

  it('parses each text of a file once per parser', () => {
    const snap = new SourceSnapshot('/nowhere');
    let calls = 0;
    const parse = (text: string) => () => ({ text, n: ++calls });
    const before = snap.parsed('ts', 'a.ts', 'old', parse('old'));
    const after = snap.parsed('ts', 'a.ts', 'new', parse('new'));
    expect(snap.parsed('ts', 'a.ts', 'old', parse('old'))).toBe(before);
    expect(snap.parsed('ts', 'a.ts', 'new', parse('new'))).toBe(after);
    expect(snap.parsed('python', 'a.ts', 'old', parse('old'))).not.toBe(before);
    expect(calls).toBe(3);
  });
});
