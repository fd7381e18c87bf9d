/**
 * The deterministic integrator: rewrites the OpenAI and Anthropic client constructions of a working copy's JS/TS
 * and Python files to go through Helicone, file by file, leaving every other byte alone. Same input, same output,
 * no API key. Routing `optional` (the default) writes the forms that route only when HELICONE_API_KEY is set at
 * run time; `always` routes unconditionally. JS/TS code follows the repository: its formatter's options, the
 * settings module it reads its configuration from, a GitHub Action's inputs (see repo-context).
 */
import type ts from 'typescript';
import { inLanes } from '../../../shared/in-lanes';
import { MAX_SOURCE_BYTES, generatedHeaderReason, isClientSource, listFiles } from '../../../shared/source-files';
import { DEFAULT_ROUTING, type ClientSite, type RoutingMode } from '../../../shared/types';
import type { Integrator, IntegratorContext, IntegratorOutcome } from '../integrator';
import { applyEdits, type TextEdit } from './apply-edits';
import { declareHeliconeKey, isKeyPlace } from './env-example';
import { detectStyle } from './file-style';
import { findClientSites, parse, parseErrors } from './find-client-sites';
import { TS_CONFIG_NAMES, followUp, prepareJsContext, type JsRepoContext } from './repo-context';
import { planRewrite, sharedOptionsObject } from './rewrite-constructor';
import { PYTHON_CONFIG_FILES, pythonRepoContext, type PythonRepoContext } from './python/repo-context';
import { FORMAT_CONFIG_NAMES } from './repo-format';
import { rewritePythonFile } from './python/rewrite-python-file';
import { SourceSnapshot } from '../../../shared/source-snapshot';

export class CodemodIntegrator implements Integrator {
  readonly name = 'codemod';
  readonly understandsFeedback = false;

  async integrate(ctx: IntegratorContext): Promise<IntegratorOutcome> {
    const sites: ClientSite[] = [];
    const filesChanged: string[] = [];
    // One walk and one read of each file for the whole run: every step below asks `store` for texts (the caller's
    // snapshot when it gave one, so the verifier reads the result from memory).
    const tree = await listWorkingCopy(ctx.workdir);
    const store = ctx.snapshot ?? new SourceSnapshot(ctx.workdir);
    store.clientSources = tree.sources;
    const sources = tree.sources;
    const context = await prepareJsContext(
      ctx.workdir,
      sources.filter((f) => !f.endsWith('.py')),
      ctx.analysis,
      tree.configs,
      store,
    );
    const usedModules = new Set<string>();
    const envReaders: string[] = [];
    const python = pythonContextOnce(ctx.workdir, tree.python, store);
    // The Python context reads the working copy as it was: built before any rewrite is written.
    if (sources.some((f) => f.endsWith('.py'))) await python();
    // Files are rewritten concurrently (the run waits on reads and writes far more than it computes); each writes
    // only itself, and the results are taken in file order, so the output does not depend on timing.
    const results = await inLanes(sources, (rel) => rewriteFile(ctx.workdir, rel, { routing: ctx.routing, context, python, store }));
    for (const [i, rel] of sources.entries()) {
      const result = results[i]!;
      sites.push(...result.sites);
      if (result.changed) {
        filesChanged.push(rel);
        if (result.keyFrom) usedModules.add(result.keyFrom);
        else if (!rel.endsWith('.py')) envReaders.push(rel);
        ctx.log(`rewrote ${rel}: ${result.sites.filter((s) => s.outcome === 'changed').length} client(s)`);
      }
    }
    const more = await followUp(ctx.workdir, context, {
      changed: [...filesChanged],
      usedModules,
      envReaders,
      routing: ctx.routing ?? DEFAULT_ROUTING,
    });
    sites.push(...more.sites);
    for (const f of more.filesChanged) if (!filesChanged.includes(f)) filesChanged.push(f);
    if (filesChanged.length) {
      const declared = await declareHeliconeKey(ctx.workdir, [...filesChanged], { files: tree.keyPlaces });
      filesChanged.push(...declared.filter((f) => !filesChanged.includes(f)));
    }
    if (ctx.feedback.length) ctx.log('the codemod cannot act on free-text feedback; it re-applied its deterministic rules');
    filesChanged.sort();
    return {
      filesChanged,
      sites,
      summary: summarize(sites, filesChanged, more.notes),
      ...(ctx.snapshot ? { snapshotCurrent: true } : {}),
    };
  }
}

