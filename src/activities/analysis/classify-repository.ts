/**
 * What a repository is, read from its manifests: an application (the default), a library or SDK (its examples
 * included), a GitHub Action, a command-line tool or a template. A library is never integrated: Helicone belongs
 * in the applications that use it, and a library's own clients are configured by its callers.
 *
 * Conservative on purpose: only explicit signals make a library (a published package.json entry point, `files` or
 * `publishConfig`; a trove classifier "Topic :: Software Development :: Libraries"; the name of a known LLM SDK or
 * framework), and a package.json with `"private": true` is never one. `classifyRepository` is a pure function of
 * a file list and a few manifest texts; `readManifests` gets those texts from a working copy.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { outOfScopeReason } from '../../shared/source-files';
import type { RepositoryKind } from '../../shared/types';

export interface RepositoryClassification {
  kind: RepositoryKind;
  /** One sentence naming the file and field the kind was read from. */
  evidence: string;
}

export interface ClassifyInput {
  /** The working copy's files as POSIX paths relative to its root ([] when only a manifest's text is known). */
  files: readonly string[];
  /** The texts of the manifests that exist, by path (`manifestPaths` says which to read). */
  manifests: Readonly<Record<string, string>>;
  /** The repository's name, for the template signal. */
  repoName?: string;
}

/** The manifests read at the root. */
export const ROOT_MANIFESTS = ['action.yml', 'action.yaml', 'package.json', 'pyproject.toml', 'setup.cfg', 'setup.py'] as const;
/** Files whose presence makes the root a workspace (monorepo) root. */
const WORKSPACE_FILES = ['pnpm-workspace.yaml', 'lerna.json', 'rush.json'];
/** Package manifests of a monorepo's members looked at, at most (the first ones by depth, then by path). */
const MAX_MEMBER_MANIFESTS = 24;
const MEMBER_MANIFEST_RE = /^(?:[^/]+\/){1,3}(package\.json|pyproject\.toml|setup\.py)$/;

/** npm packages that are LLM SDKs or frameworks: their repositories are libraries, whatever else they hold. */
const LLM_NPM_NAMES = new Set([
  'openai',
  'ai',
  'langchain',
  'llamaindex',
  'groq-sdk',
  'cohere-ai',
  'ollama',
  'together-ai',
  'portkey-ai',
  'litellm',
  'replicate',
  'mastra',
  '@google/generative-ai',
  '@google/genai',
  '@azure/openai',
  '@mistralai/mistralai',
  '@huggingface/inference',
]);
const LLM_NPM_SCOPES = /^@(anthropic-ai|ai-sdk|langchain|llamaindex|openai|mastra)\//;
/** PyPI projects that are LLM SDKs or frameworks (normalised names, PEP 503). */
const LLM_PYPI_NAMES = new Set([
  'openai',
  'anthropic',
  'litellm',
  'langchain',
  'langgraph',
  'langsmith',
  'llama-index',
  'llamaindex',
  'cohere',
  'mistralai',
  'groq',
  'google-generativeai',
  'google-genai',
  'together',
  'ollama',
  'instructor',
  'dspy',
  'dspy-ai',
  'crewai',
  'autogen',
  'pyautogen',
  'semantic-kernel',
  'haystack-ai',
  'farm-haystack',
  'guidance',
  'openai-agents',
  'pydantic-ai',
  'pydantic-ai-slim',
  'smolagents',
  'mirascope',
  'magentic',
  'outlines',
  'marvin',
  'helicone',
]);
/** Families published from one monorepo (an application's own name such as "langchain-rag-demo" does not match). */
const LLM_PYPI_FAMILIES =
  /^(langchain-(core|community|experimental|text-splitters|openai|anthropic|google-genai|google-vertexai|aws|mistralai|groq|ollama|cohere|fireworks|together|huggingface|azure-ai|tests|cli)|llama-index-(core|cli|llms|embeddings|readers|agent|tools|vector-stores|indices|program|multi-modal-llms|postprocessor|callbacks|packs|utils|integrations)(-.+)?|langgraph-(sdk|cli|checkpoint(-.+)?|prebuilt|api)|autogen-(core|agentchat|ext)|crewai-tools)$/;
