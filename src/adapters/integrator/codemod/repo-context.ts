/**
 * What the JS/TS rewrite learns about the repository once, before it rewrites any file: the formatter options of
 * each file (repo-format), how the code reads its settings (a settings module, see settings-module; a GitHub
 * Action's inputs, see github-action), and the edits outside client files that go with a rewrite: the key declared
 * in the settings module and next.config's `env`, the action's input, the Agents SDK default client.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type ts from 'typescript';
import { inLanes } from '../../../shared/in-lanes';
import type { ClientSite, RepositoryAnalysis, RoutingMode } from '../../../shared/types';
import { applyEdits, type TextEdit } from './apply-edits';
import { detectStyle, type FileStyle } from './file-style';
import { findClientSites, parse, parseErrors } from './find-client-sites';
import { actionKeyRead, declareActionInput, documentInputInReadme, readAction, type ActionInfo } from './github-action';
import { moduleResolver, type ModuleResolver } from './js-imports';
import { AGENTS_LIBRARY, agentsUsage, planDefaultClient } from './openai-agents';
import { readRepoFormat, type RepoFormat } from './repo-format';
import {
  declareInNextConfig,
  declareKeyInModule,
  detectSettingsModule,
  extOf,
  isSettingsPath,
  keyReadFrom,
  type SettingsModule,
  type SettingsReader,
} from './settings-module';
import { SourceSnapshot } from '../../../shared/source-snapshot';

export interface KeyReadPlan {
  /** The expression that reads the key in this file. */
  expr: string;
  /** Edits of the file that make the expression valid (an import). */
  edits: TextEdit[];
  /** The settings module it reads from, if any. */
  module?: SettingsModule;
}

export interface JsRepoContext {
  format: RepoFormat;
  action?: ActionInfo;
  settings: SettingsModule[];
  /** The file's style: its formatter's options over its habits. */
  styleOf(rel: string, sf: ts.SourceFile): Promise<FileStyle>;
  /** How a client file reads the key; undefined for `process.env.HELICONE_API_KEY`. */
  keyRead(rel: string, sf: ts.SourceFile, style: FileStyle): KeyReadPlan | undefined;
  /** The run's reads and writes (each file read once), its JS/TS client sources, and the config files listed. */
  store: SourceSnapshot;
  sources: readonly string[];
  present?: ReadonlySet<string>;
}

/** The files module resolution reads, in any folder. */
export const TS_CONFIG_NAMES: ReadonlySet<string> = new Set(['tsconfig.json', 'jsconfig.json']);

/**
 * `present`: the working copy's formatter configuration files (FORMAT_CONFIG_NAMES, package.json among them) and
 * TS_CONFIG_NAMES, when the caller listed them; without it the file system is asked.
 */
