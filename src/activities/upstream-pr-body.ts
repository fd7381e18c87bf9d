/**
 * The body of the pull request opened upstream, written for the maintainer who did not ask for it: what changes
 * (every client, every file), that nothing changes without the key, how to turn it on, how it was checked, who
 * prepared it and how to say no. It fills the repository's PR template under its own headings when there is one:
 * our text replaces the instruction comments of the sections we fill, a checklist box is ticked only when it is
 * true (the DCO box when the commit is signed off), and everything else stays as the maintainers wrote it.
 */
import type { IntegrationAttemptResult, RepositoryAnalysis, RoutingMode, VerifiedSite } from '../shared/types';
import { HELICONE_KEY_ENV } from '../adapters/integrator/codemod/helicone-targets';
import { proofTestingLines } from '../proof/proof-text';

export interface UpstreamBodyInput {
  result: IntegrationAttemptResult;
  analysis: RepositoryAnalysis;
  /** The proposal issue a maintainer said yes in (ask first). */
  proposal?: { number: number; url: string; acceptedBy?: string };
}

/** The line that ties the PR to the proposal: "#N" links it on GitHub, the URL everywhere else. */
export function proposalLine(p: NonNullable<UpstreamBodyInput['proposal']>): string {
  return `Proposed in #${p.number} (${p.url})${p.acceptedBy ? `, where @${p.acceptedBy} said yes` : ''}.`;
}

/** What happens for users who set no key. Results recorded before the opt-in rule existed get no such promise. */
export function routingSentence(routing: RoutingMode | undefined): string | undefined {
  if (!routing) return undefined;
  return routing === 'always'
    ? `Every client now goes through Helicone, as the maintainers asked: \`${HELICONE_KEY_ENV}\` must be set wherever the app runs.`
    : `Nothing changes unless \`${HELICONE_KEY_ENV}\` is set: without it, every client makes exactly the requests it makes today.`;
}

export const DISCLOSURE =
  'This pull request was prepared by an automated service (helicone-integrator) and ' + 'reviewed by a person before it was opened.';
export const HOW_TO_SAY_NO = 'Not interested? Close this pull request and we will not open another one for this repository.';

export function upstreamBody(p: UpstreamBodyInput): string {
  const sections = bodySections(p);
  const template = p.analysis.pullRequestTemplate;
  if (template) {
    const filled = fillTemplate(template, sections, { signedOff: p.analysis.requiresSignOff });
    if (filled) return filled;
  }
  return [
    '## What this changes',
    sections.what,
    '',
    '## How to enable it',
    sections.enable,
    '',
    '## How it was checked',
    sections.checked,
    '',
    sections.about,
  ].join('\n');
}

interface BodySections {
  what: string;
  enable: string;
  checked: string;
  about: string;
}

function bodySections(p: UpstreamBodyInput): BodySections {
  const { result } = p;
  const sentence = routingSentence(result.routing);
  const optional = result.routing === 'optional';
  const files = result.changedFromBase ?? result.filesChanged;
  const routed = routedSites(result).filter((s) => files.includes(s.file));
  const perFile = files.map((f) => {
    const here = routed.filter((s) => s.file === f);
    if (here.length) return `- \`${f}\`: ${here.map((s) => `${s.library} client (line ${s.line})`).join(', ')}`;
    return `- \`${f}\`: declares \`${HELICONE_KEY_ENV}\`${optional ? ' (optional)' : ''}`;
  });
  const what = [
    ...(p.proposal ? [proposalLine(p.proposal), ''] : []),
    ...(sentence ? [sentence, ''] : []),
    `This routes the project's LLM API clients through [Helicone](https://helicone.ai), an open-source observability ` +
      'proxy, so requests, costs, latency and errors can be inspected in a dashboard. The provider API keys stay as ' +
      `they are; ${optional ? 'when the key is set, ' : ''}each client gets Helicone's base URL and a \`Helicone-Auth\` header read from \`${HELICONE_KEY_ENV}\`. No dependency is added.`,
    '',
    ...perFile,
  ].join('\n');
  const enable = [
    `Set \`${HELICONE_KEY_ENV}\` next to the existing provider key (a Helicone API key, from https://helicone.ai under Settings → API Keys).`,
    ...(optional ? ['Leave it unset and the app behaves exactly as before.'] : []),
  ].join(' ');
  return { what, enable, checked: howChecked(result), about: `${DISCLOSURE}\n${HOW_TO_SAY_NO}` };
}