const LIBRARY_KEYWORDS = new Set(['sdk', 'library', 'framework', 'client', 'api-client', 'client-library', 'api-wrapper', 'wrapper']);
const TEMPLATE_WORD_RE = /(?:^|[^a-z0-9])(templates?|starters?|boilerplates?)(?:[^a-z0-9]|$)/i;
const LIBRARY_CLASSIFIER_RE = /^Topic :: Software Development :: Libraries\b/;

/** The paths `classifyRepository` wants the text of, among `files`: the root manifests and a monorepo's members. */
export function manifestPaths(files: readonly string[]): string[] {
  const present = new Set(files);
  const roots = ROOT_MANIFESTS.filter((f) => present.has(f));
  return [...roots, ...memberManifests(files)];
}

/** Reads the manifests `manifestPaths` names from a working copy (a missing or unreadable one is left out). */
export async function readManifests(dir: string, files: readonly string[]): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  await Promise.all(
    manifestPaths(files).map(async (p) => {
      const text = await fs.readFile(path.join(dir, p), 'utf8').catch(() => undefined);
      // Manifests are small; a huge one is not worth reading whole.
      if (text !== undefined) out[p] = text.slice(0, 256 * 1024);
    }),
  );
  return out;
}

export function classifyRepository(input: ClassifyInput): RepositoryClassification {
  const { manifests } = input;
  const action = githubAction(manifests);
  if (action) return action;

  const pkg = manifests['package.json'] === undefined ? undefined : packageFacts('package.json', manifests['package.json']);
  const python = rootPythonFacts(manifests);
  const verdicts = [pkg && packageVerdict(pkg), ...python.map(pythonVerdict)].filter((v): v is Verdict => !!v);
  const library = verdicts.find((v) => v.kind === 'library');
  if (library) return library;

  if (isWorkspaceRoot(input, pkg, python)) {
    const members = memberLibrary(input);
    if (members) return members;
  }

  const template = templateSignal(input.repoName, [pkg?.name, ...python.map((p) => p.name)]);
  if (template) return template;

  const cli = verdicts.find((v) => v.kind === 'cli');
  if (cli) return cli;

  if (pkg?.private)
    return {
      kind: 'application',
      evidence: 'package.json sets "private": true and no manifest declares a library, GitHub Action or command-line tool.',
    };
  const read = ROOT_MANIFESTS.filter((f) => manifests[f] !== undefined);
  return {
    kind: 'application',
    evidence: read.length
      ? `${listNames(read)} declare${read.length === 1 ? 's' : ''} no library, GitHub Action or command-line tool.`
      : 'No package.json, pyproject.toml, setup.py, setup.cfg or action.yml at the root declares a library, GitHub Action or command-line tool.',
  };
}

type Verdict = RepositoryClassification;

// ---- GitHub Action ----------------------------------------------------------------------------------------------

function githubAction(manifests: ClassifyInput['manifests']): Verdict | undefined {
  for (const file of ['action.yml', 'action.yaml']) {
    const text = manifests[file];
    if (text === undefined) continue;
    let doc: unknown;
    try {
      doc = parseYaml(text);
    } catch {
      continue;
    }
    const runs = (doc as { runs?: { using?: unknown } } | null)?.runs;
    if (!runs || typeof runs !== 'object') continue;
    const using = typeof runs.using === 'string' ? `runs.using: ${runs.using}` : 'a `runs` section';
    return { kind: 'github-action', evidence: `${file} at the root declares ${using}: a GitHub Action.` };
  }
  return undefined;
}

// ---- package.json -------------------------------------------------------------------------------------------------

interface PackageFacts {
  file: string;
  name?: string;
  private: boolean;
  /** Library entry points that applications do not declare (`main` alone is npm init's default, so not one). */
  entry: string[];
  main: boolean;
  /** Fields that only matter when publishing. */
  publish: string[];
  bin: string[];
  keywords: string[];
  workspaces: boolean;
}