export async function prepareJsContext(
  workdir: string,
  files: readonly string[],
  analysis?: RepositoryAnalysis,
  present?: ReadonlySet<string>,
  store: SourceSnapshot = new SourceSnapshot(workdir),
): Promise<JsRepoContext> {
  const format = readRepoFormat(workdir, present);
  const action = await readAction(workdir, analysis);
  const styleOf = async (rel: string, sf: ts.SourceFile) => detectStyle(sf, await format.formatFor(rel));
  const texts = new Map<string, string>();
  const readText = (rel: string) => texts.get(rel);
  // Settings modules, each one kept only when the key can be declared in it.
  const settings: SettingsModule[] = [];
  for (const rel of files.filter(isSettingsPath)) {
    const text = await store.read(rel);
    if (text === undefined) continue;
    const sf = parse(rel, text);
    const found = detectSettingsModule(rel, sf);
    if (found && declareKeyInModule(rel, sf, await styleOf(rel, sf)) !== undefined) settings.push(found);
  }
  let reader: SettingsReader | undefined;
  const packages = new Map<string, string>();
  if (settings.length && action?.kind !== 'node') {
    // Only what resolving specifiers needs: the file list, tsconfig/jsconfig texts, and every file's specifiers.
    const read = store.read;
    const sources = await inLanes(files, read);
    files.forEach((rel, i) => texts.set(rel, sources[i] ?? ''));
    const configs = [...new Set(files.map((f) => configsAbove(f)).flat())].filter((rel) => !present || present.has(rel));
    (await inLanes(configs, read)).forEach((t, i) => t !== undefined && texts.set(configs[i]!, t));
    const resolver: ModuleResolver = moduleResolver(new Set(files), readText);
    const specifiers = new Map<string, { from: string; specifier: string }[]>();
    const relative: string[] = [];
    for (const rel of files) {
      for (const m of (texts.get(rel) ?? '').matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*)["']([^"'\n]+)["']/g)) {
        const spec = m[1]!;
        const target = resolver.resolve(rel, spec);
        if (!target) continue;
        if (spec.startsWith('.')) relative.push(spec);
        if (!specifiers.has(target)) specifiers.set(target, []);
        specifiers.get(target)!.push({ from: rel, specifier: spec });
      }
    }
    reader = { resolver, specifiersOf: (f) => specifiers.get(f) ?? [], repoHabit: { alias: false, ext: extOf(relative) ?? 'none' } };
    const roots = packageRoots(workdir, present);
    (await inLanes(files, roots)).forEach((root, i) => packages.set(files[i]!, root));
  }
  const rank = (m: SettingsModule) =>
    (m.library === 'plain-object' ? 1 : 0) * 100 + m.file.split('/').length * 10 + (/env/i.test(m.file) ? 0 : 1);
  return {
    format,
    settings,
    styleOf,
    store,
    sources: files,
    ...(present ? { present } : {}),
    ...(action ? { action } : {}),
    keyRead(rel, sf, style) {
      if (action?.kind === 'node') return actionKeyRead(sf, action, style.quote);
      if (!reader) return undefined;
      const r = reader;
      const imported = settings.filter((m) => sf.text.length && hasImportOf(rel, sf.text, m.file, r.resolver));
      const samePackage = settings.filter((m) => packages.get(m.file) === packages.get(rel)).sort((a, b) => rank(a) - rank(b));
      for (const m of [...imported, ...samePackage]) {
        const read = keyReadFrom(rel, sf, style, m, r);
        if (read) return read;
      }
      return undefined;
    },
  };
}

/** tsconfig.json / jsconfig.json paths of every folder above a file. */
function configsAbove(rel: string): string[] {
  const out: string[] = [];
  for (let d = path.posix.dirname(rel); ; d = path.posix.dirname(d)) {
    const dir = d === '.' ? '' : d;
    for (const n of ['tsconfig.json', 'jsconfig.json']) out.push(dir ? `${dir}/${n}` : n);
    if (!dir) return out;
  }
}

function hasImportOf(rel: string, text: string, target: string, resolver: ModuleResolver): boolean {
  for (const m of text.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*)["']([^"'\n]+)["']/g))
    if (resolver.resolve(rel, m[1]!) === target) return true;
  return false;
}

/**
 * The folder of the nearest package.json above a file ('' for the root), from `present` when the caller listed the
 * working copy, else asking the file system once per folder.
 */
function packageRoots(workdir: string, present: ReadonlySet<string> | undefined): (rel: string) => Promise<string> {
  const known = new Map<string, Promise<boolean>>();
  const has = (dir: string) => {
    if (present) return Promise.resolve(present.has(`${dir}/package.json`));
    let p = known.get(dir);
    if (!p)
      known.set(
        dir,
        (p = fs.access(path.join(workdir, dir, 'package.json')).then(
          () => true,
          () => false,
        )),
      );
    return p;
  };
  return async (rel) => {
    for (let d = path.posix.dirname(rel); d !== '.' && d !== '/' && d !== ''; d = path.posix.dirname(d)) if (await has(d)) return d;
    return '';
  };
}

