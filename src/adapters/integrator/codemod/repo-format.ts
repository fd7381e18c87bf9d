/**
 * What the repository's formatter configuration says about a file, read the way the formatter reads it and without
 * running any of the repository's code: prettier (the nearest `.prettierrc*`, `prettier.config.*` or package.json
 * `"prettier"` above the file, its `overrides` applied; JSON and YAML parsed, a JS/TS config read for the literal
 * values of its exported object with the TypeScript parser, never executed), `.editorconfig` (indent_style,
 * indent_size, tab_width, max_line_length, quote_type, under the formatter's own options, as prettier merges them),
 * Biome (`biome.json[c]`) and dprint (`dprint.json[c]`).
 *
 * A configured formatter formats with its defaults whatever the configuration leaves out (prettier: 80 columns,
 * double quotes, semicolons, `trailingComma: all` from prettier 3 on and `es5` before, as the repository's declared
 * prettier version says), so those defaults are filled in; without one, detectStyle follows the file's habits.
 * Prettier as a dependency without a configuration formats at its default 80 columns; the rest follows the file.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import ts from 'typescript';
import { parse as parseYaml } from 'yaml';
import type { FormatOptions } from './file-style';

export type Formatter = 'prettier' | 'biome' | 'dprint';

export interface FileFormat extends FormatOptions {
  /** The formatter that formats the file, when the repository configures one. */
  formatter?: Formatter;
  /** The configuration file the options come from (POSIX path relative to the working copy). */
  configFile?: string;
  /** The prettier version range the repository declares (it is checked with ours, see docs/codemod-and-verifier.md). */
  prettierVersion?: string;
}

export interface RepoFormat {
  /** The options for one file (a POSIX path relative to the working copy). */
  formatFor(rel: string): Promise<FileFormat>;
}

const PRETTIER_FILES = [
  'package.json',
  '.prettierrc',
  '.prettierrc.json',
  '.prettierrc.yml',
  '.prettierrc.yaml',
  '.prettierrc.json5',
  '.prettierrc.js',
  'prettier.config.js',
  '.prettierrc.ts',
  'prettier.config.ts',
  '.prettierrc.mjs',
  'prettier.config.mjs',
  '.prettierrc.mts',
  'prettier.config.mts',
  '.prettierrc.cjs',
  'prettier.config.cjs',
  '.prettierrc.cts',
  'prettier.config.cts',
];
const BIOME_FILES = ['biome.json', 'biome.jsonc'];
const DPRINT_FILES = ['dprint.json', '.dprint.json', 'dprint.jsonc', '.dprint.jsonc'];

/** Every file name readRepoFormat may read, for a caller that lists the working copy once (see `present`). */
export const FORMAT_CONFIG_NAMES: ReadonlySet<string> = new Set([...PRETTIER_FILES, ...BIOME_FILES, ...DPRINT_FILES, '.editorconfig']);

/** One prettier configuration: its options and overrides, or `known: false` when its values cannot be read. */
interface PrettierConfig {
  file: string;
  known: boolean;
  options: FormatOptions;
  overrides: { files: string[]; excludeFiles: string[]; options: FormatOptions }[];
}

/**
 * `present`: the paths of the working copy's configuration files (FORMAT_CONFIG_NAMES) when the caller has listed
 * it already; without it each directory is listed on first use.
 */
