import { describe, expect, it } from 'vitest';
import type { ProofReport } from '../../shared/proof-types';
import { proofPanel } from './proof-panel';

const report: ProofReport = {
  mode: 'auto',
  outcome: 'blocked',
  summary: 'Newly failing: `npm run test` passes before the change and fails after it.',
  sandbox: 'bubblewrap',
  ecosystems: ['node (npm)'],
  rows: [
    {
      id: 'typecheck',
      command: 'tsc --noEmit -p tsconfig.json',
      phase: 'check',
      before: { status: 'passed', exitCode: 0, durationMs: 2100 },
      after: { status: 'passed', exitCode: 0, durationMs: 2000 },
      afterWithKey: { status: 'skipped', durationMs: 0 },
      verdict: 'ok',
    },
    {
      id: 'test',
      command: 'npm run test',
      phase: 'check',
      before: { status: 'passed', exitCode: 0, durationMs: 900 },
      after: { status: 'passed', exitCode: 0, durationMs: 900 },
      afterWithKey: {
        status: 'failed',
        exitCode: 1,
        durationMs: 950,
        tail: '<img src=x onerror=alert(1)> expected oai.helicone.ai',
        logRef: 'artifacts/x/proof-v1/afterWithKey-test.log',
      },
      verdict: 'blocking',
      note: 'passes before the change and fails after it, with HELICONE_API_KEY set',
    },
  ],
  notes: [],
  durationMs: 7000,
};

describe('proofPanel', () => {
  it('shows each step before, after without and with the key, and the failing output escaped', () => {
    const out = (proofPanel(report) as { value: string }).value;
    expect(out).toContain('data-outcome="blocked"');
    expect(out).toMatch(
      /<tr class="proof-verdict-blocking"><td><code>npm run test<\/code><\/td><td><span class="proof-passed"[^>]*>passed · exit 0 · 0.9 s<\/span><\/td><td>[\s\S]*proof-failed[\s\S]*passes before the change and fails after it, with HELICONE_API_KEY set/,
    );
    expect(out).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(out).not.toContain('<img');
    expect(out).toContain('artifacts/x/proof-v1/afterWithKey-test.log');
  });

  it('says when the proof was off', () => {
    expect(
      (proofPanel({ ...report, outcome: 'off', rows: [], summary: 'The proof is off on this worker (PROOF=off).' }) as { value: string })
        .value,
    ).toContain('Proof: The proof is off');
    expect(proofPanel(undefined)).toBe('');
  });
});
