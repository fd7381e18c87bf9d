/**
 * The verifier: an independent pass over a working copy that lists every LLM client construction and judges what
 * it does, not which strings it contains. Each client's options are evaluated twice, with HELICONE_API_KEY set and
 * unset (see judge-client): `routed` when it goes through Helicone with the key and, with routing `optional`,
 * makes exactly the original request without it (compared with the base commit's file when the caller can give
 * it); `unconditional` when it would still go to Helicone (or differ) without the key; `misrouted` when the SDK
 * would join its base URL into a path Helicone does not serve; `left` (the integrator said why, for that very site)
 * or `missed`. Apart from these judges, its own broad detection (llm-imports, over the table in llm-sdks) lists every
 * import and client construction of a known LLM SDK or agent framework in every file it reads; what no judge
 * covered is `unrecognized` (not-judged), so a client the codemod's finder does not know is never "0 missed".
 * Changed files must still parse. It runs after every integrator, before the review PR.
 */
import type ts from 'typescript';
import type { Tree } from '@lezer/common';
import { findClientSites, parse, parseErrors, type FoundSite } from '../adapters/integrator/codemod/find-client-sites';
import { findPythonSites, parsePython, pythonParseErrors, type PythonSite } from '../adapters/integrator/codemod/python/find-python-sites';
import { findModuleStyleSites } from '../adapters/integrator/codemod/python/module-style';
import { SourceSnapshot } from '../shared/source-snapshot';
import { listClientSources } from '../shared/source-files';
import { DEFAULT_ROUTING, type ClientSite, type RoutingMode, type Verification, type VerifiedSite } from '../shared/types';
import { judgeClient, type ClientJudgement } from './judge-client';
import { jsGuardActive } from './js-eval';
import { jsLens, jsOptions } from './js-routing';
import { WITHOUT_KEY, WITH_KEY } from './symbolic';
import { guardActive, judgeLegacy, judgeLitellm, moduleFacts, type ModuleFacts } from './python-module-routing';
import { jsLlmUsage, localPythonModules, pythonLlmUsage, type LlmUsage } from './llm-imports';
import { LLM_HINT } from './llm-sdks';
import { integratorSitesAt, notJudged, type FileFindings } from './not-judged';
import { pythonLens, pythonOptions } from './python-routing';
import type { SymValue } from './symbolic';

const NO_USAGE: LlmUsage = { imports: [], uses: [] };
const JS_RE = /\.(ts|tsx|mts|cts|js|jsx|mjs|cjs)$/i;

export interface VerifyOptions {
  integratorSites?: ClientSite[];
  changedFiles?: string[];
  /** The file as it was before the change (the base commit), to prove the request without the key is unchanged. */
  original?: (rel: string) => Promise<string | undefined>;
  routing?: RoutingMode;
  /**
   * The working copy as the integrator left it, when every edit went through it: its walk, texts and parses are
   * reused (the judges and the detection stay this module's own; only file contents and syntax trees are shared).
   */
  snapshot?: SourceSnapshot;
}

export async function verifyRepository(dir: string, opts: VerifyOptions = {}): Promise<Verification> {
  const routing = opts.routing ?? DEFAULT_ROUTING;
  // Without the integrator's snapshot, one of the verifier's own: each file is still read and parsed once here.
  const snap = opts.snapshot ?? new SourceSnapshot(dir);
  const files = snap.clientSources ?? (await listClientSources(dir));
  const parseTs = (rel: string, text: string) => snap.parsed('ts', rel, text, () => parse(rel, text));
  const parsePy = (rel: string, text: string) => snap.parsed('python', rel, text, () => parsePython(text));
  const local = localPythonModules(files);
  const perFile: FileFindings[] = [];
  for (const rel of files) {
    const text = await snap.read(rel);
    // Listed, then gone (a file the diff policy's revert removed): nothing in it to judge.
    if (text === undefined) continue;
    // Cheap pre-filters: the judges' (the SDKs they model), and detection's (an import line naming an SDK of llm-sdks).
    const judgedHere = /openai|anthropic|litellm/i.test(text);
    const detectHere = LLM_HINT.test(text);
    if (!judgedHere && !detectHere) continue;
    const reported = opts.integratorSites?.filter((s) => s.file === rel) ?? [];
    // A file the change did not touch is its own original: no need to read the base commit for it.
    const untouched = opts.changedFiles && !opts.changedFiles.includes(rel);
    const before =
      !opts.original || (!judgedHere && !reported.length) ? undefined : untouched ? text : await opts.original(rel).catch(() => undefined);
    const at = integratorSitesAt(reported, before, text);
    const judged: VerifiedSite[] = [];
    const record: Record_ = (line, library, j) => {
      const base = { file: rel, line, library };
      if (j.verdict === 'routed') return judged.push({ ...base, verdict: 'routed' });
      if (j.verdict !== 'not-routed') return judged.push({ ...base, verdict: j.verdict, reason: j.why });
      // Excused by its own site (file, line, library): another client of the same library in the file is not.
      const explained = at(line, line).find((s) => s.library === library && s.outcome === 'skipped');
      judged.push(
        explained ? { ...base, verdict: 'left', reason: explained.reason ?? j.why } : { ...base, verdict: 'missed', reason: j.why },
      );
    };
    let usage: LlmUsage;
    if (rel.endsWith('.py')) {
      const tree = parsePy(rel, text);
      if (judgedHere) verifyPython(text, tree, before, routing, record);
      usage = detectHere ? pythonLlmUsage(text, tree, local) : NO_USAGE;
    } else {
      const sf = parseTs(rel, text);
      if (judgedHere) verifyJs(rel, sf, before, routing, record, parseTs);
      usage = detectHere ? jsLlmUsage(sf) : NO_USAGE;
    }
    perFile.push({ file: rel, judged, usage, integratorAt: at });
  }
  const judgedLibraries = perFile.flatMap((f) => f.judged.map((s) => s.library));
  const sites = perFile.flatMap((f) => [...f.judged, ...notJudged(f, judgedLibraries)].sort((a, b) => a.line - b.line));
  const parseFailures: string[] = [];
  for (const rel of opts.changedFiles ?? []) {
    const text = await snap.read(rel);
    if (text === undefined) continue;
    if (JS_RE.test(rel) && parseErrors(parseTs(rel, text)).length) parseFailures.push(rel);
    if (rel.endsWith('.py') && pythonParseErrors(parsePy(rel, text))) parseFailures.push(rel);
  }
  return { sites, parseFailures };
}

