import { describe, expect, it } from 'vitest';
import type { CheckedCandidate } from '../../shared/discovery-types';
import { heuristicScores, overallScore } from './heuristic-ranker';

const NOW = new Date('2026-11-01T00:00:00Z');
const base: CheckedCandidate = {
  owner: 'o',
  name: 'n',
  url: 'https://github.com/o/n',
  stars: 500,
  language: 'TypeScript',
  topics: [],
  archived: false,
  fork: false,
  license: 'MIT',
  pushedAt: '2026-10-25T00:00:00Z',
  llmSites: ['a.ts'],
  hasContributingGuide: true,
};

describe('heuristic ranking (the formula docs/discovery-and-campaigns.md documents)', () => {
  it('scores a fresh, small TypeScript integration highly', () => {
    const s = heuristicScores(base, NOW, 365);
    expect([s.fit.score, s.mergeLikelihood.score, s.changeSize.score]).toEqual([8, 10, 10]);
    expect(overallScore(s)).toBe(9.2);
  });

  it('lowers merge likelihood with age and size, and change size with every extra file', () => {
    const s = heuristicScores(
      {
        ...base,
        pushedAt: '2026-05-05T00:00:00Z',
        stars: 80_000,
        hasContributingGuide: false,
        llmSites: ['a', 'b', 'c', 'd', 'e'],
        language: 'Go',
      },
      NOW,
      365,
    );
    // 180 days old: 10 - 8 * 150 / 335 = 6.4; minus 2 for a very large project.
    expect(s.mergeLikelihood.score).toBe(4.4);
    expect(s.fit.score).toBe(7);
    expect(s.changeSize.score).toBe(2);
    expect(s.mergeLikelihood.reason).toMatch(/180 day\(s\) ago; very large project/);
  });
});
