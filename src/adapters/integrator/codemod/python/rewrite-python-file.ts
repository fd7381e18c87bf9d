/**
 * Rewrites the Python client constructions of one file, keeping every other byte, and checks it still parses.
 * `routing` (default `optional`): route through Helicone only when HELICONE_API_KEY is set at run time, or `always`.
 * The repository around the file decides the rest (repo-context.ts): the line length and import order its tools
 * check, whether the key is read from its settings object or from the environment, and where the Agents SDK's
 * default client is set.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { DEFAULT_ROUTING, type ClientSite, type RoutingMode } from '../../../../shared/types';
import { applyEdits, type TextEdit } from '../apply-edits';
import { findPythonSites, parsePython, pythonParseErrors, reparsePython } from './find-python-sites';
import { importEdits, type ImportSpec } from './imports';
import { findModuleStyleSites, planAgentsDefaultClient, type AgentsRepoFacts } from './module-style';
import { detectPythonIndent, relayoutLine } from './python-layout';
import { pythonRepoContext, type PythonRepoContext, type RepoSettings } from './repo-context';
import { resolveToolConfig, type PythonToolConfig } from './repo-config';
import { detectPythonQuote, planPythonRewrite, type PythonStyle } from './rewrite-python-call';
import { keyReadAt, settingsFieldEdit } from './settings-module';
import type { ReadText } from '../../../../shared/source-snapshot';

/** Files the rewrite can have anything to do with (everything else is skipped without parsing). */
const RELEVANT_RE = /openai|anthropic|litellm|\bagents\b|BaseSettings/i;

/**
 * Rewrites one Python file. `repo` is the repository context of the run: a caller rewriting many files passes one
 * (walking the working copy per file to check a cached context is what made large trees slow); without it the file's
 * context is looked up (one walk).
 */
export async function rewritePythonFile(
  workdir: string,
  rel: string,
  opts: { write?: boolean; routing?: RoutingMode; repo?: () => Promise<PythonRepoContext>; read?: ReadText } = {},
): Promise<{ changed: boolean; sites: ClientSite[]; text?: string; output?: string }> {
  const abs = path.join(workdir, rel);
  const text = opts.read ? await opts.read(rel) : await fs.readFile(abs, 'utf8');
  if (text === undefined) return { changed: false, sites: [] };
  if (!RELEVANT_RE.test(text)) return { changed: false, sites: [] };
  const repo = await (opts.repo ? opts.repo() : pythonRepoContext(workdir));
  const routing = opts.routing ?? DEFAULT_ROUTING;
  const { output, sites } = planPythonFile(
    rel,
    text,
    { ...planContext(repo, rel), fieldNeeded: rel === repo.settings?.model.file && fieldNeeded(repo, routing) },
    { routing },
  );
  if (output === undefined) return { changed: false, sites, text };
  if (opts.write !== false) await fs.writeFile(abs, output);
  // The text read and the one planned, so a caller that looks before writing does not read and plan again.
  return { changed: true, sites, text, output };
}

/** What planPythonFile knows of the repository around the file. */
export interface PlanContext {
  config: PythonToolConfig;
  firstParty?: ReadonlySet<string>;
  settings?: RepoSettings;
  /** The settings class (in this file) must declare the key. */
  fieldNeeded?: boolean;
  agents?: AgentsRepoFacts;
}

function planContext(repo: PythonRepoContext, rel: string): PlanContext {
  const agents = repo.agents(rel);
  return {
    config: repo.config(rel),
    firstParty: repo.firstParty,
    ...(repo.settings ? { settings: repo.settings } : {}),
    ...(agents ? { agents } : {}),
  };
}

/**
 * Whether any file reads the key from the settings object: one that already does (an earlier run), or one whose
 * rewrite will. Computed once per repository context.
 */
function fieldNeeded(repo: PythonRepoContext, routing: RoutingMode): boolean {
  if (repo.fieldNeeded !== undefined) return repo.fieldNeeded;
  const s = repo.settings!;
  const reads = new RegExp(`\\.${s.model.field}\\b`);
  let needed = false;
  for (const [rel, text] of repo.texts) {
    if (!RELEVANT_RE.test(text)) continue;
    if (rel !== s.model.file && reads.test(text)) needed = true;
    else if (planPythonFile(rel, text, { ...planContext(repo, rel), fieldNeeded: false }, { routing }).usesSettings) needed = true;
    if (needed) break;
  }
  repo.fieldNeeded = needed;
  return needed;
}

export interface PlannedFile {
  /** The new text, when anything changed. */
  output?: string;
  sites: ClientSite[];
  /** A change reads the key from the settings object. */
  usesSettings: boolean;
}

