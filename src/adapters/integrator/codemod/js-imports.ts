/**
 * The imports of a JS/TS file as the codemod needs them: which local name a module's export has in the file
 * (`import { env } from '~/env'`, `const config = require('./config')`), where a module specifier leads (relative
 * paths and tsconfig `paths` aliases), how the file writes its local specifiers (alias or relative, with or without
 * an extension), and the edits that add an import in the file's own syntax (ESM or CommonJS) and style.
 */
import path from 'node:path';
import ts from 'typescript';
import type { TextEdit } from './apply-edits';
import type { FileStyle } from './file-style';
import { parseJsonLoose } from './repo-format';

/** One name a file binds from a module. */
export interface ImportBinding {
  specifier: string;
  local: string;
  /** `named`: `import { x }` / `const { x } = require()`; `whole`: `const m = require()`. */
  kind: 'named' | 'default' | 'namespace' | 'whole';
  /** The exported name, for a named binding. */
  imported?: string;
  /** The statement. */
  statement: ts.Statement;
}

export function importsOf(sf: ts.SourceFile): ImportBinding[] {
  const out: ImportBinding[] = [];
  for (const st of sf.statements) {
    if (ts.isImportDeclaration(st) && ts.isStringLiteral(st.moduleSpecifier)) {
      const specifier = st.moduleSpecifier.text;
      const clause = st.importClause;
      if (!clause || clause.isTypeOnly) continue;
      if (clause.name) out.push({ specifier, local: clause.name.text, kind: 'default', statement: st });
      const nb = clause.namedBindings;
      if (nb && ts.isNamespaceImport(nb)) out.push({ specifier, local: nb.name.text, kind: 'namespace', statement: st });
      if (nb && ts.isNamedImports(nb)) {
        for (const el of nb.elements) {
          if (el.isTypeOnly) continue;
          const imported = (el.propertyName ?? el.name).text;
          out.push(
            imported === 'default'
              ? { specifier, local: el.name.text, kind: 'default', statement: st }
              : { specifier, local: el.name.text, kind: 'named', imported, statement: st },
          );
        }
      }
    } else if (ts.isVariableStatement(st)) {
      for (const d of st.declarationList.declarations) {
        const specifier = d.initializer && requireOf(d.initializer);
        if (!specifier) continue;
        if (ts.isIdentifier(d.name)) out.push({ specifier, local: d.name.text, kind: 'whole', statement: st });
        else if (ts.isObjectBindingPattern(d.name)) {
          for (const el of d.name.elements) {
            if (!ts.isIdentifier(el.name)) continue;
            const imported = el.propertyName && ts.isIdentifier(el.propertyName) ? el.propertyName.text : el.name.text;
            out.push({ specifier, local: el.name.text, kind: 'named', imported, statement: st });
          }
        }
      }
    }
  }
  return out;
}

/** `require('x')` → 'x'. */
function requireOf(e: ts.Expression): string | undefined {
  if (ts.isCallExpression(e) && ts.isIdentifier(e.expression) && e.expression.text === 'require' && e.arguments.length === 1) {
    const a = e.arguments[0]!;
    if (ts.isStringLiteral(a)) return a.text;
  }
  return undefined;
}

