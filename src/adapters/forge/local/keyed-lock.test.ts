import { describe, expect, it } from 'vitest';
import { KeyedLock } from './keyed-lock';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('KeyedLock', () => {
  it('runs calls with one key one at a time, in order, even when one fails; other keys run alongside', async () => {
    const lock = new KeyedLock();
    const events: string[] = [];
    const task =
      (name: string, ms: number, fail = false) =>
      async () => {
        events.push(`start ${name}`);
        await sleep(ms);
        events.push(`end ${name}`);
        if (fail) throw new Error(name);
        return name;
      };
    const results = await Promise.allSettled([
      lock.run('a', task('a1', 20, true)),
      lock.run('a', task('a2', 1)),
      lock.run('b', task('b1', 1)),
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'fulfilled', 'fulfilled']);
    expect(events.indexOf('start a2')).toBeGreaterThan(events.indexOf('end a1'));
    expect(events.indexOf('end b1')).toBeLessThan(events.indexOf('end a1'));
  });
});
