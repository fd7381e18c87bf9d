import { describe, expect, it } from 'vitest';
import type { ProofRunName, ProofStepResult } from '../shared/proof-types';
import { compareRuns, outcomeOf, summarize } from './compare';

const r = (status: ProofStepResult['status'], extra: Partial<ProofStepResult> = {}): ProofStepResult => ({
  status,
  durationMs: 10,
  ...extra,
});
const one = (before?: ProofStepResult, after?: ProofStepResult, afterWithKey?: ProofStepResult) => {
  const runs: Record<ProofRunName, Map<string, ProofStepResult>> = { before: new Map(), after: new Map(), afterWithKey: new Map() };
  if (before) runs.before.set('test', before);
  if (after) runs.after.set('test', after);
  if (afterWithKey) runs.afterWithKey.set('test', afterWithKey);
  return compareRuns([{ id: 'test', command: 'npm test', phase: 'check', keyDependent: true }], runs)[0]!;
};

describe('compareRuns', () => {
  it('blocks only what passes before and fails after, saying which run', () => {
    expect(one(r('passed'), r('passed'), r('passed')).verdict).toBe('ok');
    expect(one(r('passed'), r('passed'), r('failed'))).toMatchObject({
      verdict: 'blocking',
      note: 'passes before the change and fails after it, with HELICONE_API_KEY set',
    });
    expect(one(r('passed'), r('timed-out'), r('passed'))).toMatchObject({
      verdict: 'blocking',
      note: 'passes before the change and fails after it, without HELICONE_API_KEY',
    });
    expect(one(r('passed'), r('failed', { flaky: true }), r('passed')).verdict).toBe('flaky');
  });

  it('does not block what failed before as well; reports what could not run', () => {
    expect(one(r('failed'), r('failed'), r('failed'))).toMatchObject({ verdict: 'pre-existing', note: 'fails before the change as well' });
    expect(one(r('failed'), r('passed'), r('passed')).verdict).toBe('fixed');
    expect(one(r('missing', { reason: 'bun is not installed' })).verdict).toBe('missing');
    expect(one(r('passed'), r('skipped', { reason: 'reused' }), r('skipped')).verdict).toBe('ok');
    expect(one(r('skipped', { reason: 'budget' })).verdict).toBe('skipped');
    expect(one(r('error', { reason: 'sandbox' })).verdict).toBe('skipped');
  });

  it('sums the rows up', () => {
    const rows = [one(r('passed'), r('failed'), r('failed')), one(r('failed'), r('failed'), r('failed'))];
    expect(outcomeOf(rows)).toBe('blocked');
    expect(summarize('blocked', rows)).toBe(
      'Newly failing: `npm test` passes before the change and fails after it; 1 fails before the change as well.',
    );
    expect(outcomeOf([one(r('missing'))])).toBe('incomplete');
    expect(outcomeOf([])).toBe('nothing-to-prove');
  });
});
