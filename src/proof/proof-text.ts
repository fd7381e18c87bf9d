/**
 * The proof in words: the review PR's "Proof" section (before / after / without key / with key), the warning at
 * its top for newly failing steps, the upstream PR's testing lines, and what is sent back to the integrator.
 */
import type { ProofReport, ProofRow, ProofStepResult } from '../shared/proof-types';
import { blockingRows } from '../shared/proof-types';

const KEY = 'HELICONE_API_KEY';

function seconds(ms: number): string {
  return ms >= 10_000 ? `${Math.round(ms / 1000)} s` : `${(ms / 1000).toFixed(1)} s`;
}

/** One cell: ✅ passed (exit 0, 3.1 s), ❌ failed (exit 1, 2.0 s), ⏱ timed out, … */
function cell(r: ProofStepResult | undefined): string {
  if (!r) return '–';
  const took = r.durationMs ? `, ${seconds(r.durationMs)}` : '';
  switch (r.status) {
    case 'passed':
      return `✅ passed (exit ${r.exitCode ?? 0}${took})`;
    case 'failed':
      return `❌ failed (exit ${r.exitCode ?? '?'}${took})${r.flaky ? ', passed when run again' : ''}`;
    case 'timed-out':
      return `⏱ timed out${took}`;
    case 'stopped':
      return `🛑 ${escapeCell(r.reason ?? 'stopped at a limit')}`;
    case 'missing':
      return '⚠️ cannot run';
    case 'skipped':
      return /reused/.test(r.reason ?? '') ? 'reused' : /cannot change it/.test(r.reason ?? '') ? 'not key-dependent' : `skipped`;
    case 'error':
      return '⚠️ sandbox error';
  }
}

const VERDICT_TEXT: Record<ProofRow['verdict'], string> = {
  ok: 'ok',
  blocking: '**newly fails**',
  'pre-existing': 'fails before the change as well',
  fixed: 'fixed by the change',
  flaky: 'flaky (passed when run again)',
  missing: 'could not run',
  skipped: 'not run',
};

/** The warning for the top of the review PR when steps newly fail (empty when none do). */
export function proofWarning(report: ProofReport | undefined): string[] {
  const blocking = blockingRows(report);
  if (!blocking.length) return [];
  return [
    '> [!CAUTION]',
    `> The repository's own checks pass before this change and fail after it${report?.afterSendBack ? ', even after the integrator was sent them once' : ''}:`,
    ...blocking.map((r) => `> - \`${r.command}\`: ${r.note ?? 'newly fails'}`),
    '> See "Proof" below for the output.',
    '',
  ];
}

/** The review PR's "Proof" section. */
export function proofSection(report: ProofReport | undefined): string[] {
  if (!report) return [];
  const lines = ['## Proof'];
  if (report.outcome === 'off') return [...lines, report.summary];
  lines.push(
    `${report.summary} The repository's own checks ran in a sandbox (${report.sandbox ?? 'none'}: no network outside the install, no secrets) on the base \`${(report.baseSha ?? '').slice(0, 10)}\`` +
      ` and on the change \`${(report.headSha ?? '').slice(0, 10)}\`, without \`${KEY}\` and with a dummy value (${report.ecosystems.join(', ') || 'nothing recognised'}; ${seconds(report.durationMs)}).`,
  );
  if (report.rows.length) {
    lines.push('', '| step | before | after, without key | after, with key | verdict |', '|---|---|---|---|---|');
    for (const r of report.rows)
      lines.push(
        `| \`${escapeCell(r.command)}\` | ${cell(r.before)} | ${cell(r.after)} | ${cell(r.afterWithKey)} | ${VERDICT_TEXT[r.verdict]} |`,
      );
  }
  const explained = report.rows.filter((r) => r.verdict !== 'ok');
  for (const r of explained) {
    const failing = [
      ['before', r.before],
      ['after, without key', r.after],
      ['after, with key', r.afterWithKey],
    ].filter(([, x]) => x && typeof x !== 'string' && (x.tail || x.reason)) as [string, ProofStepResult][];
    const shown = r.verdict === 'blocking' ? failing.filter(([, x]) => x.status !== 'passed') : failing.slice(0, 1);
    if (!shown.length) continue;
    lines.push(
      '',
      `<details><summary><code>${escapeHtml(r.command)}</code>: ${escapeHtml(r.note ?? VERDICT_TEXT[r.verdict])}</summary>`,
      '',
    );
    for (const [name, x] of shown) {
      lines.push(`${name}${x.reason ? `: ${x.reason}` : ''}${x.logRef ? ` (full log: \`${x.logRef}\`)` : ''}`, '');
      if (x.tail) lines.push('```', x.tail.replace(/```/g, "'''"), '```', '');
    }
    lines.push('</details>');
  }
  if (report.notes.length) lines.push('', ...report.notes.map((n) => `- ${n}`));
  if (report.reportRef) lines.push('', `Full report: \`${report.reportRef}\`.`);
  return lines;
}

/** The upstream PR's testing lines: what ran, before and after, without and with the key. */
export function proofTestingLines(report: ProofReport | undefined): string[] {
  if (!report || report.outcome === 'off' || report.outcome === 'error') return [];
  if (report.outcome === 'nothing-to-prove') return ['- The repository has no build, type-check, lint or test script to run.'];
  const ran = report.rows.filter((r) => r.phase === 'check' && r.verdict !== 'missing' && r.verdict !== 'skipped');
  const lines: string[] = [];
  const ok = ran.filter((r) => r.verdict === 'ok' || r.verdict === 'fixed' || r.verdict === 'flaky');
  if (ok.length) {
    lines.push(
      `- The project's own checks pass before and after this change, without \`${KEY}\` and with it set: ${ok.map((r) => `\`${r.command}\``).join(', ')}.`,
    );
  }
  const pre = ran.filter((r) => r.verdict === 'pre-existing');
  if (pre.length)
    lines.push(`- Already failing on the base branch, unchanged by this change: ${pre.map((r) => `\`${r.command}\``).join(', ')}.`);
  const blocking = ran.filter((r) => r.verdict === 'blocking');
  if (blocking.length)
    lines.push(`- Failing after this change: ${blocking.map((r) => `\`${r.command}\` (${r.note ?? 'newly fails'})`).join(', ')}.`);
  const install = report.rows.find((r) => r.phase === 'install' && r.id !== 'venv');
  if (install && install.before?.status === 'passed')
    lines.push(`- Installed with \`${install.command}\` (scripts disabled), in a sandbox without network access for the checks.`);
  return lines;
}

/** What the integrator is told when steps newly fail (its one send-back). */
export function proofFeedback(report: ProofReport): string {
  const parts = blockingRows(report).map((r) => {
    const failing = [r.after, r.afterWithKey].find((x) => x && x.status !== 'passed' && x.status !== 'skipped');
    return `\`${r.command}\` ${r.note ?? 'newly fails'}${failing?.tail ? `; its last lines:\n${failing.tail}` : ''}`;
  });
  return (
    `The repository's own checks pass on the base commit and fail with this change: ${parts.join('\n\n')}\n\n` +
    `Change the integration so they pass again both without ${KEY} and with it set (the checks ran with a dummy value). ` +
    'If a test pins the exact client configuration, keep it and say so in your summary rather than weakening the test.'
  );
}

function escapeCell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