// ---- after the client files ----------------------------------------------------------------------------------------

export interface FollowUp {
  filesChanged: string[];
  sites: ClientSite[];
  notes: string[];
}

/**
 * The edits outside client files that go with the rewrite (`changed`: the client files it changed, `usedModules`:
 * the settings modules they now read the key from, `envReaders`: changed files that read process.env).
 */
export async function followUp(
  workdir: string,
  ctx: JsRepoContext,
  done: { changed: string[]; usedModules: Set<string>; envReaders: string[]; routing: RoutingMode },
): Promise<FollowUp> {
  const out: FollowUp = { filesChanged: [], sites: [], notes: [] };
  const edit = async (rel: string, next: (text: string) => Promise<string | undefined> | string | undefined) => {
    const text = await ctx.store.read(rel);
    if (text === undefined) return false;
    const after = await next(text);
    if (after === undefined || after === text) return false;
    await ctx.store.write(rel, after);
    if (!out.filesChanged.includes(rel)) out.filesChanged.push(rel);
    return true;
  };
  // Agents SDK apps on the default client.
  const agents = await planAgents(workdir, ctx, done.routing);
  out.sites.push(...agents.sites);
  for (const [rel, text] of agents.texts) await edit(rel, () => text);
  const used = new Set([...done.usedModules, ...agents.usedModules]);
  for (const m of ctx.settings.filter((s) => used.has(s.file))) {
    const ok = await edit(m.file, async (text) => {
      const sf = parse(m.file, text);
      const edits = declareKeyInModule(m.file, sf, await ctx.styleOf(m.file, sf));
      return edits?.length ? applyEdits(text, edits) : undefined;
    });
    if (ok) out.notes.push(`Declared HELICONE_API_KEY (optional) in \`${m.file}\`, where the clients read it.`);
  }
  // Next.js inlines next.config's `env` into process.env at build time: the key goes beside the provider keys.
  if (done.envReaders.length) {
    const rootOf = packageRoots(workdir, ctx.present);
    const dirs = new Set(await Promise.all(done.envReaders.map(rootOf)));
    for (const name of ['next.config.js', 'next.config.mjs', 'next.config.ts', 'next.config.cjs', 'next.config.mts']) {
      for (const dir of dirs) {
        const rel = dir ? `${dir}/${name}` : name;
        const ok = await edit(rel, async (text) => {
          const sf = parse(rel, text);
          const edits = declareInNextConfig(sf, await ctx.styleOf(rel, sf));
          return edits?.length ? applyEdits(text, edits) : undefined;
        });
        if (ok) out.notes.push(`Added HELICONE_API_KEY to the \`env\` of \`${rel}\`.`);
      }
    }
  }
  const anyChange = done.changed.length > 0 || agents.texts.size > 0;
  if (ctx.action && anyChange) {
    const info = ctx.action;
    if (await edit(info.file, (t) => declareActionInput(t, info, [...done.changed, ...agents.texts.keys()]))) {
      out.notes.push(
        `Added the optional input \`${info.input}\` to \`${info.file}\`${info.kind === 'node' ? ', which the code reads the key from' : ', passed to the code as HELICONE_API_KEY'}.`,
      );
      const updated = (await ctx.store.read(info.file)) ?? '';
      if (await edit('README.md', (readme) => documentInputInReadme(readme, updated, info)))
        out.notes.push('Documented the input in the README.');
      const bundle = info.main?.replace(/^\.\//, '');
      if (
        info.kind === 'node' &&
        bundle &&
        /^(dist|lib|build|out)\//.test(bundle) &&
        (await fs.access(path.join(workdir, bundle)).then(
          () => true,
          () => false,
        ))
      ) {
        out.notes.push(`The action runs \`${info.main}\`: rebuild it from the changed sources before the next release.`);
      }
    }
  }
  return out;
}

/** The guarded default client for each module that runs agents, when no module sets a client of its own. */
async function planAgents(
  workdir: string,
  ctx: JsRepoContext,
  routing: RoutingMode,
): Promise<{ sites: ClientSite[]; texts: Map<string, string>; usedModules: Set<string> }> {
  const sites: ClientSite[] = [];
  const texts = new Map<string, string>();
  const usedModules = new Set<string>();
  const modules: { rel: string; sf: ts.SourceFile; runs: number[]; providers: number[] }[] = [];
  let setsClient = false;
  let setsKey = false;
  for (const rel of ctx.sources) {
    if (rel.endsWith('.py')) continue;
    const text = (await ctx.store.read(rel)) ?? '';
    if (!text.includes('@openai/agents')) continue;
    const sf = parse(rel, text);
    const usage = agentsUsage(sf);
    if (!usage) continue;
    setsClient ||= usage.setsClient;
    setsKey ||= usage.setsKey;
    if (usage.runs.length || usage.ownProviders.length) modules.push({ rel, sf, runs: usage.runs, providers: usage.ownProviders });
  }
  if (setsClient) return { sites, texts, usedModules };
  for (const m of modules) {
    for (const line of m.providers) {
      sites.push({
        file: m.rel,
        line,
        library: AGENTS_LIBRARY,
        outcome: 'skipped',
        reason:
          'OpenAIProvider is given its own client options (apiKey, baseURL…) and builds a client that takes no headers; pass it `openAIClient: new OpenAI(...)` instead',
      });
    }
    // A module that configures its own provider runs on that provider's client, not on the default one.
    if (!m.runs.length || m.providers.length) continue;
    const line = m.runs[0]!;
    const skip = (reason: string) => sites.push({ file: m.rel, line, library: AGENTS_LIBRARY, outcome: 'skipped', reason });
    if (setsKey) {
      skip('the app sets its OpenAI key with setDefaultOpenAIKey, which a default client built at import time would not see');
      continue;
    }
    if (!(await dependsOn(workdir, ctx, m.rel, 'openai'))) {
      skip(
        'runs agents on the SDK default client; routing it needs `setDefaultOpenAIClient(new OpenAI(...))`, and the app does not depend on `openai` itself',
      );
      continue;
    }
    const style = await ctx.styleOf(m.rel, m.sf);
    const key = ctx.keyRead(m.rel, m.sf, style);
    const planned = planDefaultClient(m.sf, m.rel, style, routing, key?.expr);
    if ('reason' in planned) {
      skip(planned.reason);
      continue;
    }
    const output = applyEdits(m.sf.text, [...planned.edits, ...(key?.edits ?? [])]);
    const after = parse(m.rel, output);
    if (parseErrors(after).length > parseErrors(m.sf).length) {
      skip('the rewrite did not parse; left unchanged');
      continue;
    }
    const added = findClientSites(after)
      .filter((s) => s.kind.library === AGENTS_LIBRARY)
      .map((s) => s.line);
    texts.set(m.rel, output);
    if (key?.module) usedModules.add(key.module.file);
    sites.push({ file: m.rel, line: added[0] ?? line, library: AGENTS_LIBRARY, outcome: 'changed' });
  }
  return { sites, texts, usedModules };
}

/** The nearest package.json above a file lists `name` among its dependencies. */
async function dependsOn(workdir: string, ctx: JsRepoContext, rel: string, name: string): Promise<boolean> {
  const dir = await packageRoots(workdir, ctx.present)(rel);
  for (const d of new Set([dir, ''])) {
    const text = await ctx.store.read(d ? `${d}/package.json` : 'package.json');
    if (text === undefined) continue;
    try {
      const pkg = JSON.parse(text) as Record<string, Record<string, string> | undefined>;
      if (['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'].some((k) => pkg[k]?.[name])) return true;
    } catch {
      // An unreadable package.json declares nothing.
    }
  }
  return false;
}
