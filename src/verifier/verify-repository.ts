/**
 * The verifier: an independent pass over a working copy that lists every LLM client construction and says whether
 * it is routed through Helicone with the auth header, left alone on purpose (the integrator gave a reason), or
 * missed; and whether the changed files still parse. It runs after every integrator, before the review PR.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { findClientSites, parse, parseErrors } from '../adapters/integrator/codemod/find-client-sites';
import { listClientSources } from '../shared/source-files';
import type { ClientSite, Verification, VerifiedSite } from '../shared/types';
import { findPythonSites, parsePython, pythonParseErrors } from '../adapters/integrator/codemod/python/find-python-sites';
import { findModuleStyleSites } from '../adapters/integrator/codemod/python/module-style';
import { jsRouting, type Routing } from './js-routing';
import { pythonRouting } from './python-routing';

const JS_RE = /\.(ts|tsx|mts|cts|js|jsx|mjs|cjs)$/i;

export async function verifyRepository(
  dir: string,
  opts: { integratorSites?: ClientSite[]; changedFiles?: string[] } = {},
): Promise<Verification> {
  const sites: VerifiedSite[] = [];
  const judge = (rel: string, line: number, library: string, routing: Routing) => {
    const base = { file: rel, line, library };
    if (routing.routed) return sites.push({ ...base, verdict: 'routed' });
    const explained = opts.integratorSites?.find((s) => s.file === rel && s.library === library && s.outcome === 'skipped');
    sites.push(explained ? { ...base, verdict: 'left', reason: explained.reason ?? routing.why } : { ...base, verdict: 'missed', reason: routing.why });
  };
  for (const rel of await listClientSources(dir)) {
    const text = await fs.readFile(path.join(dir, rel), 'utf8');
    if (!/openai|anthropic|litellm/i.test(text)) continue;
    if (rel.endsWith('.py')) {
      const tree = parsePython(text);
      for (const site of findPythonSites(text, tree)) judge(rel, site.line, site.kind.library, pythonRouting(text, site));
      for (const m of findModuleStyleSites(text, tree, '"')) {
        judge(rel, m.line, m.library, m.routed ? { routed: true } : { routed: false, why: m.library === 'litellm' ? 'LiteLLM is not configured to log to Helicone' : 'openai.api_base or the per-call headers do not go through Helicone' });
      }
    } else {
      const sf = parse(rel, text);
      for (const site of findClientSites(sf)) judge(rel, site.line, site.kind.library, jsRouting(sf, site));
    }
  }
  const parseFailures: string[] = [];
  for (const rel of opts.changedFiles ?? []) {
    const text = await fs.readFile(path.join(dir, rel), 'utf8').catch(() => undefined);
    if (text === undefined) continue;
    if (JS_RE.test(rel) && parseErrors(parse(rel, text)).length) parseFailures.push(rel);
    if (rel.endsWith('.py') && pythonParseErrors(parsePython(text))) parseFailures.push(rel);
  }
  return { sites, parseFailures };
}

export function verificationSummary(v: Verification): string {
  const count = (verdict: VerifiedSite['verdict']) => v.sites.filter((s) => s.verdict === verdict).length;
  const parts = [`${count('routed')} routed through Helicone`, `${count('left')} left alone on purpose`, `${count('missed')} missed`];
  if (v.parseFailures.length) parts.push(`${v.parseFailures.length} changed file(s) no longer parse: ${v.parseFailures.join(', ')}`);
  return parts.join(', ');
}
