/**
 * The exclusion rules that need no request: what search results already say (archived, fork, last push, licence)
 * and the operator's opt-out list. The rules that need a request (Helicone already in the code, no LLM SDK found,
 * contribution rules, already approached) live in find-candidates, in order of cost.
 */
import type { Candidate, DiscoveryInput, ExcludedRepository, ExclusionReason } from '../../shared/discovery-types';

export function cheapExclusion(
  c: Candidate,
  input: Pick<DiscoveryInput, 'inactiveDays' | 'optOut'>,
  now: Date,
): ExcludedRepository | undefined {
  const out = (reason: ExclusionReason, detail: string): ExcludedRepository => ({
    owner: c.owner,
    name: c.name,
    url: c.url,
    reason,
    detail,
  });
  const full = `${c.owner}/${c.name}`.toLowerCase();
  if (input.optOut.includes(full)) return out('opted_out', 'on the operator’s opt-out list');
  if (c.archived) return out('archived', 'the repository is archived (read-only)');
  if (c.fork) return out('fork', 'a fork: the integration belongs upstream');
  const days = Math.floor((now.getTime() - Date.parse(c.pushedAt)) / 86_400_000);
  if (!(days <= input.inactiveDays)) return out('inactive', `no push for ${days} days (limit ${input.inactiveDays})`);
  if (!c.license) return out('no_license', 'no licence GitHub recognises: contributing terms are unclear');
  return undefined;
}

/** Parses an opt-out file: one `owner/name` (or GitHub URL) per line, `#` comments and blank lines ignored. */
export function parseOptOut(text: string): string[] {
  const out: string[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.replace(/#.*/, '').trim();
    if (!line) continue;
    const m = /(?:^|github\.com\/)([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+?)(?:\.git)?\/?$/.exec(line);
    if (!m) throw new Error(`opt-out list: "${line}" is not owner/name or a GitHub repository URL`);
    out.push(`${m[1]}/${m[2]}`.toLowerCase());
  }
  return out;
}
