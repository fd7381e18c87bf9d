/**
 * How the runs compare, step by step: a step that passes on the base and fails on the change blocks; one that
 * fails on the base as well does not (the change did not break it); one that could not run anywhere is reported.
 */
import type { ProofOutcome, ProofRow, ProofRunName, ProofStepResult } from '../shared/proof-types';

const FAILED = new Set(['failed', 'timed-out', 'stopped']);

export function compareRuns(
  steps: { id: string; command: string; phase: 'install' | 'check'; keyDependent: boolean }[],
  results: Record<ProofRunName, Map<string, ProofStepResult>>,
): ProofRow[] {
  return steps.map((s) => {
    const before = results.before.get(s.id);
    const after = results.after.get(s.id);
    const afterWithKey = results.afterWithKey.get(s.id);
    const row: ProofRow = {
      id: s.id,
      command: s.command,
      phase: s.phase,
      ...(before ? { before } : {}),
      ...(after ? { after } : {}),
      ...(afterWithKey ? { afterWithKey } : {}),
      verdict: 'ok',
    };
    return { ...row, ...verdict(before, after, afterWithKey) };
  });
}

function verdict(before?: ProofStepResult, after?: ProofStepResult, withKey?: ProofStepResult): Pick<ProofRow, 'verdict' | 'note'> {
  // The change's runs that ran: a reused install or a key-independent step stands for itself.
  const ran = [after, withKey].filter((r): r is ProofStepResult => !!r && r.status !== 'skipped');
  const all = [before, ...ran].filter((r): r is ProofStepResult => !!r);
  const missing = all.find((r) => r.status === 'missing');
  if (missing) return { verdict: 'missing', note: missing.reason ?? 'cannot run on this worker' };
  const error = all.find((r) => r.status === 'error');
  if (error) return { verdict: 'skipped', note: error.reason ?? 'the sandbox could not run it' };
  if (!before || before.status === 'skipped') return { verdict: 'skipped', note: before?.reason ?? 'not run' };
  const budget = ran.find((r) => r.status === 'skipped');
  if (budget) return { verdict: 'skipped', note: budget.reason ?? 'not run' };
  const failedAfter = after && after.status !== 'skipped' && FAILED.has(after.status);
  const failedWithKey = withKey && withKey.status !== 'skipped' && FAILED.has(withKey.status);
  if (FAILED.has(before.status)) {
    if (!failedAfter && !failedWithKey && ran.length) return { verdict: 'fixed', note: 'fails before the change and passes after it' };
    return { verdict: 'pre-existing', note: 'fails before the change as well' };
  }
  if (failedAfter || failedWithKey) {
    const flaky = [after, withKey].filter((r) => r && FAILED.has(r.status)).every((r) => r!.flaky);
    const where =
      failedAfter && failedWithKey
        ? 'without and with HELICONE_API_KEY'
        : failedAfter
          ? 'without HELICONE_API_KEY'
          : 'with HELICONE_API_KEY set';
    if (flaky) return { verdict: 'flaky', note: `failed once after the change (${where}) and passed when run again` };
    return { verdict: 'blocking', note: `passes before the change and fails after it, ${where}` };
  }
  return { verdict: 'ok' };
}

export function outcomeOf(rows: ProofRow[]): ProofOutcome {
  if (!rows.length) return 'nothing-to-prove';
  if (rows.some((r) => r.verdict === 'blocking')) return 'blocked';
  if (rows.some((r) => r.verdict === 'missing' || r.verdict === 'skipped')) return 'incomplete';
  return 'passed';
}

export function summarize(outcome: ProofOutcome, rows: ProofRow[]): string {
  const count = (v: ProofRow['verdict']) => rows.filter((r) => r.verdict === v);
  const parts: string[] = [];
  const blocking = count('blocking');
  if (blocking.length)
    parts.push(
      `${blocking.map((r) => `\`${r.command}\``).join(', ')} ${blocking.length === 1 ? 'passes' : 'pass'} before the change and ${blocking.length === 1 ? 'fails' : 'fail'} after it`,
    );
  const ok = count('ok').length + count('fixed').length + count('flaky').length;
  if (ok) parts.push(`${ok} step${ok === 1 ? '' : 's'} pass${ok === 1 ? 'es' : ''} before and after the change`);
  const pre = count('pre-existing');
  if (pre.length) parts.push(`${pre.length} fail${pre.length === 1 ? 's' : ''} before the change as well`);
  const missing = count('missing');
  if (missing.length) parts.push(`${missing.length} could not run (${[...new Set(missing.map((r) => r.note))].join('; ')})`);
  const skipped = count('skipped');
  if (skipped.length) parts.push(`${skipped.length} not run (${[...new Set(skipped.map((r) => r.note))].join('; ')})`);
  const head =
    outcome === 'blocked' ? 'Newly failing' : outcome === 'passed' ? 'Passed' : outcome === 'incomplete' ? 'Incomplete' : outcome;
  return `${head}: ${parts.join('; ')}.`;
}