/** A CommonJS file: `.cjs`, or JavaScript that requires or assigns `module.exports` and never imports or exports. */
export function isCommonJs(rel: string, sf: ts.SourceFile): boolean {
  if (/\.c[jt]s$/.test(rel)) return true;
  if (/\.(ts|tsx|mts|mjs)$/.test(rel)) return false;
  const esm = sf.statements.some(
    (s) => ts.isImportDeclaration(s) || ts.isExportDeclaration(s) || ts.isExportAssignment(s) || hasExportModifier(s),
  );
  return !esm && /\brequire\s*\(|\bmodule\.exports\b|\bexports\.[\w$]+\s*=/.test(sf.text);
}

export function hasExportModifier(s: ts.Node): boolean {
  return ts.canHaveModifiers(s) && !!ts.getModifiers(s)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
}

/**
 * True when the file uses `name` as a variable anywhere (a new binding of that name would clash); property names
 * (`process.env`, `{ env: 1 }`) do not count.
 */
export function usesName(sf: ts.SourceFile, name: string): boolean {
  let found = false;
  const isPropertyName = (n: ts.Identifier) => {
    const p = n.parent;
    if (ts.isPropertyAccessExpression(p)) return p.name === n;
    if (ts.isQualifiedName(p)) return p.right === n;
    return (
      (ts.isPropertyAssignment(p) ||
        ts.isPropertySignature(p) ||
        ts.isPropertyDeclaration(p) ||
        ts.isMethodDeclaration(p) ||
        ts.isMethodSignature(p) ||
        ts.isGetAccessor(p) ||
        ts.isSetAccessor(p)) &&
      p.name === n
    );
  };
  const visit = (n: ts.Node): void => {
    if (found) return;
    if (ts.isIdentifier(n) && n.text === name && !isPropertyName(n)) found = true;
    else ts.forEachChild(n, visit);
  };
  visit(sf);
  return found;
}

/** A statement the codemod adds, ended as the file ends its statements. */
export function statement(code: string, style: FileStyle): string {
  return style.semi ? `${code};` : code;
}

/**
 * Adds a statement after the file's last top-level import (or require), or at the top after a shebang, a directive
 * prologue (`'use strict'`, `'use server'`) and the leading comment block. `code` has no line break at its end.
 */
export function insertAfterImports(sf: ts.SourceFile, code: string): TextEdit {
  const t = sf.text;
  let last: ts.Statement | undefined;
  for (const st of sf.statements) {
    if (
      ts.isImportDeclaration(st) ||
      ts.isImportEqualsDeclaration(st) ||
      (ts.isVariableStatement(st) && st.declarationList.declarations.every((d) => d.initializer && requireOf(d.initializer)))
    )
      last = st;
  }
  if (last) {
    const at = lineEndAfter(t, last.end);
    return { start: at, end: at, text: `\n${code}` };
  }
  let start = 0;
  for (const st of sf.statements) {
    if (ts.isExpressionStatement(st) && ts.isStringLiteral(st.expression)) start = lineEndAfter(t, st.end) + 1;
    else break;
  }
  if (start === 0) {
    const first = sf.statements[0];
    // After a shebang and the comments that head the file (a license, a file comment).
    const firstStart = first ? first.getStart(sf) : t.length;
    const lineStart = t.lastIndexOf('\n', firstStart - 1) + 1;
    if (lineStart > 0) return { start: lineStart, end: lineStart, text: `${code}\n\n` };
    return { start: 0, end: 0, text: `${code}\n\n` };
  }
  return { start: Math.min(start, t.length), end: Math.min(start, t.length), text: `\n${code}\n` };
}

/** Adds `name` to an `import { a, b } from 'x'` (as `a, b, name`, in the statement's own spacing). */
export function addNamedImport(sf: ts.SourceFile, decl: ts.ImportDeclaration, name: string): TextEdit | undefined {
  const nb = decl.importClause?.namedBindings;
  if (!nb || !ts.isNamedImports(nb)) return undefined;
  const els = nb.elements;
  if (!els.length) {
    const open = sf.text.indexOf('{', nb.getStart(sf)) + 1;
    return { start: open, end: nb.end - 1, text: ` ${name} ` };
  }
  const last = els[els.length - 1]!;
  const multiline = sf.getLineAndCharacterOfPosition(nb.getStart(sf)).line !== sf.getLineAndCharacterOfPosition(last.getStart(sf)).line;
  if (multiline) {
    const indent = /^[ \t]*/.exec(sf.text.slice(sf.text.lastIndexOf('\n', last.getStart(sf) - 1) + 1))![0];
    const afterLast = els.hasTrailingComma ? sf.text.indexOf(',', last.end) + 1 : last.end;
    return {
      start: afterLast,
      end: afterLast,
      text: `${els.hasTrailingComma ? '' : ','}\n${indent}${name}${els.hasTrailingComma ? ',' : ''}`,
    };
  }
  return { start: last.end, end: last.end, text: `, ${name}` };
}

function lineEndAfter(t: string, pos: number): number {
  const nl = t.indexOf('\n', pos);
  return nl === -1 ? t.length : nl;
}

// ---- where specifiers lead ---------------------------------------------------------------------------------------

/** The files of the working copy and the tsconfig/jsconfig `paths` aliases, to resolve local specifiers. */
export interface ModuleResolver {
  /** The repository file a specifier written in `fromRel` leads to, if it is one. */
  resolve(fromRel: string, specifier: string): string | undefined;
  /** The aliases that apply to a file: `@/*` → `src/*` (targets relative to the working copy). */
  aliasesFor(rel: string): Alias[];
}

export interface Alias {
  /** The pattern's part before `*` (`@/`), or the whole pattern when it has none. */
  prefix: string;
  wildcard: boolean;
  /** The target's part before `*`, relative to the working copy (`src/`). */
  target: string;
}

const RESOLVE_EXTS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];

