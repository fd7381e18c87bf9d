/**
 * The verifier: an independent pass over a working copy that lists every LLM client construction and judges what
 * it does, not which strings it contains. Each client's options are evaluated twice, with HELICONE_API_KEY set and
 * unset (see judge-client): `routed` when it goes through Helicone with the key and, with routing `optional`,
 * makes exactly the original request without it (compared with the base commit's file when the caller can give
 * it); `unconditional` when it would still go to Helicone (or differ) without the key; `misrouted` when the SDK
 * would join its base URL into a path Helicone does not serve; `left` (the integrator said why) or `missed`.
 * Changed files must still parse. It runs after every integrator, before the review PR.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { findClientSites, parse, parseErrors, type FoundSite } from '../adapters/integrator/codemod/find-client-sites';
import { findPythonSites, parsePython, pythonParseErrors, type PythonSite } from '../adapters/integrator/codemod/python/find-python-sites';
import { findModuleStyleSites } from '../adapters/integrator/codemod/python/module-style';
import { listClientSources } from '../shared/source-files';
import { DEFAULT_ROUTING, type ClientSite, type RoutingMode, type Verification, type VerifiedSite } from '../shared/types';
import { judgeClient, type ClientJudgement } from './judge-client';
import { jsGuardActive } from './js-eval';
import { jsLens, jsOptions } from './js-routing';
import { WITHOUT_KEY, WITH_KEY } from './symbolic';
import { guardActive, judgeLegacy, judgeLitellm, moduleFacts, type ModuleFacts } from './python-module-routing';
import { jsLlmImports, pythonLlmImports } from './llm-imports';
import { pythonLens, pythonOptions } from './python-routing';
import type { SymValue } from './symbolic';

const JS_RE = /\.(ts|tsx|mts|cts|js|jsx|mjs|cjs)$/i;
/** Cheap pre-filter for the broad import detection (llm-imports): names of the SDKs and frameworks it knows. */
const LLM_HINT = /agents|genai|generativeai|generative-ai|mistral|groq|cohere|together|ollama|replicate|bedrock|llama|crewai|autogen|dspy|haystack|semantic_kernel|pydantic_ai|smolagents|instructor|langchain|ai-sdk/i;

export interface VerifyOptions {
  integratorSites?: ClientSite[];
  changedFiles?: string[];
  /** The file as it was before the change (the base commit), to prove the request without the key is unchanged. */
  original?: (rel: string) => Promise<string | undefined>;
  routing?: RoutingMode;
}

