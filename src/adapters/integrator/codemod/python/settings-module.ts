/**
 * How a repository reads its configuration, so the Helicone key is read the same way. An app whose `.env` is read
 * only by pydantic-settings never sees it in `os.environ`; there the key becomes a field of its settings class
 * (`helicone_api_key: str | None = None`) and every rewrite reads `settings.helicone_api_key`, the object the file
 * already uses (or imports it as other files of the repository do). An app that calls `load_dotenv()` and reads
 * `os.environ` / `os.getenv` itself keeps reading the environment, with the file's own function.
 */
import type { SyntaxNode, Tree } from '@lezer/common';
import type { TextEdit } from '../apply-edits';
import { HELICONE_KEY_ENV } from '../helicone-targets';
import { lineIndent } from '../file-style';
import { children } from './find-python-sites';
import type { ImportSpec } from './imports';
import type { KeyRead } from './python-forms';

/** A pydantic(-settings) `BaseSettings` subclass and how the app reaches its instance. */
export interface SettingsModel {
  /** The module defining it (POSIX path from the repository root). */
  file: string;
  className: string;
  /** A module-level `settings = Settings()` (its name), and where it is bound. */
  instance?: { name: string; at: number };
  /** A module-level function returning `Settings()` (FastAPI's `@lru_cache def get_settings()`). */
  getter?: string;
  /** The field the key is read from: an existing one named for it, else `helicone_api_key`. */
  field: string;
  /** The class already declares that field. */
  declared: boolean;
  /** pydantic 1's `from pydantic import BaseSettings` (Field(env=...)) rather than pydantic-settings. */
  v1: boolean;
}

const FIELD = 'helicone_api_key';
const KEY_FIELD_RE = /^helicone_?(api_?)?key$/i;

const src = (text: string, n: SyntaxNode) => text.slice(n.from, n.to);

/** The BaseSettings subclasses a module defines (a subclass of one of them counts too). */
export function findSettingsModels(file: string, text: string, tree: Tree): SettingsModel[] {
  if (!/BaseSettings/.test(text)) return [];
  const bases = new Set<string>();
  let v1 = false;
  for (let n = tree.topNode.firstChild; n; n = n.nextSibling) {
    if (n.name !== 'ImportStatement') continue;
    const t = src(text, n);
    const from = /^from\s+(pydantic_settings|pydantic)(\.\w+)*\s+import\b/.exec(t);
    if (from) {
      for (const m of t.matchAll(/\bBaseSettings\b(?:\s+as\s+(\w+))?/g)) bases.add(m[1] ?? 'BaseSettings');
      if (from[1] === 'pydantic' && /\bBaseSettings\b/.test(t)) v1 = true;
    }
    const mod = /^import\s+(pydantic_settings|pydantic)(?:\s+as\s+(\w+))?/.exec(t);
    if (mod) {
      bases.add(`${mod[2] ?? mod[1]}.BaseSettings`);
      if (mod[1] === 'pydantic') v1 = true;
    }
  }
  if (!bases.size) return [];
  const models: SettingsModel[] = [];
  const classes: { name: string; node: SyntaxNode }[] = [];
  for (let n = tree.topNode.firstChild; n; n = n.nextSibling) {
    if (n.name !== 'ClassDefinition') continue;
    const name = n.getChild('VariableName');
    const args = n.getChild('ArgList');
    if (!name || !args) continue;
    const parents = children(args)
      .filter((c) => c.name === 'VariableName' || c.name === 'MemberExpression')
      .map((c) => src(text, c).replace(/\s+/g, ''));
    if (parents.some((p) => bases.has(p))) {
      bases.add(src(text, name));
      classes.push({ name: src(text, name), node: n });
    }
  }
  for (const { name, node } of classes) {
    const fields = classFields(text, node);
    const existing = fields.find((f) => KEY_FIELD_RE.test(f.name));
    const model: SettingsModel = { file, className: name, field: existing?.name ?? FIELD, declared: !!existing, v1 };
    for (let n = tree.topNode.firstChild; n; n = n.nextSibling) {
      if (n.name === 'AssignStatement') {
        const parts = children(n);
        const value = parts[parts.length - 1];
        if (
          parts[0]?.name === 'VariableName' &&
          value?.name === 'CallExpression' &&
          value.firstChild &&
          src(text, value.firstChild) === name
        ) {
          model.instance ??= { name: src(text, parts[0]), at: n.from };
        }
      } else if (n.name === 'FunctionDefinition' || n.name === 'DecoratedStatement') {
        const fn = n.name === 'FunctionDefinition' ? n : n.getChild('FunctionDefinition');
        const body = fn?.getChild('Body');
        const fname = fn?.getChild('VariableName');
        if (body && fname && new RegExp(`\\breturn\\s+${name}\\s*\\(`).test(src(text, body))) model.getter ??= src(text, fname);
      }
    }
    models.push(model);
  }
  return models;
}

