import { describe, expect, it } from 'vitest';
import { lineMap } from './line-map';

describe('lineMap', () => {
  it('follows lines through a rewrite that added lines above them, and gives none for edited or repeated lines', () => {
    const before = ['a', 'x = f()', 'dup', 'keep me', 'dup', 'y = g()', 'z'].join('\n');
    const after = ['a', 'x = f(', '  helicone,', ')', 'dup', 'keep me', 'dup', 'y = g(helicone)', 'z'].join('\n');
    const at = lineMap(before, after);
    expect(at(1)).toBe(1); // common prefix
    expect(at(2)).toBeUndefined(); // edited
    expect(at(3)).toBeUndefined(); // repeated: which one is unknown
    expect(at(4)).toBe(6); // unique in both versions
    expect(at(7)).toBe(9); // common suffix, shifted
    expect(at(0)).toBeUndefined();
    expect(at(8)).toBeUndefined(); // past the end of the original
  });
});