function packageFacts(file: string, text: string): PackageFacts | undefined {
  let pkg: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(text);
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return undefined;
    pkg = parsed as Record<string, unknown>;
  } catch {
    return undefined;
  }
  const has = (k: string) => pkg[k] !== undefined && pkg[k] !== null;
  const bin =
    typeof pkg.bin === 'string'
      ? [typeof pkg.name === 'string' ? pkg.name.replace(/^@[^/]+\//, '') : 'bin']
      : pkg.bin && typeof pkg.bin === 'object'
        ? Object.keys(pkg.bin)
        : [];
  return {
    file,
    ...(typeof pkg.name === 'string' ? { name: pkg.name } : {}),
    private: pkg.private === true || pkg.private === 'true',
    entry: ['exports', 'module', 'types', 'typings'].filter(has),
    main: has('main'),
    publish: ['publishConfig', 'files'].filter(has),
    bin,
    keywords: Array.isArray(pkg.keywords) ? pkg.keywords.filter((k): k is string => typeof k === 'string').map((k) => k.toLowerCase()) : [],
    workspaces: has('workspaces'),
  };
}

function knownNpmSdk(name: string | undefined): boolean {
  return !!name && (LLM_NPM_NAMES.has(name) || LLM_NPM_SCOPES.test(name));
}

function packageVerdict(p: PackageFacts): Verdict | undefined {
  if (p.private) return undefined;
  if (knownNpmSdk(p.name)) return { kind: 'library', evidence: `${p.file} names the package "${p.name}", a known LLM SDK or framework.` };
  const fields = [...p.entry, ...p.publish];
  if (p.bin.length && !p.entry.length) {
    return {
      kind: 'cli',
      evidence: `${p.file} declares "bin" (${p.bin.slice(0, 3).join(', ')}) and no library entry point: a command-line tool.`,
    };
  }
  if (fields.length)
    return { kind: 'library', evidence: `${p.file} is not private and declares ${quoteList(fields.slice(0, 3))}: a published library.` };
  const keyword = p.keywords.find((k) => LIBRARY_KEYWORDS.has(k));
  if (keyword && p.main)
    return { kind: 'library', evidence: `${p.file} is not private, declares "main" and the keyword "${keyword}": a published library.` };
  return undefined;
}

// ---- Python -----------------------------------------------------------------------------------------------------

interface PythonFacts {
  file: string;
  /** Where the name was read, e.g. `[project] name`. */
  nameField: string;
  name?: string;
  classifiersField: string;
  classifiers: string[];
  scriptsField: string;
  scripts: string[];
  /** `[tool.uv.workspace]` or a similar workspace table. */
  workspace: boolean;
}

function rootPythonFacts(manifests: ClassifyInput['manifests']): PythonFacts[] {
  return (['pyproject.toml', 'setup.cfg', 'setup.py'] as const)
    .filter((f) => manifests[f] !== undefined)
    .map((f) => pythonFacts(f, manifests[f]!))
    .filter((f): f is PythonFacts => !!f);
}

function pythonFacts(file: string, text: string): PythonFacts | undefined {
  const base = path.posix.basename(file);
  if (base === 'pyproject.toml') {
    const t = tomlTables(text);
    const project = t.get('project');
    const poetry = t.get('tool.poetry');
    const from = project?.has('name') || !poetry ? 'project' : 'tool.poetry';
    const table = from === 'project' ? project : poetry;
    const scriptsTable = [`project.scripts`, 'tool.poetry.scripts', 'project.entry-points.console_scripts'].find((s) => t.get(s)?.size);
    return {
      file,
      nameField: `[${from}] name`,
      ...(table?.get('name') ? { name: tomlString(table.get('name')!) } : {}),
      classifiersField: `[${from}] classifiers`,
      classifiers: tomlStrings(table?.get('classifiers') ?? ''),
      scriptsField: scriptsTable ? `[${scriptsTable}]` : '',
      scripts: scriptsTable ? [...t.get(scriptsTable)!.keys()] : [],
      workspace: t.has('tool.uv.workspace') || t.has('tool.pdm.workspace') || t.has('tool.hatch.workspace'),
    };
  }
  if (base === 'setup.cfg') {
    const ini = iniSections(text);
    const meta = ini.get('metadata');
    const scripts = ini.get('options.entry_points')?.get('console_scripts') ?? '';
    return {
      file,
      nameField: '[metadata] name',
      ...(meta?.get('name') ? { name: meta.get('name')!.trim() } : {}),
      classifiersField: '[metadata] classifiers',
      classifiers: (meta?.get('classifiers') ?? '')
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean),
      scriptsField: '[options.entry_points] console_scripts',
      scripts: scripts
        .split('\n')
        .map((l) => l.split('=')[0]!.trim())
        .filter(Boolean),
      workspace: false,
    };
  }
  // setup.py: the literal keyword arguments of setup(...), read with patterns (it is code, never run).
  const name = /\bname\s*=\s*["']([^"']+)["']/.exec(text)?.[1];
  const classifiers = [...text.matchAll(/["']([A-Z][^"'\n]*? :: [^"'\n]*)["']/g)].map((m) => m[1]!);
  const consoleScripts = /["']console_scripts["']\s*:\s*\[([^\]]*)\]/.exec(text)?.[1];
  return {
    file,
    nameField: 'setup(name=…)',
    ...(name ? { name } : {}),
    classifiersField: 'setup(classifiers=…)',
    classifiers,
    scriptsField: 'setup(entry_points={"console_scripts": …})',
    scripts: consoleScripts ? [...consoleScripts.matchAll(/["']\s*([\w.-]+)\s*=/g)].map((m) => m[1]!) : [],
    workspace: false,
  };
}

function normalisePypi(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

function knownPypiSdk(name: string | undefined): boolean {
  if (!name) return false;
  const n = normalisePypi(name);
  return LLM_PYPI_NAMES.has(n) || LLM_PYPI_FAMILIES.test(n);
}

function pythonVerdict(p: PythonFacts): Verdict | undefined {
  if (knownPypiSdk(p.name)) return { kind: 'library', evidence: `${p.file} ${p.nameField} "${p.name}" is a known LLM SDK or framework.` };
  const classifier = p.classifiers.find((c) => LIBRARY_CLASSIFIER_RE.test(c));
  if (classifier) return { kind: 'library', evidence: `${p.file} ${p.classifiersField} include "${classifier}": a published library.` };
  if (p.scripts.length)
    return { kind: 'cli', evidence: `${p.file} declares ${p.scriptsField} (${p.scripts.slice(0, 3).join(', ')}): a command-line tool.` };
  return undefined;
}

// ---- Monorepos ----------------------------------------------------------------------------------------------------

function memberManifests(files: readonly string[]): string[] {
  return files
    .filter((f) => MEMBER_MANIFEST_RE.test(f) && !outOfScopeReason(f))
    .sort((a, b) => a.split('/').length - b.split('/').length || a.localeCompare(b))
    .slice(0, MAX_MEMBER_MANIFESTS);
}

/**
 * A root that only holds a monorepo's tooling: package.json `workspaces`, a workspace file (pnpm, lerna, rush), a
 * Python workspace table, or no package manifest at the root at all (e.g. Python packages under `libs/`).
 */
function isWorkspaceRoot(input: ClassifyInput, pkg: PackageFacts | undefined, python: PythonFacts[]): boolean {
  if (pkg?.workspaces || python.some((p) => p.workspace)) return true;
  if (WORKSPACE_FILES.some((f) => input.files.includes(f))) return true;
  return !pkg && !python.some((p) => p.name);
}

/**
 * A monorepo is a library when one of its (in-scope) packages is a known LLM SDK or framework, or when at least two
 * are published libraries and none is an application (command-line tools count as neither).
 */
function memberLibrary(input: ClassifyInput): Verdict | undefined {
  const byDir = new Map<string, (Verdict | undefined)[]>();
  for (const [file, text] of Object.entries(input.manifests)) {
    if (!MEMBER_MANIFEST_RE.test(file) || outOfScopeReason(file)) continue;
    let verdict: Verdict | undefined;
    let known = false;
    if (path.posix.basename(file) === 'package.json') {
      const p = packageFacts(file, text);
      verdict = p && packageVerdict(p);
      known = !!p && !p.private && knownNpmSdk(p.name);
    } else {
      const p = pythonFacts(file, text);
      verdict = p && pythonVerdict(p);
      known = !!p && knownPypiSdk(p.name);
    }
    if (known && verdict) return { kind: 'library', evidence: `${verdict.evidence.replace(/\.$/, '')} (a package of this monorepo).` };
    const dir = path.posix.dirname(file);
    byDir.set(dir, [...(byDir.get(dir) ?? []), verdict]);
  }
  // One kind per package folder (package.json and pyproject.toml side by side): library over CLI over application.
  const kinds = [...byDir.entries()].map(([dir, vs]) => ({
    dir,
    kind: vs.find((v) => v?.kind === 'library')?.kind ?? vs.find((v) => v)?.kind ?? 'application',
  }));
  const libraries = kinds.filter((k) => k.kind === 'library').map((k) => `${k.dir}/`);
  if (libraries.length >= 2 && !kinds.some((k) => k.kind === 'application')) {
    const more = libraries.length > 3 ? `, and ${libraries.length - 3} more` : '';
    return {
      kind: 'library',
      evidence: `Every package of this monorepo is a published library (${libraries.slice(0, 3).join(', ')}${more}).`,
    };
  }
  return undefined;
}

// ---- Templates ----------------------------------------------------------------------------------------------------

function templateSignal(repoName: string | undefined, names: (string | undefined)[]): Verdict | undefined {
  const m = repoName ? TEMPLATE_WORD_RE.exec(repoName) : null;
  if (m)
    return { kind: 'template', evidence: `The repository name "${repoName}" says "${m[1]!.toLowerCase()}": a template to start from.` };
  for (const name of names) {
    const n = name ? TEMPLATE_WORD_RE.exec(name) : null;
    if (n) return { kind: 'template', evidence: `The package name "${name}" says "${n[1]!.toLowerCase()}": a template to start from.` };
  }
  return undefined;
}

// ---- Small readers ------------------------------------------------------------------------------------------------

/**
 * The tables of a TOML document as `table -> key -> raw value text` (arrays and inline tables may span lines):
 * enough for names, arrays of strings and the keys of a table, without a TOML dependency.
 */
export function tomlTables(text: string): Map<string, Map<string, string>> {
  const tables = new Map<string, Map<string, string>>([['', new Map()]]);
  let current = tables.get('')!;
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = stripTomlComment(lines[i]!).trim();
    if (!line) continue;
    const header = /^\[\[?([^[\]]+)\]\]?$/.exec(line);
    if (header) {
      const name = header[1]!
        .split('.')
        .map((s) => s.trim().replace(/^["']|["']$/g, ''))
        .join('.');
      current = tables.get(name) ?? new Map();
      tables.set(name, current);
      continue;
    }
    const kv = /^("[^"]*"|'[^']*'|[A-Za-z0-9_-]+)\s*=\s*(.*)$/.exec(line);
    if (!kv) continue;
    let value = kv[2]!;
    if (value.startsWith('"""') || value.startsWith("'''")) {
      const q = value.slice(0, 3);
      while (!value.slice(3).includes(q) && i + 1 < lines.length) value += `\n${lines[++i]!}`;
    } else {
      while (bracketDepth(value) > 0 && i + 1 < lines.length) value += `\n${stripTomlComment(lines[++i]!)}`;
    }
    current.set(kv[1]!.replace(/^["']|["']$/g, ''), value.trim());
  }
  return tables;
}

function stripTomlComment(line: string): string {
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '#') return line.slice(0, i);
  }
  return line;
}

function bracketDepth(value: string): number {
  let depth = 0;
  let quote: string | undefined;
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '[' || c === '{') depth++;
    else if (c === ']' || c === '}') depth--;
  }
  return depth;
}

function tomlString(value: string): string {
  return tomlStrings(value)[0] ?? value;
}

function tomlStrings(value: string): string[] {
  return [...value.matchAll(/"((?:[^"\\]|\\.)*)"|'([^']*)'/g)].map((m) => m[1] ?? m[2]!);
}

/** An INI file (setup.cfg) as `section -> key -> value`, indented continuation lines joined with newlines. */
function iniSections(text: string): Map<string, Map<string, string>> {
  const sections = new Map<string, Map<string, string>>();
  let current: Map<string, string> | undefined;
  let key: string | undefined;
  for (const raw of text.split(/\r?\n/)) {
    if (/^\s*[#;]/.test(raw) || !raw.trim()) continue;
    const header = /^\[([^\]]+)\]\s*$/.exec(raw);
    if (header) {
      current = new Map();
      sections.set(header[1]!.trim(), current);
      key = undefined;
      continue;
    }
    if (/^\s/.test(raw) && current && key) {
      current.set(key, `${current.get(key)}\n${raw.trim()}`);
      continue;
    }
    const kv = /^([^=:]+?)\s*[=:]\s*(.*)$/.exec(raw);
    if (kv && current) {
      key = kv[1]!.trim();
      current.set(key, kv[2]!.trim());
    }
  }
  return sections;
}

function quoteList(items: string[]): string {
  const q = items.map((i) => `"${i}"`);
  return q.length <= 1 ? (q[0] ?? '') : `${q.slice(0, -1).join(', ')} and ${q.at(-1)}`;
}

function listNames(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}
