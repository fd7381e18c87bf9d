/**
 * Builds the agent's prompts from the analysis rather than leaving the repository to the agent's exploration: the
 * exact client sites, how the repository declares env vars and its contribution rules. The rules and the Helicone
 * facts are not here: they are the system prompt (helicone-brief.ts agentSystemRules), appended to Claude Code's own.
 */
import type { ClientSite, RepositoryAnalysis, RoutingMode } from '../../../shared/types';

const MAX_DIFF_CHARS = 40_000;

export function buildBrief(p: { sites: ClientSite[]; analysis?: RepositoryAnalysis; note?: string; routing?: RoutingMode }): string {
  const sites = p.sites.length
    ? p.sites
        .map(
          (s) =>
            `- ${s.file}:${s.line} (${s.library})${s.outcome === 'skipped' && s.reason ? ` — the deterministic rewrite left it: ${s.reason}` : ''}`,
        )
        .join('\n')
    : '- (the static scan found none: search the JS/TS/Python sources for LLM client constructions)';
  const a = p.analysis;
  const conventions = a
    ? [
        a.envExample
          ? `- Env vars are declared in ${a.envExample}: add HELICONE_API_KEY there in its format.`
          : '- There is no env example file: do not create one.',
        a.hasContributing ? '- The repository has contribution rules (CONTRIBUTING): follow them.' : '',
        a.requiresSignOff ? '- Commits need a DCO sign-off (the service adds it; you only edit files).' : '',
        a.conventionalCommits ? '- The history uses conventional commits (the service writes the commit).' : '',
      ].filter(Boolean)
    : [];
  return [
    'Add Helicone observability to this repository.',
    '',
    'LLM client constructions to route through Helicone:',
    sites,
    ...(p.note ? ['', p.note] : []),
    ...(conventions.length ? ['', 'Repository conventions:', ...conventions] : []),
    '',
    `Routing mode: ${p.routing ?? 'optional'} (see the routing rule in your instructions).`,
  ].join('\n');
}

/** Feedback for a resumed session: the reviewer's words and the current diff. */
export function buildFeedbackPrompt(feedback: string, currentDiff: string): string {
  return [
    'A reviewer rejected the change with this feedback:',
    '',
    quote(feedback),
    '',
    'The current diff against the original repository is:',
    '```diff',
    clip(currentDiff),
    '```',
    '',
    'Revise the files accordingly. Keep the diff minimal and follow the same rules as before. Reply with a short summary.',
  ].join('\n');
}

/** A fresh session (the previous one is gone): the brief, the previous diff and every piece of feedback so far. */
export function buildFreshPrompt(brief: string, previousDiff: string, feedback: string[]): string {
  return [
    brief,
    '',
    'An earlier version of this change was already reviewed. Its diff (now applied to the files) was:',
    '```diff',
    clip(previousDiff),
    '```',
    '',
    'Reviewer feedback so far, oldest first:',
    ...feedback.map((f, i) => `${i + 1}.\n${quote(f)}`),
    '',
    'Revise the files to answer the latest feedback.',
  ].join('\n');
}

/**
 * The change was sent back by the diff policy or the verifier. The agent is asked only for what its tools can do
 * (edit files); files the policy forbids (CI, hooks, lock files…) are reverted by the service, and the prompt says so.
 */
export function buildPolicyPrompt(p: { problems: string[]; reverted?: { path: string; reason: string }[] }): string {
  const reverted = p.reverted ?? [];
  return [
    `Your change was sent back before review: ${p.problems.join('; ')}`,
    ...(reverted.length
      ? [
          '',
          `The service has reverted these files itself, because the integration must not change them: ${reverted.map((r) => `${r.path} (${r.reason})`).join('; ')}. ` +
            'Do not write them again; there is nothing for you to restore.',
        ]
      : []),
    '',
    'Fix exactly the problems listed above by editing the affected source files: route any listed client through Helicone as the routing rule says, and remove anything else that is not the Helicone integration. Reply with a short summary.',
  ].join('\n');
}

function quote(s: string): string {
  return s
    .split('\n')
    .map((l) => `> ${l}`)
    .join('\n');
}

function clip(diff: string): string {
  return diff.length > MAX_DIFF_CHARS ? `${diff.slice(0, MAX_DIFF_CHARS)}\n… (diff truncated)` : diff;
}