/** Every client site of a working copy with what the codemod would do to it, without writing anything. */
export async function scanClientSites(workdir: string, routing?: RoutingMode): Promise<ClientSite[]> {
  const { sources: files, python: pythonFiles } = await listWorkingCopy(workdir);
  const python = pythonContextOnce(workdir, pythonFiles);
  // Reads overlap (most files fail the cheap pre-filter, so the scan is bound by reading); results keep file order.
  const perFile = await inLanes(files, async (rel) => (await rewriteFile(workdir, rel, { write: false, routing, python })).sites);
  return perFile.flat();
}

export async function rewriteFile(
  workdir: string,
  rel: string,
  opts: {
    write?: boolean;
    routing?: RoutingMode;
    context?: JsRepoContext;
    python?: () => Promise<PythonRepoContext>;
    store?: SourceSnapshot;
  } = {},
): Promise<{ changed: boolean; sites: ClientSite[]; keyFrom?: string }> {
  const routing = opts.routing ?? DEFAULT_ROUTING;
  const store = opts.store ?? new SourceSnapshot(workdir);
  if (rel.endsWith('.py')) return rewritePythonUnlessGenerated(workdir, rel, { ...opts, routing, store });
  const text = await store.read(rel);
  if (text === undefined) throw new Error(`cannot read ${rel}`);
  // Cheap pre-filter: only files that mention a package of the catalog are parsed.
  if (!/openai|anthropic/i.test(text)) return { changed: false, sites: [] };
  const sf = store.parsed('ts', rel, text, () => parse(rel, text));
  const found = findClientSites(sf);
  if (!found.length) return { changed: false, sites: [] };
  const style = opts.context ? await opts.context.styleOf(rel, sf) : detectStyle(sf);
  // How this file reads the key: the repository's settings module or action input, else process.env.
  const key = opts.context?.keyRead(rel, sf, style);
  const keyRead = key?.expr;
  const edits: TextEdit[] = [];
  // First pass: the const option objects that direct rewrites will route, so clients spreading them add nothing.
  const routedObjects = new Set<ts.ObjectLiteralExpression>();
  for (const site of found) {
    const shared = sharedOptionsObject(sf, site);
    if (shared && planRewrite(sf, site, style, { routing, keyRead }).outcome === 'changed') routedObjects.add(shared);
  }
  const sites: ClientSite[] = found.map((site) => {
    const verdict = planRewrite(sf, site, style, { routing, routedObjects, keyRead });
    if (verdict.outcome === 'changed') edits.push(...verdict.edits);
    return {
      file: rel,
      line: site.line,
      library: site.kind.library,
      outcome: verdict.outcome,
      ...(verdict.outcome === 'changed' ? {} : { reason: verdict.reason }),
    };
  });
  // A generated file is regenerated from its source: its clients are reported, never edited.
  const generated = generatedHeaderReason(text);
  if (generated) return { changed: false, sites: leftAsGenerated(sites, generated) };
  if (!edits.length) return { changed: false, sites };
  // Clients built from one shared options object plan the same edits: apply them once.
  const unique = [...new Map(edits.map((e) => [`${e.start}:${e.end}:${e.text}`, e])).values()];
  // The import the key read needs, once the file changes.
  unique.push(...(key?.edits ?? []));
  const output = applyEdits(text, unique);
  // A rewrite must never break the file: re-parse, and keep the original when the result has syntax errors.
  if (parseErrors(store.parsed('ts', rel, output, () => parse(rel, output))).length > parseErrors(sf).length) {
    return {
      changed: false,
      sites: sites.map((s) =>
        s.outcome === 'changed' ? { ...s, outcome: 'skipped', reason: 'the rewrite did not parse; left unchanged' } : s,
      ),
    };
  }
  if (opts.write !== false) await store.write(rel, output);
  return { changed: true, sites, ...(key?.module ? { keyFrom: key.module.file } : {}) };
}

/**
 * The Python rewrite, except in a file whose header says it is generated: planned without writing first, and the
 * header read only when the file has client sites (the rewrite runs again to write, for a changed file only).
 */
