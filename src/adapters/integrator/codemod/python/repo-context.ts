/**
 * What the Python rewrite of one file needs to know about the whole repository: the tool configuration that
 * applies to the file (repo-config.ts), the repository's own packages (isort's first-party section), its settings
 * class and how other files import its instance (settings-module.ts), and which module gets the Agents SDK's
 * default client (agents-sdk.ts). Built once per codemod run, from the working copy as the run found it.
 */
import type { Tree } from '@lezer/common';
import { MAX_SOURCE_BYTES, listFiles, outOfScopeReason } from '../../../../shared/source-files';
import { agentsUsage, type AgentsUsage } from './agents-sdk';
import { parsePython } from './find-python-sites';
import type { AgentsRepoFacts } from './module-style';
import { resolveToolConfig, type PythonToolConfig } from './repo-config';
import { findSettingsModels, settingsImportsIn, type SettingsImport, type SettingsModel } from './settings-module';
import { SourceSnapshot, type ReadText } from '../../../../shared/source-snapshot';

/** The configuration files the Python tools read (names, in any folder). */
export const PYTHON_CONFIG_FILES: ReadonlySet<string> = new Set([
  'pyproject.toml',
  'ruff.toml',
  '.ruff.toml',
  'setup.cfg',
  'tox.ini',
  '.flake8',
  '.isort.cfg',
]);

export interface RepoSettings {
  model: SettingsModel;
  /** Absolute imports of its instance (or getter) in the repository's files, most used module first. */
  imports: SettingsImport[];
}

export interface PythonRepoContext {
  /** The Python files in scope, by path. */
  texts: Map<string, string>;
  config(rel: string): PythonToolConfig;
  firstParty: ReadonlySet<string>;
  settings?: RepoSettings;
  /** Whether the settings class must declare the key: filled in by the rewrite once it has planned the files. */
  fieldNeeded?: boolean;
  agents(rel: string): AgentsRepoFacts | undefined;
}

/**
 * The context of the working copy as it is now. `listed`: its Python sources in scope and Python tool configuration
 * files, when the caller has walked it already; without it this walks the working copy once. The codemod builds one
 * per run and hands it to every file (see codemod-integrator's pythonContextOnce).
 */
export async function pythonRepoContext(workdir: string, listed?: readonly string[], read?: ReadText): Promise<PythonRepoContext> {
  const isConfig = (rel: string) => PYTHON_CONFIG_FILES.has(rel.slice(rel.lastIndexOf('/') + 1));
  const files = listed
    ? listed.filter((rel) => rel.endsWith('.py') || isConfig(rel))
    : await listFiles(
        workdir,
        (_rel, size) => size <= MAX_SOURCE_BYTES,
        (rel) => isConfig(rel) || (rel.endsWith('.py') && !outOfScopeReason(rel)),
      );
  return buildContext(files, read ?? new SourceSnapshot(workdir).read);
}

async function buildContext(files: string[], read: ReadText): Promise<PythonRepoContext> {
  const texts = new Map<string, string>();
  const configs = new Map<string, string>();
  await Promise.all(
    files.map(async (rel) => {
      const text = await read(rel);
      if (text === undefined) return;
      (rel.endsWith('.py') ? texts : configs).set(rel, text);
    }),
  );
  return contextFromFiles(texts, configs);
}