/** The annotated fields of a class body (`name: type [= default]`). */
function classFields(text: string, cls: SyntaxNode): { name: string; node: SyntaxNode; type: string }[] {
  const out: { name: string; node: SyntaxNode; type: string }[] = [];
  for (let s = cls.getChild('Body')?.firstChild; s; s = s.nextSibling) {
    if (s.name !== 'AssignStatement') continue;
    const parts = children(s);
    const type = parts.find((p) => p.name === 'TypeDef');
    if (parts[0]?.name === 'VariableName' && type) out.push({ name: src(text, parts[0]), node: s, type: src(text, type) });
  }
  return out;
}

export interface FieldStyle {
  /** The oldest Python the project supports: `str | None` needs 3.10 at run time in a pydantic model. */
  minPython?: [number, number];
  quote: '"' | "'";
}

/**
 * The edits declaring the key in the settings class: `helicone_api_key: str | None = None` after its last field,
 * `Optional[str]` when the file writes optional fields that way or supports Python < 3.10, and an alias naming
 * HELICONE_API_KEY when the class reads its fields under an `env_prefix` or case-sensitively (pydantic-settings
 * applies no prefix to an aliased field), in the file's own alias style. The imports it needs come back apart.
 */
export function settingsFieldEdit(
  text: string,
  tree: Tree,
  model: SettingsModel,
  style: FieldStyle,
): { edits: TextEdit[]; imports: ImportSpec[] } | undefined {
  if (model.declared) return undefined;
  let cls: SyntaxNode | undefined;
  for (let n = tree.topNode.firstChild; n; n = n.nextSibling) {
    if (n.name === 'ClassDefinition' && n.getChild('VariableName') && src(text, n.getChild('VariableName')!) === model.className) cls = n;
  }
  const body = cls?.getChild('Body');
  if (!cls || !body) return undefined;
  const classText = src(text, cls);
  const fields = classFields(text, cls);
  const q = style.quote;
  const imports: ImportSpec[] = [];
  const annotations = fields.map((f) => f.type).join(' ') || text;
  const optional =
    /\bOptional\[/.test(annotations) ||
    (!/\|\s*None\b|\bNone\s*\|/.test(annotations) &&
      !!style.minPython &&
      (style.minPython[0] < 3 || (style.minPython[0] === 3 && style.minPython[1] < 10)));
  const type = optional ? 'Optional[str]' : 'str | None';
  if (optional && !/\bOptional\b/.test(importText(text, tree))) imports.push({ module: 'typing', name: 'Optional' });
  const prefix =
    /\benv_prefix\b\s*[=:]\s*(["'])(.*?)\1/.exec(classText)?.[2] ?? /["']env_prefix["']\s*:\s*(["'])(.*?)\1/.exec(classText)?.[2] ?? '';
  const caseSensitive = /\bcase_sensitive\b["']?\s*[=:]\s*True\b/.test(classText);
  let value = 'None';
  if (prefix || caseSensitive) {
    const env = `${q}${HELICONE_KEY_ENV}${q}`;
    if (model.v1) value = `Field(None, env=${env})`;
    else if (/\bvalidation_alias\s*=/.test(classText) || !/\balias\s*=/.test(classText))
      value = `Field(default=None, validation_alias=${env})`;
    else value = `Field(default=None, alias=${env})`;
    if (!/\bField\b/.test(importText(text, tree)) && !/\bpydantic\.Field\b/.test(text)) imports.push({ module: 'pydantic', name: 'Field' });
  }
  // After the last field, else first in the body (after a docstring).
  const statements = children(body).filter((c) => c.name !== ':' && c.name !== 'Comment');
  const anchor =
    fields[fields.length - 1]?.node ??
    (statements[0]?.name === 'ExpressionStatement' && statements[0].firstChild?.name === 'String' ? statements[0] : undefined);
  const indent = statements[0] ? lineIndent(text, statements[0].from) : '    ';
  const line = `${indent}${model.field}: ${type} = ${value}\n`;
  let at: number;
  if (anchor) {
    const eol = text.indexOf('\n', anchor.to);
    at = eol === -1 ? text.length : eol + 1;
  } else at = statements[0] ? text.lastIndexOf('\n', statements[0].from - 1) + 1 : body.to;
  const lead = at > 0 && text[at - 1] !== '\n' ? '\n' : '';
  return { edits: [{ start: at, end: at, text: lead + line }], imports };
}

function importText(text: string, tree: Tree): string {
  let out = '';
  for (let n = tree.topNode.firstChild; n; n = n.nextSibling) if (n.name === 'ImportStatement') out += `${src(text, n)}\n`;
  return out;
}

/** Dotted module names a file can be imported as: `app/core/config.py` → app.core.config, core.config, config. */
export function moduleNames(file: string): string[] {
  const parts = file
    .replace(/\.py$/, '')
    .replace(/\/__init__$/, '')
    .split('/');
  return parts.map((_, i) => parts.slice(i).join('.'));
}

/** The file a relative import of `file` names: `..core.config` from `app/api/x.py` → app/core/config. */
function resolveRelative(file: string, module: string): string {
  const dots = /^\.+/.exec(module)![0].length;
  const dir = file.split('/').slice(0, -1);
  const base = dir.slice(0, Math.max(0, dir.length - (dots - 1)));
  const rest = module.slice(dots);
  return [...base, ...(rest ? rest.split('.') : [])].join('/');
}

/** True when `module` (as written in `file`) names the settings module. */
function namesModule(file: string, module: string, model: SettingsModel): boolean {
  const target = model.file.replace(/\.py$/, '').replace(/\/__init__$/, '');
  if (module.startsWith('.')) return resolveRelative(file, module) === target;
  return (
    moduleNames(model.file).includes(module) && (target === module.replace(/\./g, '/') || target.endsWith(`/${module.replace(/\./g, '/')}`))
  );
}

/** A top-level import of the settings object (or its getter) as other files of the repository write it. */
export interface SettingsImport {
  file: string;
  module: string;
  name: string;
}

/** The absolute `from <module> import settings` (or getter) statements of a file that name `model`. */
export function settingsImportsIn(file: string, text: string, tree: Tree, model: SettingsModel): SettingsImport[] {
  const out: SettingsImport[] = [];
  for (let n = tree.topNode.firstChild; n; n = n.nextSibling) {
    if (n.name !== 'ImportStatement') continue;
    const m = /^from\s+([\w.]+)\s+import\s+\(?([^)]*)\)?/s.exec(src(text, n));
    if (!m || !namesModule(file, m[1]!, model)) continue;
    for (const part of m[2]!.split(',')) {
      const name = part.trim().split(/\s+/)[0];
      if (name && (name === model.instance?.name || name === model.getter) && !/\sas\s/.test(part)) out.push({ file, module: m[1]!, name });
    }
  }
  return out;
}

/**
 * How the key is read at `pos` in `file`: the settings object in scope there (a module-level import or binding, a
 * function parameter annotated with the class, a local `s = get_settings()`), else the environment when the file
 * reads it itself, else the settings object imported as `known` other files import it, else the environment.
 */
export function keyReadAt(
  file: string,
  text: string,
  tree: Tree,
  pos: number,
  model: SettingsModel | undefined,
  known: SettingsImport[],
): { read: KeyRead; imports: ImportSpec[] } {
  const env = envRead(text);
  if (!model) return { read: env, imports: [] };
  const field = model.field;
  const expr = (e: string) => ({ read: { kind: 'expr', expr: `${e}.${field}` } as KeyRead, imports: [] as ImportSpec[] });
  // Function scope first: a parameter `settings: Settings`, or a local bound before `pos`.
  for (let n: SyntaxNode | null = tree.resolveInner(pos, 1); n; n = n.parent) {
    if (n.name !== 'FunctionDefinition') continue;
    const params = n.getChild('ParamList');
    if (params) {
      const parts = children(params);
      for (let i = 0; i < parts.length; i++) {
        if (
          parts[i]!.name === 'VariableName' &&
          parts[i + 1]?.name === 'TypeDef' &&
          new RegExp(`^:\\s*(Annotated\\[\\s*)?(\\w+\\.)*${model.className}\\b`).test(src(text, parts[i + 1]!))
        )
          return expr(src(text, parts[i]!));
      }
    }
    const body = n.getChild('Body');
    const local = body && localBinding(file, text, body, pos, model);
    if (local) return expr(local);
  }
  const top = topLevelAccess(file, text, tree, model, pos);
  if (top) return expr(top);
  if (readsEnvironment(text)) return { read: env, imports: [] };
  // A file that imports the settings inside a function does so on purpose (an import cycle): no import at the top.
  const names = [model.instance?.name, model.getter].filter(Boolean).join('|');
  if (names && new RegExp(`^[ \\t]+from\\s+\\S+\\s+import\\s[^\\n]*\\b(${names})\\b`, 'm').test(text)) return { read: env, imports: [] };
  // Imported the way another file of the repository imports it, when the name is free here.
  const dir = (f: string) => f.slice(0, Math.max(0, f.lastIndexOf('/')));
  // A relative import reads the same only from the same folder.
  const how = known.find((k) => k.file !== file && (!k.module.startsWith('.') || dir(k.file) === dir(file)));
  if (how && !bindsName(text, tree, how.name)) {
    return {
      read: { kind: 'expr', expr: how.name === model.getter ? `${how.name}().${field}` : `${how.name}.${field}` },
      imports: [{ module: how.module, name: how.name }],
    };
  }
  return { read: env, imports: [] };
}

/** `x = get_settings()` / `x = Settings()` / `from <settings module> import settings` in a function body, before `pos`. */
function localBinding(file: string, text: string, body: SyntaxNode, pos: number, model: SettingsModel): string | undefined {
  let found: string | undefined;
  for (let s = body.firstChild; s && s.from < pos; s = s.nextSibling) {
    const t = src(text, s).replace(/\s+/g, ' ');
    if (s.name === 'ImportStatement') {
      const m = /^from ([\w.]+) import \(?(.*?)\)?$/.exec(t);
      if (!m || !namesModule(file, m[1]!, model)) continue;
      for (const [name, alias] of m[2]!.split(',').map((p) => p.trim().split(' as '))) {
        if (name === model.instance?.name) found = alias ?? name;
        else if (name === model.getter) found = `${alias ?? name}()`;
      }
      continue;
    }
    if (s.name !== 'AssignStatement') continue;
    const m = /^(\w+) ?(?::[^=]+)?= ?([\w.]+)\( ?\)$/.exec(t);
    const callee = m?.[2]?.split('.').pop();
    if (m && (callee === model.className || callee === model.getter)) found = m[1];
  }
  return found;
}

/** The settings object as the module reaches it at top level: its own binding, or an import of it. */
function topLevelAccess(file: string, text: string, tree: Tree, model: SettingsModel, pos: number): string | undefined {
  if (file === model.file) {
    // In the defining module, module-level code runs in order: the instance must be bound before.
    if (model.instance && (model.instance.at < pos || insideFunction(tree, pos))) return model.instance.name;
    if (model.getter && insideFunction(tree, pos)) return `${model.getter}()`;
    return undefined;
  }
  for (let n = tree.topNode.firstChild; n; n = n.nextSibling) {
    if (n.name !== 'ImportStatement') continue;
    const t = src(text, n).replace(/\s+/g, ' ');
    const from = /^from ([\w.]+) import \(?(.*?)\)?$/.exec(t);
    if (from) {
      const names = from[2]!.split(',').map((p) => p.trim().split(' as '));
      if (namesModule(file, from[1]!, model)) {
        for (const [name, alias] of names) {
          if (name === model.instance?.name) return alias ?? name;
          if (name === model.getter) return `${alias ?? name}()`;
        }
      }
      // from app.core import config → config.settings
      for (const [name, alias] of names) {
        if (name && namesModule(file, `${from[1]}.${name}`, model) && model.instance) return `${alias ?? name}.${model.instance.name}`;
      }
      continue;
    }
    const plain = /^import ([\w.]+)(?: as (\w+))?$/.exec(t);
    if (plain && namesModule(file, plain[1]!, model) && model.instance) return `${plain[2] ?? plain[1]}.${model.instance.name}`;
  }
  return undefined;
}

function insideFunction(tree: Tree, pos: number): boolean {
  for (let n: SyntaxNode | null = tree.resolveInner(pos, 1); n; n = n.parent) if (n.name === 'FunctionDefinition') return true;
  return false;
}

/** True when the module binds `name` at top level (an import, assignment, def or class). */
function bindsName(text: string, tree: Tree, name: string): boolean {
  const re = new RegExp(
    `^(?:(?:from\\s+\\S+\\s+)?import\\s.*\\b${name}\\b|${name}\\s*(?::[^=]+)?=|(?:async\\s+)?def\\s+${name}\\b|class\\s+${name}\\b)`,
  );
  for (let n = tree.topNode.firstChild; n; n = n.nextSibling) if (re.test(src(text, n))) return true;
  return false;
}

/** The file reads configuration from the environment itself (`os.environ[...]`, `os.getenv(...)`, `getenv(...)`). */
export function readsEnvironment(text: string): boolean {
  return /\bos\.environ\b|\bos\.getenv\s*\(|^\s*from\s+os\s+import\s+.*\b(getenv|environ)\b/m.test(text);
}

/** The file's way of reading the environment: `os.getenv` (or a bare imported `getenv`) when that is all it uses. */
export function envRead(text: string): KeyRead {
  if (/\bos\.environ\b/.test(text)) return { kind: 'environ' };
  if (/\bos\.getenv\s*\(/.test(text)) return { kind: 'getenv', call: 'os.getenv' };
  if (/^\s*from\s+os\s+import\s+[^\n]*\bgetenv\b/m.test(text) && /(^|[^.\w])getenv\s*\(/.test(text))
    return { kind: 'getenv', call: 'getenv' };
  return { kind: 'environ' };
}