type Record_ = (line: number, library: string, j: ClientJudgement) => void;

function verifyJs(
  rel: string,
  sf: ts.SourceFile,
  before: string | undefined,
  routing: RoutingMode,
  record: Record_,
  parseTs: (rel: string, text: string) => ts.SourceFile,
): void {
  const found = findClientSites(sf);
  // A client built only when the key is set (`if (process.env.HELICONE_API_KEY) setDefaultOpenAIClient(new OpenAI(…))`)
  // does not exist without it: it is judged with the key alone and has no counterpart in the original.
  const guard = found.map((s) => ({ withKey: jsGuardActive(sf, s.node, WITH_KEY), withoutKey: jsGuardActive(sf, s.node, WITHOUT_KEY) }));
  const old = before === undefined ? undefined : parseTs(rel, before);
  const unguarded = found.filter((_, i) => guard[i]!.withoutKey !== false);
  const originals =
    old &&
    originalOptions(
      unguarded,
      findClientSites(old).map((s) => ({ library: s.kind.library, options: jsOptions(old, s).withoutKey })),
    );
  let k = 0;
  found.forEach((site, i) => {
    const worlds = jsOptions(sf, site);
    const only = guard[i]!.withoutKey === false ? 'with-key' : guard[i]!.withKey === false ? 'without-key' : undefined;
    const original = only ? {} : originalOf(originals, k++);
    record(
      site.line,
      site.kind.library,
      judgeClient({
        library: site.kind.library,
        lens: jsLens(site),
        ...worlds,
        routing,
        ...original,
        ...(only ? { builtOnly: only } : {}),
      }),
    );
  });
}

function verifyPython(text: string, tree: Tree, before: string | undefined, routing: RoutingMode, record: Record_): void {
  const found: PythonSite[] = findPythonSites(text, tree);
  const guard = found.map((s) => ({ withKey: guardActive(text, s.call, WITH_KEY), withoutKey: guardActive(text, s.call, WITHOUT_KEY) }));
  const oldTree = before === undefined ? undefined : parsePython(before);
  const unguarded = found.filter((_, i) => guard[i]!.withoutKey !== false);
  const originals =
    before === undefined || !oldTree
      ? undefined
      : originalOptions(
          unguarded,
          findPythonSites(before, oldTree).map((s) => ({ library: s.kind.library, options: pythonOptions(before, s).withoutKey })),
        );
  let k = 0;
  found.forEach((site, i) => {
    const worlds = pythonOptions(text, site);
    const only = guard[i]!.withoutKey === false ? 'with-key' : guard[i]!.withKey === false ? 'without-key' : undefined;
    const original = only ? {} : originalOf(originals, k++);
    record(
      site.line,
      site.kind.library,
      judgeClient({
        library: site.kind.library,
        lens: pythonLens(site),
        ...worlds,
        routing,
        ...original,
        ...(only ? { builtOnly: only } : {}),
      }),
    );
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
  const original: ModuleFacts | undefined =
    before === undefined || !oldTree ? undefined : moduleFacts(before, oldTree, aliases(findModuleStyleSites(before, oldTree, '"')));
  for (const m of module)
    record(m.line, m.library, isLitellm(m) ? judgeLitellm(facts, original, routing) : judgeLegacy(facts, original, routing));
}

/**
 * Pairs each client of the changed file with the same client of the original, by library and order (line numbers
 * move when a rewrite adds lines). When the counts differ the pairing is unknown and nothing is compared.
 */
function originalOptions(
  found: (FoundSite | PythonSite)[],
  before: { library: string; options: SymValue | undefined }[],
): (SymValue | 'absent')[] | undefined {
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
  // Always counted when there are any: a review PR must not read "0 missed" over traffic nobody judged.
  if (count('unrecognized')) parts.push(`${count('unrecognized')} LLM use(s) the verifier cannot judge (unrecognized)`);
  if (v.parseFailures.length) parts.push(`${v.parseFailures.length} changed file(s) no longer parse: ${v.parseFailures.join(', ')}`);
  return parts.join(', ');
}