export function readRepoFormat(workdir: string, present?: ReadonlySet<string>): RepoFormat {
  // Each file looks for some thirty configuration names in every directory above it: one listing per directory
  // answers them all (a failed open per name and directory made large trees several times slower).
  const listings = new Map<string, Promise<Set<string>>>();
  const namesIn = (dir: string) => {
    let names = listings.get(dir);
    if (!names) {
      names = fs.readdir(path.join(workdir, dir)).then(
        (n) => new Set(n),
        () => new Set<string>(),
      );
      listings.set(dir, names);
    }
    return names;
  };
  const texts = new Map<string, Promise<string | undefined>>();
  const read = (rel: string) => {
    let t = texts.get(rel);
    if (!t) {
      const dir = path.posix.dirname(rel);
      const readIt = () => fs.readFile(path.join(workdir, rel), 'utf8').catch(() => undefined);
      t = present
        ? present.has(rel)
          ? readIt()
          : Promise.resolve(undefined)
        : namesIn(dir === '.' ? '' : dir).then((names) => (names.has(path.posix.basename(rel)) ? readIt() : undefined));
      texts.set(rel, t);
    }
    return t;
  };
  // What is found above a file depends only on its folder: each lookup runs once per folder (a repository has far
  // fewer folders than files, and a look-up is some thirty awaited reads).
  const perFolder = <T>(find: (rel: string) => Promise<T>) => {
    const found = new Map<string, Promise<T>>();
    return (rel: string) => {
      const dir = path.posix.dirname(rel);
      let p = found.get(dir);
      if (!p) found.set(dir, (p = find(rel)));
      return p;
    };
  };
  const dirsUp = (rel: string) => {
    const out: string[] = [];
    for (let d = path.posix.dirname(rel); ; d = path.posix.dirname(d)) {
      out.push(d === '.' ? '' : d);
      if (d === '.' || d === '/' || d === '') break;
    }
    return out;
  };
  const join = (dir: string, name: string) => (dir ? `${dir}/${name}` : name);

  const prettierConfig = perFolder(async (rel: string): Promise<PrettierConfig | undefined> => {
    for (const dir of dirsUp(rel)) {
      for (const name of PRETTIER_FILES) {
        const file = join(dir, name);
        const text = await read(file);
        if (text === undefined) continue;
        const config = loadPrettierConfig(file, text);
        if (config) return config;
      }
    }
    return undefined;
  });
  const firstUp = (names: string[]) =>
    perFolder(async (rel: string) => {
      for (const dir of dirsUp(rel)) {
        for (const name of names) {
          const file = join(dir, name);
          const text = await read(file);
          if (text !== undefined) return { file, text };
        }
      }
      return undefined;
    });
  const biomeConfig = firstUp(BIOME_FILES);
  const dprintConfig = firstUp(DPRINT_FILES);
  const prettierVersion = perFolder(async (rel: string) => {
    for (const dir of dirsUp(rel)) {
      const json = parseJsonLoose((await read(join(dir, 'package.json'))) ?? '');
      const deps = json && typeof json === 'object' ? (json as Record<string, Record<string, unknown> | undefined>) : undefined;
      const v = deps?.devDependencies?.prettier ?? deps?.dependencies?.prettier;
      if (typeof v === 'string') return v;
    }
    return undefined;
  });
  // Nearest first; a file that says `root = true` ends the search.
  const editorconfigs = perFolder(async (rel: string) => {
    const found: { dir: string; text: string }[] = [];
    for (const dir of dirsUp(rel)) {
      const text = await read(join(dir, '.editorconfig'));
      if (text === undefined) continue;
      found.push({ dir, text });
      if (/^\s*root\s*=\s*true\s*$/im.test(text)) break;
    }
    return found.reverse();
  });
  // Sections match file names, so the properties are the file's own.
  const editorconfig = async (rel: string): Promise<FormatOptions> => {
    const props: Record<string, string> = {};
    for (const { dir, text } of await editorconfigs(rel))
      Object.assign(props, editorconfigProps(text, dir ? rel.slice(dir.length + 1) : rel));
    return editorconfigToOptions(props);
  };

  return {
    async formatFor(rel) {
      const fromEditorconfig = await editorconfig(rel);
      const version = await prettierVersion(rel);
      const withVersion = version ? { prettierVersion: version } : {};
      const prettier = await prettierConfig(rel);
      if (prettier) {
        const dir = path.posix.dirname(prettier.file);
        const local = dir === '.' ? rel : rel.slice(dir.length + 1);
        const options: FormatOptions = { ...fromEditorconfig, ...prettier.options };
        for (const o of prettier.overrides)
          if (matchesAny(local, o.files) && !matchesAny(local, o.excludeFiles)) Object.assign(options, o.options);
        const defaults = prettier.known ? prettierDefaults(version) : { printWidth: 80 };
        return { ...defaults, ...options, formatter: 'prettier', configFile: prettier.file, ...withVersion };
      }
      const biome = await biomeConfig(rel);
      const biomeOptions = biome && biomeToOptions(parseJsonLoose(biome.text));
      if (biome && biomeOptions) {
        return { ...BIOME_DEFAULTS, ...fromEditorconfig, ...biomeOptions, formatter: 'biome', configFile: biome.file, ...withVersion };
      }
      const dprint = await dprintConfig(rel);
      if (dprint)
        return {
          printWidth: 120,
          ...fromEditorconfig,
          ...dprintToOptions(parseJsonLoose(dprint.text)),
          formatter: 'dprint',
          configFile: dprint.file,
          ...withVersion,
        };
      // Prettier in the toolchain without a configuration formats at its default width.
      if (version) return { printWidth: 80, ...fromEditorconfig, formatter: 'prettier', ...withVersion };
      return fromEditorconfig;
    },
  };
}

