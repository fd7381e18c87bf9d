import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { WorkingCopyTexts } from './working-copy';

describe('WorkingCopyTexts', () => {
  it('reads a file once per run, and later reads see what the run wrote', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'wct-'));
    await fs.mkdir(path.join(dir, 'src'));
    await fs.writeFile(path.join(dir, 'src/a.ts'), 'one');
    const store = new WorkingCopyTexts(dir);
    expect(await store.read('src/a.ts')).toBe('one');
    // Changed behind the run's back: the run keeps the text it read (every step sees one version of the file).
    await fs.writeFile(path.join(dir, 'src/a.ts'), 'outside');
    expect(await store.read('src/a.ts')).toBe('one');
    await store.write('src/a.ts', 'two');
    expect(await store.read('src/a.ts')).toBe('two');
    expect(await fs.readFile(path.join(dir, 'src/a.ts'), 'utf8')).toBe('two');
    expect(await store.read('missing.ts')).toBeUndefined();
  });
});
