/**
 * Commit messages, PR titles and PR bodies. Plain, factual text that follows the repository's conventions found by
 * the analysis: maintainers should be able to merge it without rewriting it.
 */
import type { ClientSite, ForkInfo, IntegrationAttemptResult, RepositoryAnalysis, RoutingMode } from '../shared/types';
import { verificationSummary } from '../verifier/verify-repository';
import { routingSentence } from './upstream-pr-body';

export { upstreamBody } from './upstream-pr-body';

const SUBJECT = 'route LLM clients through Helicone for observability';


export function commitMessage(
  analysis: RepositoryAnalysis,
  attempt: number,
  feedback: string[],
  author: { name: string; email: string },
  routing?: RoutingMode,
): string {
  const subject = analysis.conventionalCommits ? `feat: ${SUBJECT}` : capitalize(SUBJECT);
  const body =
    attempt === 1
      ? routing === 'always'
        ? "Point the SDK clients at Helicone's proxy and send the Helicone-Auth header read from HELICONE_API_KEY."
        : "When HELICONE_API_KEY is set, point the SDK clients at Helicone's proxy and send the Helicone-Auth header;\nwithout it the clients are configured exactly as before."
      : `Revision ${attempt}, answering review feedback:\n\n${quote(feedback[feedback.length - 1] ?? '')}`;
  // DCO: the sign-off must match the commit author.
  const signOff = analysis.requiresSignOff ? `\n\nSigned-off-by: ${author.name} <${author.email}>` : '';
  return `${subject}\n\n${body}${signOff}\n`;
}

export function upstreamTitle(analysis: RepositoryAnalysis): string {
  return analysis.conventionalCommits ? `feat: ${SUBJECT}` : capitalize(SUBJECT);
}

export function reviewTitle(fork: ForkInfo, attempt: number): string {
  return `[Helicone review v${attempt}] ${fork.upstream.owner}/${fork.upstream.name}`;
}

export function reviewBody(p: {
  fork: ForkInfo;
  result: IntegrationAttemptResult;
  feedback: string[];
  workflowId: string;
}): string {
  const { fork, result, feedback, workflowId } = p;
  const missed = result.verification?.sites.filter((s) => s.verdict === 'missed') ?? [];
  const unjudged = result.verification?.sites.filter((s) => s.verdict === 'unrecognized') ?? [];
  const lines = [
    ...(missed.length
      ? [
          `> [!WARNING]`,
          `> The verifier found ${missed.length} LLM client(s) NOT routed through Helicone:`,
          ...missed.map((s) => `> - \`${s.file}:${s.line}\` (${s.library}): ${s.reason ?? ''}`),
          '',
        ]
      : []),
    ...(unjudged.length
      ? [
          `> [!WARNING]`,
          `> ${unjudged.length} LLM import(s) the verifier cannot judge; check by hand that their requests go through Helicone:`,
          ...unjudged.map((s) => `> - \`${s.file}:${s.line}\`: ${s.reason ?? ''}`),
          '',
        ]
      : []),
    `Review version **v${result.attempt}** of the Helicone integration for \`${fork.upstream.owner}/${fork.upstream.name}\` ` +
      `(base \`${fork.defaultBranch}\` at \`${fork.baseSha.slice(0, 10)}\`), written by the \`${result.integrator}\` integrator.`,
    '',
    ...(result.routing ? [`Routing: **${result.routing}**. ${routingSentence(result.routing)}`, ''] : []),
    '## Summary',
    result.summary,
    '',
    '## Client sites',
    sitesTable(result.sites),
    '',
    '## Files changed',
    ...(result.filesChanged.length ? result.filesChanged.map((f) => `- \`${f}\``) : ['- (no new changes in this version)']),
  ];
  if (result.agent) {
    const a = result.agent;
    lines.push(
      '',
      '## Agent run',
      `Claude Code: ${a.turns} turns, $${a.costUsd.toFixed(4)}, ${a.usage.inputTokens} input / ${a.usage.outputTokens} output tokens, ` +
        `${a.toolCalls.length} tool calls, ${a.permissionDenials.length} permission denials` +
        (a.resumed ? '; resumed the previous session.' : '.'),
    );
    if (a.freshFallback) {
      lines.push('', 'The previous agent session was not available on this worker, so a fresh session was given the earlier diff, all feedback and the original brief.');
    }
  }
  if (result.verification) {
    const v = result.verification;
    lines.push('', '## Verifier', `Independent check of every client construction: ${verificationSummary(v)}.`);
    const rows = v.sites.map((s) => `| \`${s.file}:${s.line}\` | ${s.library} | ${s.verdict} | ${escapeCell(s.reason ?? '')} |`);
    if (rows.length) lines.push('', '| site | library | verdict | note |', '|---|---|---|---|', ...rows);
  }
  if (result.policy) {
    lines.push('', '## Diff policy', ...result.policy.checks.map((c) => `- [x] ${c}`));
  }
  if (feedback.length) {
    lines.push('', '## Reviewer feedback answered');
    feedback.forEach((f, i) => lines.push(`${i + 1}. ${quote(f)}`));
    if (!result.changed) {
      lines.push('', `The \`${result.integrator}\` integrator made no further change for this feedback.`);
    }
  }
  lines.push(
    '',
    '## Review',
    `- Approve: \`npm run review ${workflowId} approve\``,
    `- Reject with feedback: \`npm run review ${workflowId} reject "what to change"\``,
    `- Or signal \`reviewChanges\` on workflow \`${workflowId}\` in the Temporal UI with \`{"approved": true}\`.`,
  );
  return lines.join('\n');
}

function sitesTable(sites: ClientSite[]): string {
  if (!sites.length) return '_No LLM client construction found._';
  const rows = sites.map((s) => `| \`${s.file}:${s.line}\` | ${s.library} | ${s.outcome} | ${escapeCell(s.reason ?? '')} |`);
  return ['| site | library | outcome | note |', '|---|---|---|---|', ...rows].join('\n');
}

function escapeCell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function quote(s: string): string {
  return s.split('\n').map((l) => `> ${l}`).join('\n');
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