/** Prettier's defaults; `trailingComma` became `all` in prettier 3. */
function prettierDefaults(version: string | undefined): Required<FormatOptions> {
  const major = version ? Number(/(\d+)/.exec(version)?.[1]) : NaN;
  return {
    printWidth: 80,
    tabWidth: 2,
    useTabs: false,
    semi: true,
    singleQuote: false,
    trailingComma: major < 3 ? 'es5' : 'all',
    bracketSpacing: true,
  };
}

const BIOME_DEFAULTS: Required<FormatOptions> = {
  printWidth: 80,
  tabWidth: 2,
  useTabs: true,
  semi: true,
  singleQuote: false,
  trailingComma: 'all',
  bracketSpacing: true,
};

// ---- prettier configuration files --------------------------------------------------------------------------------

function loadPrettierConfig(file: string, text: string): PrettierConfig | undefined {
  const name = path.posix.basename(file);
  let raw: unknown;
  if (name === 'package.json') {
    const pkg = parseJsonLoose(text) as { prettier?: unknown } | undefined;
    if (!pkg || pkg.prettier === undefined) return undefined;
    raw = pkg.prettier;
  } else if (/\.(c|m)?[jt]s$/.test(name)) {
    raw = readJsConfig(file, text);
  } else if (/\.ya?ml$/.test(name)) {
    raw = parseYamlLoose(text);
  } else if (/\.json5?$/.test(name)) {
    raw = parseJsonLoose(text);
  } else {
    // `.prettierrc` is JSON or YAML.
    raw = parseJsonLoose(text) ?? parseYamlLoose(text);
  }
  // A string names a shared configuration (a package that is not in the working copy): its values are unknown.
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return { file, known: false, options: {}, overrides: [] };
  const r = raw as Record<string, unknown>;
  const overrides = Array.isArray(r.overrides)
    ? r.overrides.flatMap((o: unknown) => {
        if (!o || typeof o !== 'object') return [];
        const { files, excludeFiles, options } = o as Record<string, unknown>;
        return [{ files: strings(files), excludeFiles: strings(excludeFiles), options: prettierOptions(options) }];
      })
    : [];
  return { file, known: true, options: prettierOptions(r), overrides };
}

function prettierOptions(raw: unknown): FormatOptions {
  if (!raw || typeof raw !== 'object') return {};
  const r = raw as Record<string, unknown>;
  const out: FormatOptions = {};
  if (isWidth(r.printWidth)) out.printWidth = r.printWidth;
  if (isWidth(r.tabWidth)) out.tabWidth = r.tabWidth;
  if (typeof r.useTabs === 'boolean') out.useTabs = r.useTabs;
  if (typeof r.singleQuote === 'boolean') out.singleQuote = r.singleQuote;
  if (typeof r.semi === 'boolean') out.semi = r.semi;
  if (r.trailingComma === 'all' || r.trailingComma === 'es5' || r.trailingComma === 'none') out.trailingComma = r.trailingComma;
  if (typeof r.bracketSpacing === 'boolean') out.bracketSpacing = r.bracketSpacing;
  return out;
}

/**
 * The literal value a JS/TS configuration file exports (`module.exports = {...}`, `export default {...}`, either
 * through a const), read with the parser: literals, arrays and object literals only; anything computed is left out.
 * Undefined when the export is not an object literal of the file (a `require` of a shared configuration).
 */
