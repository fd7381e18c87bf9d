/**
 * Commit messages, PR titles and PR bodies. Plain, factual text that follows the repository's conventions found by
 * the analysis: maintainers should be able to merge it without rewriting it.
 */
import type { ClientSite, ForkInfo, IntegrationAttemptResult, RepositoryAnalysis, RoutingMode, VerifiedSite } from '../shared/types';
import { verificationSummary } from '../verifier/verify-repository';
import { proofSection, proofWarning } from '../proof/proof-text';
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
  /** `git diff <previous version>..<this version>` (v2 and later), shown clipped as "Changes since v<n-1>". */
  interdiff?: string;
}): string {
  const { fork, result, feedback, workflowId } = p;
  const missed = result.verification?.sites.filter((s) => s.verdict === 'missed') ?? [];
  const unjudged = result.verification?.sites.filter((s) => s.verdict === 'unrecognized') ?? [];
  const lines = [
    ...proofWarning(result.proof),
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
          `> ${unjudged.length} LLM SDK use(s) the verifier cannot judge (\`unrecognized\`); check by hand that their requests go through Helicone:`,
          ...unjudged.map((s) => `> - \`${s.file}:${s.line}\` (${s.library}): ${s.reason ?? ''}`),
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
    sitesTable(result),
    '',
    '## Files changed',
    ...(result.filesChanged.length ? result.filesChanged.map((f) => `- \`${f}\``) : ['- (no new changes in this version)']),
    ...(p.interdiff !== undefined && result.attempt > 1
      ? [
          '',
          `## Changes since v${result.attempt - 1}`,
          `What v${result.attempt} changed compared with v${result.attempt - 1}, the version the feedback was about (the whole change is on the Files tab):`,
          '',
          interdiffBlock(p.interdiff),
        ]
      : []),
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
      lines.push(
        '',
        'The previous agent session was not available on this worker, so a fresh session was given the earlier diff, all feedback and the original brief.',
      );
    }
  }
  if (result.verification) {
    const v = result.verification;
    lines.push(
      '',
      '## Verifier',
      `Independent check of every client construction: ${verificationSummary(v)}. Each site's verdict is in the table under "Client sites".`,
    );
    // Found by the verifier's own detection of LLM SDKs, which no judge covered: named here, never passed in silence.
    const unrecognized = v.sites.filter((s) => s.verdict === 'unrecognized');
    if (unrecognized.length) {
      lines.push(
        '',
        'Not judged (`unrecognized`: an LLM SDK or agent framework whose requests the verifier cannot follow):',
        ...unrecognized.map((s) => `- \`${s.file}:${s.line}\` (${s.library})`),
      );
    }
  }
  if (result.proof) lines.push('', ...proofSection(result.proof));
  if (result.policy) {
    lines.push('', '## Diff policy', ...result.policy.checks.map((c) => `- [x] ${c}`));
    const reverted = result.policy.reverted ?? [];
    if (reverted.length) {
      lines.push(
        '',
        `The integrator also changed ${reverted.length} file(s) the policy forbids; the service reverted them, so they are not in this change:`,
        ...reverted.map((r) => `- \`${r.path}\`: ${r.reason}`),
      );
    }
  }
  if (feedback.length) {
    // "so far", not "answered": a round the integrator made no change for stays in the list (and in its context).
    lines.push('', '## Reviewer feedback so far');
    feedback.forEach((f, i) => lines.push(`${i + 1}. ${quote(f)}`));
    if (!result.changed) {
      lines.push('', `The \`${result.integrator}\` integrator made no further change for this feedback.`);
    }
  }
  lines.push(
    '',
    '## Review',
    `- Approve: \`npm run review ${workflowId} approve\``,
    // The codemod cannot act on free text: feedback would be refused (the CLI and the dashboard say so too).
    result.integratorUnderstandsFeedback === false
      ? `- Reject: \`npm run review ${workflowId} reject\` (this ends the integration: the \`${result.integrator}\` integrator cannot act on free-text feedback, so feedback is refused)`
      : `- Reject with feedback: \`npm run review ${workflowId} reject "what to change"\``,
    `- Or signal \`reviewChanges\` on workflow \`${workflowId}\` in the Temporal UI with \`{"approved": true}\`.`,
  );
  return lines.join('\n');
}