export async function verifyRepository(dir: string, opts: VerifyOptions = {}): Promise<Verification> {
  const routing = opts.routing ?? DEFAULT_ROUTING;
  const sites: VerifiedSite[] = [];
  const record = (rel: string, line: number, library: string, j: ClientJudgement) => {
    const base = { file: rel, line, library };
    if (j.verdict === 'routed') return sites.push({ ...base, verdict: 'routed' });
    if (j.verdict !== 'not-routed') return sites.push({ ...base, verdict: j.verdict, reason: j.why });
    const explained = opts.integratorSites?.find((s) => s.file === rel && s.library === library && s.outcome === 'skipped');
    sites.push(explained ? { ...base, verdict: 'left', reason: explained.reason ?? j.why } : { ...base, verdict: 'missed', reason: j.why });
  };
  for (const rel of await listClientSources(dir)) {
    const text = await fs.readFile(path.join(dir, rel), 'utf8');
    const judged = sites.length;
    if (/openai|anthropic|litellm/i.test(text)) {
      // A file the change did not touch is its own original: no need to read the base commit for it.
      const untouched = opts.changedFiles && !opts.changedFiles.includes(rel);
      const before = !opts.original ? undefined : untouched ? text : await opts.original(rel).catch(() => undefined);
      if (rel.endsWith('.py')) verifyPython(rel, text, before, routing, record);
      else verifyJs(rel, text, before, routing, record);
    }
    // No client judged here, none reported by the integrator either: name the LLM imports the judges do not model.
    if (sites.length === judged && LLM_HINT.test(text) && !opts.integratorSites?.some((s) => s.file === rel)) {
      const imports = rel.endsWith('.py') ? pythonLlmImports(text, parsePython(text)) : jsLlmImports(parse(rel, text));
      for (const i of imports) {
        sites.push({ file: rel, line: i.line, library: i.module, verdict: 'unrecognized', reason: `imports ${i.module} (${i.what}), whose clients the verifier cannot judge: check by hand that they go through Helicone` });
      }
    }
  }
  // Once the Agents SDK's default client is set (and judged) somewhere, its other importers use that client.
  if (sites.some((s) => s.library.startsWith('openai-agents') && s.verdict !== 'unrecognized')) {
    for (let i = sites.length - 1; i >= 0; i--) if (sites[i]!.verdict === 'unrecognized' && /^(@openai\/agents|agents)(\b|$)/.test(sites[i]!.library)) sites.splice(i, 1);
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

type Record_ = (rel: string, line: number, library: string, j: ClientJudgement) => void;

function verifyJs(rel: string, text: string, before: string | undefined, routing: RoutingMode, record: Record_): void {
  const sf = parse(rel, text);
  const found = findClientSites(sf);
  // A client built only when the key is set (`if (process.env.HELICONE_API_KEY) setDefaultOpenAIClient(new OpenAI(…))`)
  // does not exist without it: it is judged with the key alone and has no counterpart in the original.
  const guard = found.map((s) => ({ withKey: jsGuardActive(sf, s.node, WITH_KEY), withoutKey: jsGuardActive(sf, s.node, WITHOUT_KEY) }));
  const old = before === undefined ? undefined : parse(rel, before);
  const unguarded = found.filter((_, i) => guard[i]!.withoutKey !== false);
  const originals = old && originalOptions(unguarded, findClientSites(old).map((s) => ({ library: s.kind.library, options: jsOptions(old, s).withoutKey })));
  let k = 0;
  found.forEach((site, i) => {
    const worlds = jsOptions(sf, site);
    const only = guard[i]!.withoutKey === false ? 'with-key' : guard[i]!.withKey === false ? 'without-key' : undefined;
    const original = only ? {} : originalOf(originals, k++);
    record(rel, site.line, site.kind.library, judgeClient({ library: site.kind.library, lens: jsLens(site), ...worlds, routing, ...original, ...(only ? { builtOnly: only } : {}) }));
  });
}

function verifyPython(rel: string, text: string, before: string | undefined, routing: RoutingMode, record: Record_): void {
  const tree = parsePython(text);
  const found: PythonSite[] = findPythonSites(text, tree);
  const guard = found.map((s) => ({ withKey: guardActive(text, s.call, WITH_KEY), withoutKey: guardActive(text, s.call, WITHOUT_KEY) }));
  const oldTree = before === undefined ? undefined : parsePython(before);
  const unguarded = found.filter((_, i) => guard[i]!.withoutKey !== false);
  const originals =
    before === undefined || !oldTree ? undefined : originalOptions(unguarded, findPythonSites(before, oldTree).map((s) => ({ library: s.kind.library, options: pythonOptions(before, s).withoutKey })));
  let k = 0;
  found.forEach((site, i) => {
    const worlds = pythonOptions(text, site);
    const only = guard[i]!.withoutKey === false ? 'with-key' : guard[i]!.withKey === false ? 'without-key' : undefined;
    const original = only ? {} : originalOf(originals, k++);
    record(rel, site.line, site.kind.library, judgeClient({ library: site.kind.library, lens: pythonLens(site), ...worlds, routing, ...original, ...(only ? { builtOnly: only } : {}) }));
  });
  const module = findModuleStyleSites(text, tree, '"');
  if (!module.length) return;
  // LiteLLM directly, or under the OpenAI Agents SDK's LitellmModel: the same module-level callback either way.
  const isLitellm = (m: (typeof module)[number]) => m.library === 'litellm' || m.library === 'openai-agents-litellm';
  const aliases = (sites: typeof module) => ({
    ...(sites.find(isLitellm) ? { litellm: sites.find(isLitellm)!.alias } : {}),
    ...(sites.find((m) => m.library === 'openai-legacy') ? { openai: sites.find((m) => m.library === 'openai-legacy')!.alias } : {}),
  });
  const facts = moduleFacts(text, tree, aliases(module));
  const original: ModuleFacts | undefined = before === undefined || !oldTree ? undefined : moduleFacts(before, oldTree, aliases(findModuleStyleSites(before, oldTree, '"')));
  for (const m of module) record(rel, m.line, m.library, isLitellm(m) ? judgeLitellm(facts, original, routing) : judgeLegacy(facts, original, routing));
}

/**
 * Pairs each client of the changed file with the same client of the original, by library and order (line numbers
 * move when a rewrite adds lines). When the counts differ the pairing is unknown and nothing is compared.
 */
function originalOptions(found: (FoundSite | PythonSite)[], before: { library: string; options: SymValue | undefined }[]): (SymValue | 'absent')[] | undefined {
  const library = (s: FoundSite | PythonSite) => s.kind.library;
  const libraries = new Set([...found.map(library), ...before.map((b) => b.library)]);
  const out: (SymValue | 'absent')[] = new Array(found.length);
  for (const lib of libraries) {
    const now = found.map((s, i) => [s, i] as const).filter(([s]) => library(s) === lib);
    const then = before.filter((b) => b.library === lib);
    if (now.length !== then.length) return undefined;
    now.forEach(([, i], k) => (out[i] = then[k]!.options ?? 'absent'));
  }
  return out;
}

function originalOf(originals: (SymValue | 'absent')[] | undefined, i: number): { original?: SymValue | 'absent' } {
  return originals && originals[i] !== undefined ? { original: originals[i] } : {};
}

export function verificationSummary(v: Verification): string {
  const count = (verdict: VerifiedSite['verdict']) => v.sites.filter((s) => s.verdict === verdict).length;
  const parts = [`${count('routed')} routed through Helicone`];
  if (count('unconditional')) parts.push(`${count('unconditional')} routed even without HELICONE_API_KEY`);
  if (count('misrouted')) parts.push(`${count('misrouted')} sent to a URL Helicone does not serve`);
  parts.push(`${count('left')} left alone on purpose`, `${count('missed')} missed`);
  if (count('unrecognized')) parts.push(`${count('unrecognized')} LLM import(s) the verifier cannot judge`);
  if (v.parseFailures.length) parts.push(`${v.parseFailures.length} changed file(s) no longer parse: ${v.parseFailures.join(', ')}`);
  return parts.join(', ');
}