export function readJsConfig(file: string, text: string): unknown {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, /\.(c|m)?ts$/.test(file) ? ts.ScriptKind.TS : ts.ScriptKind.JS);
  const consts = new Map<string, ts.Expression>();
  let exported: ts.Expression | undefined;
  for (const st of sf.statements) {
    if (ts.isVariableStatement(st)) {
      for (const d of st.declarationList.declarations) if (ts.isIdentifier(d.name) && d.initializer) consts.set(d.name.text, d.initializer);
    } else if (ts.isExportAssignment(st)) exported = st.expression;
    else if (
      ts.isExpressionStatement(st) &&
      ts.isBinaryExpression(st.expression) &&
      st.expression.operatorToken.kind === ts.SyntaxKind.EqualsToken
    ) {
      const left = st.expression.left.getText(sf).replace(/\s+/g, '');
      if (left === 'module.exports' || left === 'exports.default') exported = st.expression.right;
    }
  }
  const value = (e: ts.Expression, depth = 0): unknown => {
    while (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isSatisfiesExpression(e) || ts.isTypeAssertionExpression(e))
      e = e.expression;
    if (depth > 8) return undefined;
    if (ts.isIdentifier(e)) {
      const init = consts.get(e.text);
      return init ? value(init, depth + 1) : undefined;
    }
    if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) return e.text;
    if (ts.isNumericLiteral(e)) return Number(e.text);
    if (e.kind === ts.SyntaxKind.TrueKeyword) return true;
    if (e.kind === ts.SyntaxKind.FalseKeyword) return false;
    if (ts.isArrayLiteralExpression(e)) return e.elements.map((x) => value(x, depth + 1));
    if (ts.isObjectLiteralExpression(e)) {
      const out: Record<string, unknown> = {};
      for (const p of e.properties) {
        if (!ts.isPropertyAssignment(p)) continue;
        const n = p.name;
        const key = ts.isIdentifier(n) || ts.isStringLiteral(n) ? n.text : undefined;
        if (key === undefined) continue;
        const v = value(p.initializer, depth + 1);
        if (v !== undefined) out[key] = v;
      }
      return out;
    }
    return undefined;
  };
  return exported && value(exported);
}

// ---- Biome, dprint -----------------------------------------------------------------------------------------------

/** Biome's JS formatter options, or undefined when its formatter is disabled. */
function biomeToOptions(raw: unknown): FormatOptions | undefined {
  if (!raw || typeof raw !== 'object') return {};
  const r = raw as Record<string, Record<string, unknown> | undefined>;
  const general = r.formatter ?? {};
  const js = ((r.javascript ?? {}) as Record<string, Record<string, unknown> | undefined>).formatter ?? {};
  if (general.enabled === false || js.enabled === false) return undefined;
  const pick = (k: string) => js[k] ?? general[k];
  const out: FormatOptions = {};
  const width = pick('lineWidth');
  if (isWidth(width)) out.printWidth = width;
  const indent = pick('indentWidth') ?? pick('indentSize');
  if (isWidth(indent)) out.tabWidth = indent;
  const style = pick('indentStyle');
  if (style === 'tab' || style === 'space') out.useTabs = style === 'tab';
  const quote = js.quoteStyle;
  if (quote === 'single' || quote === 'double') out.singleQuote = quote === 'single';
  if (js.semicolons === 'always' || js.semicolons === 'asNeeded') out.semi = js.semicolons === 'always';
  const commas = js.trailingCommas ?? js.trailingComma;
  if (commas === 'all' || commas === 'es5' || commas === 'none') out.trailingComma = commas;
  if (typeof js.bracketSpacing === 'boolean') out.bracketSpacing = js.bracketSpacing;
  return out;
}

function dprintToOptions(raw: unknown): FormatOptions {
  if (!raw || typeof raw !== 'object') return {};
  const r = raw as Record<string, unknown>;
  const tsSection = (r.typescript ?? {}) as Record<string, unknown>;
  const pick = (k: string) => tsSection[k] ?? r[k];
  const out: FormatOptions = {};
  const width = pick('lineWidth');
  if (isWidth(width)) out.printWidth = width;
  const indent = pick('indentWidth');
  if (isWidth(indent)) out.tabWidth = indent;
  if (typeof pick('useTabs') === 'boolean') out.useTabs = pick('useTabs') as boolean;
  const quote = tsSection.quoteStyle;
  if (typeof quote === 'string' && /single/i.test(quote)) out.singleQuote = true;
  else if (typeof quote === 'string' && /double/i.test(quote)) out.singleQuote = false;
  if (tsSection.semiColons === 'asi') out.semi = false;
  else if (tsSection.semiColons === 'always' || tsSection.semiColons === 'prefer') out.semi = true;
  return out;
}