/**
 * One row per client: the integrator's account (who changed it) merged with the verifier's verdict, matched by file
 * and library (the same line when there is one). Verifier sites no integrator reported get their own rows.
 */
function sitesTable(result: IntegrationAttemptResult): string {
  const judged = result.verification?.sites;
  const rows = mergeSites(result.sites, judged ?? []);
  if (!rows.length) return '_No LLM client construction found._';
  const byDefault = result.integrator === 'codemod' ? 'codemod' : result.integrator === 'claude-code' ? 'agent' : undefined;
  const change = (s?: ClientSite) => {
    if (!s) return '–';
    const by = s.by ?? byDefault;
    if (s.outcome === 'changed') return by ? `by ${by}` : 'changed';
    return s.outcome === 'already-integrated' ? 'already integrated' : 'left';
  };
  if (!judged) {
    const lines = rows.map(
      ({ site }) => `| \`${site!.file}:${site!.line}\` | ${site!.library} | ${change(site)} | ${escapeCell(site!.reason ?? '')} |`,
    );
    return ['| site | library | change | note |', '|---|---|---|---|', ...lines].join('\n');
  }
  const lines = rows.map(({ site, verdict }) => {
    const where = verdict ?? site!;
    // The verifier's reason explains a verdict other than routed; otherwise the integrator's note, if any.
    const note = verdict?.reason ?? site?.reason ?? '';
    return `| \`${where.file}:${where.line}\` | ${where.library} | ${change(site)} | ${verdict?.verdict ?? 'not judged'} | ${escapeCell(note)} |`;
  });
  return ['| site | library | change | verdict | note |', '|---|---|---|---|---|', ...lines].join('\n');
}

export function mergeSites(sites: ClientSite[], judged: VerifiedSite[]): { site?: ClientSite; verdict?: VerifiedSite }[] {
  const used = new Set<VerifiedSite>();
  const rows: { site?: ClientSite; verdict?: VerifiedSite }[] = [];
  const same = (s: ClientSite) => judged.filter((v) => !used.has(v) && v.file === s.file && v.library === s.library);
  // Exact lines first, so a file with two clients of one library pairs each with its own verdict.
  const exact = new Map<ClientSite, VerifiedSite>();
  for (const s of sites) {
    const v = same(s).find((c) => c.line === s.line);
    if (v) {
      exact.set(s, v);
      used.add(v);
    }
  }
  for (const s of sites) {
    const v = exact.get(s) ?? same(s)[0];
    if (v) used.add(v);
    rows.push({ site: s, ...(v ? { verdict: v } : {}) });
  }
  for (const v of judged) if (!used.has(v)) rows.push({ verdict: v });
  return rows;
}

/** Enough of an interdiff for a PR body (GitHub allows 65,536 characters in all); the Files tab has the whole change. */
export const MAX_INTERDIFF_CHARS = 12_000;

export function interdiffBlock(interdiff: string): string {
  if (!interdiff.trim()) return '_No change since the previous version._';
  let shown = interdiff;
  let note = '';
  if (interdiff.length > MAX_INTERDIFF_CHARS) {
    const cut = interdiff.lastIndexOf('\n', MAX_INTERDIFF_CHARS);
    shown = interdiff.slice(0, cut > 0 ? cut : MAX_INTERDIFF_CHARS);
    const rest = interdiff.slice(shown.length).split('\n').filter(Boolean).length;
    note = `\n\n_Clipped: ${rest} more line(s); the whole change is on the Files tab._`;
  }
  // A fence longer than any backtick run in the diff, so the repository's text cannot close it.
  const longest = Math.max(2, ...(shown.match(/`+/g) ?? []).map((r) => r.length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}diff\n${shown.replace(/\n$/, '')}\n${fence}${note}`;
}

function escapeCell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function quote(s: string): string {
  return s
    .split('\n')
    .map((l) => `> ${l}`)
    .join('\n');
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