/** The context of a repository given its Python files and configuration files (POSIX paths → text). */
export function contextFromFiles(texts: Map<string, string>, configs: Map<string, string> = new Map()): PythonRepoContext {
  const sorted = [...texts.keys()].sort();
  const trees = new Map<string, Tree>();
  const tree = (rel: string) => trees.get(rel) ?? trees.set(rel, parsePython(texts.get(rel)!)).get(rel)!;

  const byDir = new Map<string, PythonToolConfig>();
  const config = (rel: string) => {
    const dir = rel.slice(0, Math.max(0, rel.lastIndexOf('/')));
    return (
      byDir.get(dir) ??
      byDir
        .set(
          dir,
          resolveToolConfig(rel, (f) => configs.get(f)),
        )
        .get(dir)!
    );
  };

  // isort's first-party section: the repository's top-level packages and modules (also under src/).
  const firstParty = new Set<string>();
  for (const rel of sorted) {
    const parts = rel.split('/');
    const rest = parts[0] === 'src' && parts.length > 1 ? parts.slice(1) : parts;
    firstParty.add(rest.length === 1 ? rest[0]!.replace(/\.py$/, '') : rest[0]!);
  }

  const settings = chooseSettings(sorted, texts, tree);

  // The Agents SDK: which module runs the agents, and whether the default client is the app's to route.
  const usages = new Map<string, AgentsUsage>();
  for (const rel of sorted) {
    if (!/\bagents\b/.test(texts.get(rel)!)) continue;
    const u = agentsUsage(texts.get(rel)!, tree(rel));
    if (u) usages.set(rel, u);
  }
  // The default client goes unused when the app sets its own (that AsyncOpenAI is a client site) or gives every
  // Agent a model object; the app cannot take it when it sets the SDK's key itself or builds its own provider.
  const own = [...usages].some(([, u]) => u.setClientCalls.some((c) => c !== u.routedDefault));
  const defaults = [...usages.values()].reduce((n, u) => n + u.defaultModelAgents.length, 0);
  const constructed = [...texts.values()].some((t) => /\bAgent\s*[([]/.test(t));
  const unused = own || (constructed && !defaults);
  const keyed = [...usages].find(([, u]) => u.setKeyCalls.length)?.[0];
  const provider = [...usages].find(([, u]) => u.providers.length)?.[0];
  let skip: string | undefined;
  if (keyed)
    skip = `the app gives the Agents SDK its OpenAI key with set_default_openai_key (\`${keyed}\`), which a default client built at import time would not see; route it by hand`;
  else if (provider)
    skip = `the app builds its own model provider (OpenAIProvider / RunConfig(model_provider=...) in \`${provider}\`), which takes no default headers: pass it openai_client=AsyncOpenAI(...)`;
  const routedIn = [...usages].find(([, u]) => u.routedDefault)?.[0];
  const entry = routedIn ?? [...usages].find(([, u]) => u.runnerCalls.length)?.[0];
  const agents = (rel: string): AgentsRepoFacts | undefined =>
    usages.has(rel)
      ? { entry: rel === entry, ...(entry ? { entryFile: entry } : {}), ...(skip ? { skip } : {}), ...(unused ? { unused } : {}) }
      : undefined;

  return { texts, config, firstParty, ...(settings ? { settings } : {}), agents };
}

/**
 * The settings class the key goes into: one with an instance or a getter the app uses, the one most files import
 * (the first by path when they tie); with the absolute imports of it, the most common module first.
 */
function chooseSettings(sorted: string[], texts: Map<string, string>, tree: (rel: string) => Tree): RepoSettings | undefined {
  const models: SettingsModel[] = [];
  for (const rel of sorted) {
    const text = texts.get(rel)!;
    if (/\bBaseSettings\b/.test(text)) models.push(...findSettingsModels(rel, text, tree(rel)).filter((m) => m.instance || m.getter));
  }
  if (!models.length) return undefined;
  let best: RepoSettings | undefined;
  for (const model of models) {
    const names = [model.instance?.name, model.getter].filter(Boolean) as string[];
    const imports: SettingsImport[] = [];
    for (const rel of sorted) {
      const text = texts.get(rel)!;
      if (rel === model.file || !names.some((n) => text.includes(n))) continue;
      imports.push(...settingsImportsIn(rel, text, tree(rel), model));
    }
    // The instance before the getter, then the most common way of writing the module.
    const count = new Map<string, number>();
    for (const i of imports) count.set(`${i.module} ${i.name}`, (count.get(`${i.module} ${i.name}`) ?? 0) + 1);
    const rank = (i: SettingsImport) => (i.name === model.instance?.name ? 0 : 1) * 1e6 - (count.get(`${i.module} ${i.name}`) ?? 0);
    imports.sort((a, b) => rank(a) - rank(b));
    if (!best || imports.length > best.imports.length) best = { model, imports };
  }
  return best;
}