async function rewritePythonUnlessGenerated(
  workdir: string,
  rel: string,
  opts: { write?: boolean; routing: RoutingMode; python?: () => Promise<PythonRepoContext>; store: SourceSnapshot },
): Promise<{ changed: boolean; sites: ClientSite[] }> {
  const pyOpts = { routing: opts.routing, read: opts.store.read, ...(opts.python ? { repo: opts.python } : {}) };
  const { text, output, ...planned } = await rewritePythonFile(workdir, rel, { ...pyOpts, write: false });
  // A file without client sites can still change (a settings class gaining the key's field).
  if (!planned.sites.length && !planned.changed) return planned;
  const generated = text !== undefined && generatedHeaderReason(text);
  if (generated) return { changed: false, sites: leftAsGenerated(planned.sites, generated) };
  if (output !== undefined && opts.write !== false) await opts.store.write(rel, output);
  return planned;
}

/** The sites of a generated file: left alone with that reason (those already integrated stay so). */
function leftAsGenerated(sites: ClientSite[], reason: string): ClientSite[] {
  return sites.map((s) => (s.outcome === 'already-integrated' ? s : { ...s, outcome: 'skipped', reason }));
}

function summarize(sites: ClientSite[], filesChanged: string[], notes: string[] = []): string {
  const changed = sites.filter((s) => s.outcome === 'changed');
  const already = sites.filter((s) => s.outcome === 'already-integrated');
  const skipped = sites.filter((s) => s.outcome === 'skipped');
  if (!sites.length) return 'No LLM client construction found in JS/TS or Python files.';
  const parts: string[] = [];
  if (changed.length) {
    const files = [...new Set(changed.map((s) => s.file))];
    parts.push(`Routed ${changed.length} client(s) through Helicone in ${files.map((f) => `\`${f}\``).join(', ')}.`);
  }
  parts.push(...notes);
  const env = filesChanged.find(
    (f) => !changed.some((s) => s.file === f) && !notes.some((n) => n.includes(`\`${f}\``)) && f !== 'README.md',
  );
  if (env) parts.push(`Declared HELICONE_API_KEY in \`${env}\`.`);
  if (already.length) parts.push(`${already.length} client(s) already go through Helicone.`);
  for (const s of skipped) parts.push(`Left \`${s.file}:${s.line}\` alone: ${s.reason}.`);
  return parts.join(' ');
}

/**
 * The Python repository context of one run, built on first use (a tree without relevant Python files never walks)
 * and shared by every file: it describes the working copy as the run found it.
 */
function pythonContextOnce(workdir: string, listed: readonly string[], store?: SourceSnapshot): () => Promise<PythonRepoContext> {
  let context: Promise<PythonRepoContext> | undefined;
  return () => (context ??= pythonRepoContext(workdir, listed, store?.read));
}

/**
 * One walk of the working copy for a run: the client sources, the formatter and tsconfig/jsconfig files the JS/TS
 * rewrite reads (by path), the Python sources and tool configuration files the Python context reads, and the
 * files where the key may be declared (env examples, READMEs, Compose files, Helm charts).
 */
async function listWorkingCopy(
  workdir: string,
): Promise<{ sources: string[]; configs: ReadonlySet<string>; python: string[]; keyPlaces: string[] }> {
  const base = (rel: string) => rel.slice(rel.lastIndexOf('/') + 1);
  const all = await listFiles(
    workdir,
    (_rel, size) => size <= MAX_SOURCE_BYTES,
    (rel) =>
      isClientSource(rel) ||
      FORMAT_CONFIG_NAMES.has(base(rel)) ||
      TS_CONFIG_NAMES.has(base(rel)) ||
      PYTHON_CONFIG_FILES.has(base(rel)) ||
      isKeyPlace(rel),
  );
  const sources = all.filter(isClientSource);
  return {
    sources,
    configs: new Set(all.filter((rel) => FORMAT_CONFIG_NAMES.has(base(rel)) || TS_CONFIG_NAMES.has(base(rel)))),
    python: all.filter((rel) => (rel.endsWith('.py') && isClientSource(rel)) || PYTHON_CONFIG_FILES.has(base(rel))),
    keyPlaces: all.filter(isKeyPlace),
  };
}