// ---- .editorconfig -----------------------------------------------------------------------------------------------

/** The properties of an .editorconfig's sections that match `rel` (relative to the file's directory), later wins. */
export function editorconfigProps(text: string, rel: string): Record<string, string> {
  const out: Record<string, string> = {};
  let matches = false;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#') || line.startsWith(';')) continue;
    const section = /^\[(.*)\]$/.exec(line);
    if (section) {
      const glob = section[1]!;
      matches = glob.includes('/')
        ? globToRegExp(glob.replace(/^\//, '')).test(rel)
        : globToRegExp(`**/${glob}`).test(`/${rel}`) || globToRegExp(glob).test(rel);
      continue;
    }
    const kv = /^([^=:]+?)\s*[=:]\s*(.*)$/.exec(line);
    if (kv && matches)
      out[kv[1]!.toLowerCase()] = kv[2]!
        .replace(/\s+[#;].*$/, '')
        .trim()
        .toLowerCase();
  }
  return out;
}

/** The options prettier takes from .editorconfig (its own mapping). */
function editorconfigToOptions(p: Record<string, string>): FormatOptions {
  const out: FormatOptions = {};
  const int = (v: string | undefined) => (v !== undefined && /^\d+$/.test(v) && Number(v) > 0 ? Number(v) : undefined);
  if (p.indent_style === 'space') out.useTabs = false;
  else if (p.indent_style === 'tab' || p.indent_size === 'tab') out.useTabs = true;
  const size = int(p.indent_size);
  const tab = int(p.tab_width);
  if (out.useTabs === false && size) out.tabWidth = size;
  else if (tab) out.tabWidth = tab;
  else if (out.useTabs === undefined && size) out.tabWidth = size;
  const max = int(p.max_line_length);
  if (max) out.printWidth = max;
  if (p.quote_type === 'single' || p.quote_type === 'double') out.singleQuote = p.quote_type === 'single';
  return out;
}

// ---- helpers -------------------------------------------------------------------------------------------------------

/** A glob as prettier's overrides and .editorconfig sections write them: `*`, `**`, `?`, `{a,b}`, `[abc]`. */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') {
      if (glob[i + 1] === '*') {
        i++;
        if (glob[i + 1] === '/') {
          i++;
          re += '(?:.*/)?';
        } else re += '.*';
      } else re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else if (c === '{') {
      const end = glob.indexOf('}', i);
      if (end === -1) re += '\\{';
      else {
        re += `(?:${glob
          .slice(i + 1, end)
          .split(',')
          .map(escape)
          .join('|')})`;
        i = end;
      }
    } else if (c === '[') {
      const end = glob.indexOf(']', i);
      if (end === -1) re += '\\[';
      else {
        re += `[${glob.slice(i + 1, end).replace(/^!/, '^')}]`;
        i = end;
      }
    } else re += escape(c);
  }
  return new RegExp(`^${re}$`);
}

/** Prettier matches a pattern without a slash against the file name, one with a slash against the path. */
function matchesAny(rel: string, patterns: string[]): boolean {
  const base = path.posix.basename(rel);
  return patterns.some((p) => (p.includes('/') ? globToRegExp(p.replace(/^\.\//, '')).test(rel) : globToRegExp(p).test(base)));
}

function escape(s: string): string {
  return s.replace(/[.+^$()|\\]/g, '\\$&').replace(/\*/g, '[^/]*');
}

function strings(v: unknown): string[] {
  return typeof v === 'string' ? [v] : Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

function isWidth(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v > 0;
}

/** JSON with comments and trailing commas (the TypeScript parser's reading), or undefined. */
export function parseJsonLoose(text: string): unknown {
  if (!text.trim()) return undefined;
  const r = ts.parseConfigFileTextToJson('x.json', text);
  return r.error ? undefined : (r.config as unknown);
}

function parseYamlLoose(text: string): unknown {
  try {
    return parseYaml(text) as unknown;
  } catch {
    return undefined;
  }
}