export function moduleResolver(files: ReadonlySet<string>, readText: (rel: string) => string | undefined): ModuleResolver {
  const configs = new Map<string, Alias[]>();
  const aliasesIn = (dir: string): Alias[] | undefined => {
    const cached = configs.get(dir);
    if (cached) return cached;
    for (const name of ['tsconfig.json', 'jsconfig.json']) {
      const file = dir ? `${dir}/${name}` : name;
      const text = readText(file);
      if (text === undefined) continue;
      const json = parseJsonLoose(text) as { compilerOptions?: { baseUrl?: string; paths?: Record<string, string[]> } } | undefined;
      const opts = json?.compilerOptions ?? {};
      const base = path.posix.normalize(path.posix.join(dir || '.', opts.baseUrl ?? '.'));
      const aliases: Alias[] = [];
      for (const [pattern, targets] of Object.entries(opts.paths ?? {})) {
        const target = Array.isArray(targets) ? targets[0] : undefined;
        if (typeof target !== 'string') continue;
        const wildcard = pattern.endsWith('*') && target.endsWith('*');
        let t = path.posix.join(base, wildcard ? target.slice(0, -1) : target).replace(/^\.\//, '');
        if (t === '.' || t === '') t = '';
        else if (wildcard && !t.endsWith('/')) t += '/';
        aliases.push({ prefix: wildcard ? pattern.slice(0, -1) : pattern, wildcard, target: t });
      }
      configs.set(dir, aliases);
      return aliases;
    }
    return undefined;
  };
  const aliasesFor = (rel: string): Alias[] => {
    for (let d = path.posix.dirname(rel); ; d = path.posix.dirname(d)) {
      const dir = d === '.' ? '' : d;
      const found = aliasesIn(dir);
      if (found) return found;
      if (!dir) return [];
    }
  };
  const asFile = (p: string): string | undefined => {
    const n = path.posix.normalize(p).replace(/^\.\//, '');
    if (files.has(n)) return n;
    // `./env.js` written for `env.ts` (TypeScript's NodeNext resolution).
    const stem = n.replace(/\.(m|c)?js$/, '');
    for (const ext of RESOLVE_EXTS) if (files.has(stem + ext)) return stem + ext;
    for (const ext of RESOLVE_EXTS) if (files.has(`${n}/index${ext}`)) return `${n}/index${ext}`;
    return undefined;
  };
  return {
    aliasesFor,
    resolve(fromRel, specifier) {
      if (specifier.startsWith('.')) return asFile(path.posix.join(path.posix.dirname(fromRel), specifier));
      for (const a of aliasesFor(fromRel)) {
        if (a.wildcard ? specifier.startsWith(a.prefix) : specifier === a.prefix) {
          const found = asFile(a.wildcard ? a.target + specifier.slice(a.prefix.length) : a.target);
          if (found) return found;
        }
      }
      return undefined;
    },
  };
}

/** How a file writes the specifiers of its own modules. */
export interface SpecifierHabit {
  /** Aliases (`@/lib/db`) rather than relative paths. */
  alias: boolean;
  /** `./env.js` (ESM with NodeNext), `./env.ts`, or no extension. */
  ext: 'js' | 'ts' | 'none';
}

/** The habit of one file's local imports, or undefined when it imports no module of the repository. */
export function specifierHabit(rel: string, sf: ts.SourceFile, resolver: ModuleResolver): SpecifierHabit | undefined {
  const local = importsOf(sf)
    .map((b) => b.specifier)
    .filter((s, i, all) => all.indexOf(s) === i && resolver.resolve(rel, s) !== undefined);
  if (!local.length) return undefined;
  const alias = local.filter((s) => !s.startsWith('.')).length > local.length / 2;
  const relative = local.filter((s) => s.startsWith('.'));
  const ext =
    relative.filter((s) => /\.(m|c)?js$/.test(s)).length > relative.length / 2
      ? 'js'
      : relative.filter((s) => /\.(m|c)?tsx?$/.test(s)).length > relative.length / 2
        ? 'ts'
        : 'none';
  return { alias, ext };
}

/** The specifier for `target` from `fromRel` in a habit: an alias when the habit has one that covers it, else relative. */
export function specifierFor(fromRel: string, target: string, habit: SpecifierHabit, resolver: ModuleResolver): string {
  const withExt = (p: string) => {
    if (habit.ext === 'ts') return p;
    if (habit.ext === 'js')
      return p
        .replace(/\.tsx?$/, '.js')
        .replace(/\.mts$/, '.mjs')
        .replace(/\.cts$/, '.cjs');
    // Without extensions an `index` file is named by its folder; `.mjs`/`.cjs` keep theirs (Node needs them).
    if (/\.(mjs|cjs)$/.test(p)) return p;
    return p.replace(/\.(m|c)?[jt]sx?$/, '').replace(/\/index$/, '');
  };
  if (habit.alias) {
    for (const a of resolver.aliasesFor(fromRel)) {
      if (a.wildcard && target.startsWith(a.target)) {
        const spec = a.prefix + withExt(target.slice(a.target.length));
        if (resolver.resolve(fromRel, spec) === target) return spec;
      }
    }
  }
  let rel = path.posix.relative(path.posix.dirname(fromRel), withExt(target));
  if (!rel.startsWith('.')) rel = `./${rel}`;
  return rel;
}