/** The verifier's result in words, and what the proof ran before and after the change. */
function howChecked(result: IntegrationAttemptResult): string {
  const v = result.verification;
  const proof = proofTestingLines(result.proof);
  if (!v) return ['- Every changed file was re-parsed after the change.', ...proof].join('\n');
  const routed = v.sites.filter((s) => s.verdict === 'routed').length;
  const left = v.sites.filter((s) => s.verdict === 'left' || s.verdict === 'missed');
  const lines = [
    result.routing === 'optional'
      ? `- An independent verifier evaluated every LLM client with \`${HELICONE_KEY_ENV}\` set and unset: ${routed} go through Helicone with the key and are configured exactly as before without it.`
      : `- An independent verifier checked every LLM client: ${routed} go through Helicone with the \`Helicone-Auth\` header.`,
    ...left.map((s) => `- Not changed: \`${s.file}:${s.line}\` (${s.library}): ${s.reason ?? 'not routed'}.`),
    // The maintainers should know what no check covered, as the reviewer did.
    ...v.sites
      .filter((s) => s.verdict === 'unrecognized')
      .map((s) => `- Not judged by the verifier: \`${s.file}:${s.line}\` (${s.library}), an LLM SDK whose requests it cannot follow.`),
    '- Every changed file still parses.',
    ...proof,
  ];
  return lines.join('\n');
}

function routedSites(result: IntegrationAttemptResult): Pick<VerifiedSite, 'file' | 'line' | 'library'>[] {
  if (result.verification) return result.verification.sites.filter((s) => s.verdict === 'routed');
  return result.sites.filter((s) => s.outcome === 'changed');
}

const DESCRIPTION_HEADING = /descri|summary|what|changes|motivation|context|overview/;
const TESTING_HEADING = /test|verif|how (has|was|did)|checked|qa\b/;

/**
 * Puts our text under the template's own headings (the first description-like and testing-like sections), drops
 * the instruction comments of the sections we fill, ticks a sign-off (DCO) box when the commit is signed off, and
 * appends what has no place in the template. Returns undefined when the template has no description section.
 */
export function fillTemplate(template: string, s: BodySections, facts: { signedOff: boolean }): string | undefined {
  const lines = template.replace(/\r\n/g, '\n').replace(/\n+$/, '').split('\n');
  type Section = { heading?: string; body: string[] };
  const sections: Section[] = [{ body: [] }];
  for (const line of lines) {
    if (/^#{1,6}\s+\S/.test(line)) sections.push({ heading: line, body: [] });
    else sections[sections.length - 1]!.body.push(line);
  }
  const title = (sec: Section) => sec.heading?.replace(/^#+\s+/, '').toLowerCase() ?? '';
  const described = sections.find((sec) => sec.heading && DESCRIPTION_HEADING.test(title(sec)) && !TESTING_HEADING.test(title(sec)));
  if (!described) return undefined;
  const tested = sections.find((sec) => sec !== described && sec.heading && TESTING_HEADING.test(title(sec)));
  const out: string[] = [];
  for (const sec of sections) {
    if (sec.heading) out.push(sec.heading);
    if (sec === described || sec === tested) {
      const kept = withoutComments(sec.body.join('\n')).trim();
      out.push('', sec === described ? s.what : s.checked, ...(kept ? ['', kept] : []), '');
    } else out.push(...sec.body.map((l) => tickIfTrue(l, facts)));
  }
  while (out.length && !out[out.length - 1]!.trim()) out.pop();
  out.push('', ...(tested ? [] : ['## How it was checked', s.checked, '']), '## How to enable it', s.enable, '', s.about);
  return out.join('\n');
}

function withoutComments(text: string): string {
  return text.replace(/<!--[\s\S]*?-->/g, '').replace(/\n{3,}/g, '\n\n');
}

/** A checklist box we can vouch for: only the sign-off (DCO) box, and only when the commit carries the line. */
function tickIfTrue(line: string, facts: { signedOff: boolean }): string {
  const box = /^(\s*[-*]\s+)\[ \](\s+.*)$/.exec(line);
  if (!box || !facts.signedOff) return line;
  return /sign(ed)?[- ]?off|\bDCO\b|developer certificate of origin/i.test(box[2]!) ? `${box[1]}[x]${box[2]}` : line;
}
