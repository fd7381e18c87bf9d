import { describe, expect, it } from 'vitest';
import { carryChanges } from './carry-changes';

describe('carryChanges', () => {
  it('keeps who changed a site when a later scan sees it as already integrated (lines may move)', () => {
    const earlier = [
      { file: 'a.ts', line: 3, library: 'openai', outcome: 'changed' as const, by: 'codemod' as const },
      { file: 'b.ts', line: 4, library: 'openai', outcome: 'skipped' as const, reason: 'x' },
    ];
    const later = [
      { file: 'a.ts', line: 5, library: 'openai', outcome: 'already-integrated' as const },
      { file: 'b.ts', line: 4, library: 'openai', outcome: 'changed' as const, by: 'agent' as const },
      { file: 'c.ts', line: 1, library: 'openai', outcome: 'already-integrated' as const },
    ];
    expect(carryChanges(earlier, later)).toEqual([
      { file: 'a.ts', line: 5, library: 'openai', outcome: 'changed', by: 'codemod' },
      { file: 'b.ts', line: 4, library: 'openai', outcome: 'changed', by: 'agent' },
      { file: 'c.ts', line: 1, library: 'openai', outcome: 'already-integrated' },
    ]);
  });
});