/** The rewrite of one file's text, without the file system (`ctx.config` defaults to no tool configuration). */
export function planPythonFile(
  rel: string,
  text: string,
  ctx: PlanContext = { config: resolveToolConfig(rel, () => undefined) },
  opts: { routing?: RoutingMode } = {},
): PlannedFile {
  const tree = parsePython(text);
  const routing = opts.routing ?? DEFAULT_ROUTING;
  const base: PythonStyle = {
    quote: detectPythonQuote(text),
    routing,
    indentUnit: detectPythonIndent(text),
    maxLine: ctx.config.lineLength,
  };
  const model = ctx.settings?.model;
  const known = ctx.settings?.imports ?? [];
  const found = findPythonSites(text, tree);
  const edits: TextEdit[] = [];
  const imports: ImportSpec[] = [];
  let usesSettings = false;
  const sites: ClientSite[] = found.map((site) => {
    const key = keyReadAt(rel, text, tree, site.call.from, model, known);
    const verdict = planPythonRewrite(text, site, { ...base, key: key.read });
    if (verdict.outcome === 'changed') {
      edits.push(...verdict.edits);
      if (key.read.kind === 'expr') {
        usesSettings = true;
        imports.push(...key.imports);
      }
    }
    return {
      file: rel,
      line: site.line,
      library: site.kind.library,
      outcome: verdict.outcome,
      ...(verdict.outcome === 'changed' ? {} : { reason: verdict.reason }),
    };
  });
  const moduleKey = keyReadAt(rel, text, tree, 0, model, known);
  const { quote, routing: _r, ...rest } = base;
  void _r;
  const moduleStyle = { ...rest, key: moduleKey.read };
  const moduleSites = findModuleStyleSites(text, tree, quote, routing, { style: moduleStyle });
  const defaultClient = ctx.agents && planAgentsDefaultClient(text, tree, quote, routing, ctx.agents, moduleStyle);
  if (defaultClient) moduleSites.push(defaultClient);
  for (const m of moduleSites) {
    if (m.verdict.outcome === 'changed') {
      edits.push(...m.verdict.edits);
      imports.push(...(m.verdict.imports ?? []));
      if (moduleKey.read.kind === 'expr') {
        usesSettings = true;
        imports.push(...moduleKey.imports);
      }
    }
    sites.push({
      file: rel,
      line: m.line,
      library: m.library,
      outcome: m.verdict.outcome,
      ...(m.verdict.outcome === 'changed' ? {} : { reason: m.verdict.reason }),
    });
  }
  if (model && ctx.fieldNeeded && model.file === rel) {
    const field = settingsFieldEdit(text, tree, model, {
      quote: base.quote,
      ...(ctx.config.minPython ? { minPython: ctx.config.minPython } : {}),
    });
    if (field) {
      edits.push(...field.edits);
      imports.push(...field.imports);
    }
  }
  if (!edits.length) return { sites, usesSettings: false };

  // The edits, then (when the repository formats or checks line length) each one-line statement they made too long
  // laid out over lines, then the imports they need, each placed in the text as it then is.
  const applied = applyWithRanges(text, edits);
  let output = applied.output;
  // The tree of `output` as it stands, re-parsed incrementally after each step.
  let outTree = reparsePython(tree, edits, output);
  const apply = (more: TextEdit[]) => {
    if (!more.length) return;
    const next = applyEdits(output, more);
    outTree = reparsePython(outTree, more, next);
    output = next;
  };
  if (ctx.config.wrap) {
    const lay = { unit: base.indentUnit!, max: ctx.config.lineLength };
    const relaid = new Map<number, TextEdit>();
    for (const r of applied.ranges) {
      for (let at = output.lastIndexOf('\n', r.start - 1) + 1; at < r.end;) {
        const e = relayoutLine(output, outTree, at, lay);
        if (e) relaid.set(e.start, e);
        const nl = output.indexOf('\n', at);
        if (nl === -1) break;
        at = nl + 1;
      }
    }
    apply([...relaid.values()]);
  }
  if (/\bos\.(environ|getenv)\b/.test(edits.map((e) => e.text).join('\n'))) imports.unshift({ module: 'os' });
  const seen = new Set<string>();
  for (const spec of imports) {
    const id = `${spec.module} ${spec.name ?? ''}`;
    if (seen.has(id)) continue;
    seen.add(id);
    apply(
      importEdits(output, outTree, spec, {
        ...(ctx.config.importSorting ? { sorting: ctx.config.importSorting } : {}),
        ...(ctx.firstParty ? { firstParty: ctx.firstParty } : {}),
        lineLength: ctx.config.lineLength,
      }),
    );
  }
  if (pythonParseErrors(outTree) > pythonParseErrors(tree)) {
    return {
      sites: sites.map((s) =>
        s.outcome === 'changed' ? { ...s, outcome: 'skipped', reason: 'the rewrite did not parse; left unchanged' } : s,
      ),
      usesSettings: false,
    };
  }
  return { output, sites, usesSettings };
}

/** applyEdits, and where each edit's text lands in the result (edits at one position land in reverse order, as there). */
function applyWithRanges(text: string, edits: TextEdit[]): { output: string; ranges: { start: number; end: number }[] } {
  const output = applyEdits(text, edits);
  const order = edits.map((e, i) => ({ e, i })).sort((a, b) => a.e.start - b.e.start || b.i - a.i);
  let shift = 0;
  const ranges = order.map(({ e }) => {
    const start = e.start + shift;
    shift += e.text.length - (e.end - e.start);
    return { start, end: start + e.text.length };
  });
  return { output, ranges };
}
