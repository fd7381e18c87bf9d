/**
 * How a repository reads its configuration, when it has a module for it: a `config.ts` / `env.ts` /
 * `src/env/*.ts` / `lib/config.ts` that validates process.env with zod (`z.object({...}).parse(process.env)`),
 * envalid (`cleanEnv(process.env, {...})`) or t3-env (`createEnv({ server, runtimeEnv })` from `@t3-oss/env-*`),
 * or exports a plain object built from process.env (`export const config = { openaiKey: process.env.X }`).
 *
 * Such a module is where HELICONE_API_KEY is declared, as optional, in its library's idiom
 * (`z.string().optional()`, `str({ default: undefined })`, t3-env's `server` plus `runtimeEnv`, a property named in
 * the object's own style), and the rewritten clients read the key from it the way their file reads its other
 * settings (`env.HELICONE_API_KEY`, `config.heliconeApiKey`), importing it as the repository imports its modules
 * when the file does not yet. Next.js's `env` in next.config gets the key beside the provider keys it lists.
 */
import path from 'node:path';
import ts from 'typescript';
import type { TextEdit } from './apply-edits';
import type { FileStyle } from './file-style';
import { HELICONE_KEY_ENV } from './helicone-targets';
import {
  addNamedImport,
  hasExportModifier,
  importsOf,
  insertAfterImports,
  isCommonJs,
  specifierFor,
  specifierHabit,
  statement,
  usesName,
  type ModuleResolver,
  type SpecifierHabit,
} from './js-imports';
import { prop, text, type Code } from './js-layout';
import { emptyPlan, renderPlan, type ObjPlan } from './object-plan';
import { unwrap } from './resolve-options';

export type SettingsLibrary = 'zod' | 'envalid' | 't3-env' | 'plain-object';

/** How other files get the settings object from the module. */
export type SettingsExport = { kind: 'named'; name: string } | { kind: 'default' } | { kind: 'commonjs' };

export interface SettingsModule {
  file: string;
  library: SettingsLibrary;
  exported: SettingsExport;
  /** The name the settings object has in the module (what a new import of a default export calls it). */
  localName: string;
  /** The property of the settings object that holds the key (`HELICONE_API_KEY`, `heliconeApiKey`). */
  keyProperty: string;
  /** The module already declares the key. */
  declared: boolean;
  /** The module is CommonJS (`module.exports`, `require`). */
  commonJs: boolean;
}

/** Paths where a repository keeps its settings module. */
const SETTINGS_PATH_RE =
  /(^|\/)((env|config|settings|configuration|environment)(\.(server|client|schema))?\.(m|c)?[jt]s|(env|config|settings)\/[^/]+\.(m|c)?[jt]s)$/i;

export function isSettingsPath(rel: string): boolean {
  return (
    SETTINGS_PATH_RE.test(rel) &&
    !/\.d\.[cm]?ts$/.test(rel) &&
    !/(^|\/)(next|vite|vitest|jest|eslint|tailwind|postcss|webpack|rollup|babel|prettier|playwright|drizzle|astro|nuxt)\.config\./i.test(
      rel,
    )
  );
}

/** The settings module a file is, if it is one (the declaration it gets is computed by `declareKeyInModule`). */
export function detectSettingsModule(rel: string, sf: ts.SourceFile): SettingsModule | undefined {
  return analyze(rel, sf)?.module;
}

/** The edits that declare the key in a settings module (none when it already does, undefined when it cannot). */
export function declareKeyInModule(rel: string, sf: ts.SourceFile, style: FileStyle): TextEdit[] | undefined {
  const a = analyze(rel, sf);
  if (!a) return undefined;
  if (a.module.declared) return [];
  return a.plan(style);
}

interface Analysis {
  module: SettingsModule;
  plan(style: FileStyle): TextEdit[] | undefined;
}

function analyze(rel: string, sf: ts.SourceFile): Analysis | undefined {
  if (!/process\.env|\bcreateEnv\b/.test(sf.text)) return undefined;
  const imports = importsOf(sf);
  const commonJs = isCommonJs(rel, sf);
  const declared = new RegExp(`\\b(${HELICONE_KEY_ENV}|helicone_?api_?key)\\b`, 'i').test(sf.text);
  const base = { file: rel, declared, commonJs };
  const candidates: Analysis[] = [];
  const visit = (n: ts.Node): void => {
    if (ts.isCallExpression(n)) {
      const found = t3Env(sf, n, imports) ?? envalid(sf, n, imports) ?? zod(sf, n, imports);
      if (found) {
        const exported = exportOf(sf, n);
        if (exported)
          candidates.push({ module: { ...base, ...exported, library: found.library, keyProperty: found.keyProperty }, plan: found.plan });
      }
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  if (candidates.length) return candidates[0];
  // A plain object: an exported object literal that reads process.env.
  for (const o of exportedObjects(sf)) {
    const exported = exportOf(sf, o);
    if (!exported || !readsEnv(o.obj)) continue;
    const found = plainObject(sf, o);
    if (found) return { module: { ...base, ...exported, library: 'plain-object', keyProperty: found.keyProperty }, plan: found.plan };
  }
  return undefined;
}

interface Found {
  library: SettingsLibrary;
  keyProperty: string;
  plan(style: FileStyle): TextEdit[] | undefined;
}

// ---- the libraries -------------------------------------------------------------------------------------------------

/** `createEnv({ server: {...}, runtimeEnv: {...} })` of @t3-oss/env-nextjs / env-core / env-nuxt. */
function t3Env(sf: ts.SourceFile, call: ts.CallExpression, imports: ReturnType<typeof importsOf>): Found | undefined {
  const callee = call.expression;
  const binding = imports.find(
    (b) =>
      /^@t3-oss\/env-/.test(b.specifier) &&
      ((ts.isIdentifier(callee) && b.local === callee.text && b.imported === 'createEnv') ||
        (ts.isPropertyAccessExpression(callee) && callee.getText(sf) === `${b.local}.createEnv`)),
  );
  if (!binding) return undefined;
  const opts = call.arguments[0] && unwrap(call.arguments[0]);
  if (!opts || !ts.isObjectLiteralExpression(opts)) return undefined;
  const server = objectProperty(opts, 'server');
  if (!server) return undefined;
  const z = zodName(sf, server, imports);
  if (!z) return undefined;
  const runtime = objectProperty(opts, 'runtimeEnvStrict') ?? objectProperty(opts, 'runtimeEnv');
  return {
    library: 't3-env',
    keyProperty: HELICONE_KEY_ENV,
    plan: (style) => {
      const plans = [appendTo(server, prop(HELICONE_KEY_ENV, text(`${z}.string().optional()`)))];
      // `runtimeEnv: process.env` (env-core) and `experimental__runtimeEnv` (server variables need no entry) take none.
      if (runtime) plans.push(appendTo(runtime, prop(HELICONE_KEY_ENV, text(envRead(sf, HELICONE_KEY_ENV)))));
      return plans.flatMap((p) => renderPlan(sf, p, style));
    },
  };
}

/** `cleanEnv(process.env, {...})` of envalid. */
function envalid(sf: ts.SourceFile, call: ts.CallExpression, imports: ReturnType<typeof importsOf>): Found | undefined {
  const callee = call.expression;
  const fromEnvalid = imports.filter((b) => b.specifier === 'envalid');
  const direct =
    ts.isIdentifier(callee) && fromEnvalid.some((b) => b.kind === 'named' && b.imported === 'cleanEnv' && b.local === callee.text);
  const ns =
    ts.isPropertyAccessExpression(callee) &&
    callee.name.text === 'cleanEnv' &&
    fromEnvalid.find((b) => b.kind !== 'named' && callee.expression.getText(sf) === b.local);
  if (!direct && !ns) return undefined;
  const specArg = call.arguments[1];
  const spec = specArg && objectOf(sf, specArg);
  if (!spec) return undefined;
  // The `str` validator as the module names it; added to its named import when it has none.
  const str = fromEnvalid.find((b) => b.kind === 'named' && b.imported === 'str');
  const namespace = fromEnvalid.find((b) => b.kind !== 'named');
  const named = fromEnvalid.find((b) => b.kind === 'named' && ts.isImportDeclaration(b.statement));
  const validator = str ? str.local : namespace ? `${namespace.local}.str` : named && !usesName(sf, 'str') ? 'str' : undefined;
  if (!validator) return undefined;
  return {
    library: 'envalid',
    keyProperty: HELICONE_KEY_ENV,
    plan: (style) => {
      const edits = renderPlan(sf, appendTo(spec, prop(HELICONE_KEY_ENV, text(`${validator}({ default: undefined })`))), style);
      if (!str && !namespace) {
        const add = addNamedImport(sf, named!.statement as ts.ImportDeclaration, 'str');
        if (!add) return undefined;
        edits.push(add);
      }
      return edits;
    },
  };
}

/** `schema.parse(process.env)` / `safeParse` where the schema is `z.object({...})` (inline or a const of the file). */
function zod(sf: ts.SourceFile, call: ts.CallExpression, imports: ReturnType<typeof importsOf>): Found | undefined {
  const callee = call.expression;
  if (!ts.isPropertyAccessExpression(callee) || !/^(parse|safeParse|parseAsync|safeParseAsync)$/.test(callee.name.text)) return undefined;
  const arg = call.arguments[0] && unwrap(call.arguments[0]);
  if (!arg) return undefined;
  const schema = zodObject(sf, callee.expression, imports);
  if (!schema) return undefined;
  const env = arg.getText(sf).replace(/\s+/g, '');
  if (env === 'process.env' || env === '{...process.env}') {
    return {
      library: 'zod',
      keyProperty: HELICONE_KEY_ENV,
      plan: (style) => renderPlan(sf, appendTo(schema.obj, prop(HELICONE_KEY_ENV, text(`${schema.z}.string().optional()`))), style),
    };
  }
  // `schema.parse({ openaiKey: process.env.OPENAI_API_KEY })`: the entry goes into both objects.
  if (ts.isObjectLiteralExpression(arg) && readsEnv(arg)) {
    const key = keyNameLike(arg);
    return {
      library: 'zod',
      keyProperty: key,
      plan: (style) => [
        ...renderPlan(sf, appendTo(schema.obj, prop(key, text(`${schema.z}.string().optional()`))), style),
        ...renderPlan(sf, appendTo(arg, prop(key, text(envRead(sf, HELICONE_KEY_ENV)))), style),
      ],
    };
  }
  return undefined;
}

/** `z.object({...})` (optionally `.passthrough()` / `.loose()` / `.strip()`), directly or through a const of the file. */
function zodObject(
  sf: ts.SourceFile,
  e: ts.Expression,
  imports: ReturnType<typeof importsOf>,
  depth = 0,
): { obj: ts.ObjectLiteralExpression; z: string } | undefined {
  e = unwrap(e);
  if (depth > 4) return undefined;
  if (ts.isIdentifier(e)) {
    const init = constInit(sf, e.text);
    return init ? zodObject(sf, init, imports, depth + 1) : undefined;
  }
  if (!ts.isCallExpression(e) || !ts.isPropertyAccessExpression(e.expression)) return undefined;
  const method = e.expression.name.text;
  if (/^(passthrough|loose|strip)$/.test(method) && !e.arguments.length) return zodObject(sf, e.expression.expression, imports, depth + 1);
  if (method !== 'object') return undefined;
  const z = e.expression.expression;
  if (
    !ts.isIdentifier(z) ||
    !imports.some((b) => /^zod(\/v[34]|\/mini)?$/.test(b.specifier) && b.local === z.text && b.specifier !== 'zod/mini')
  )
    return undefined;
  const obj = e.arguments[0] && objectOf(sf, e.arguments[0]);
  return obj ? { obj, z: z.text } : undefined;
}

/** The local name of zod in a module, read from the schema's entries (`z.string()`), when it is imported from zod. */
function zodName(sf: ts.SourceFile, schema: ts.ObjectLiteralExpression, imports: ReturnType<typeof importsOf>): string | undefined {
  const zods = imports.filter((b) => /^zod(\/v[34])?$/.test(b.specifier));
  for (const p of schema.properties) {
    if (!ts.isPropertyAssignment(p)) continue;
    let e: ts.Expression = p.initializer;
    while (ts.isCallExpression(e) || ts.isPropertyAccessExpression(e)) e = e.expression;
    if (ts.isIdentifier(e) && zods.some((b) => b.local === e.getText(sf))) return e.getText(sf);
  }
  return zods.length === 1 && !schema.properties.length ? zods[0]!.local : undefined;
}

/** A plain object: the key as a property in the object's own naming, typed where the object's type is declared. */
function plainObject(sf: ts.SourceFile, o: ExportedObject): Found | undefined {
  const key = keyNameLike(o.obj);
  const type = o.type && typeMembers(sf, o.type);
  if (o.type && !type) return undefined;
  return {
    library: 'plain-object',
    keyProperty: key,
    plan: (style) => {
      const edits = renderPlan(sf, appendTo(o.obj, prop(key, text(envRead(sf, HELICONE_KEY_ENV)))), style);
      if (type) {
        const member = addMember(sf, type, `${key}?: ${optionalStringType(sf, type, o.obj)}`);
        if (!member) return undefined;
        edits.push(member);
      }
      return edits;
    },
  };
}

// ---- exports -------------------------------------------------------------------------------------------------------

/** How the value that contains `node` leaves the module, and its name in the module. */
function exportOf(sf: ts.SourceFile, node: ts.Node | ExportedObject): Pick<SettingsModule, 'exported' | 'localName'> | undefined {
  const target = 'obj' in node ? node.obj : node;
  const contains = (e: ts.Node | undefined) => !!e && target.pos >= e.pos && target.end <= e.end;
  // Names whose value is the settings object: the declaration that holds it, and one hop (`env = parsed.data`).
  const holders = new Set<string>();
  for (let round = 0; round < 2; round++) {
    for (const st of sf.statements) {
      if (!ts.isVariableStatement(st)) continue;
      for (const d of st.declarationList.declarations) {
        if (!ts.isIdentifier(d.name) || !d.initializer) continue;
        const init = unwrap(d.initializer);
        const hop = ts.isIdentifier(init)
          ? init.text
          : ts.isPropertyAccessExpression(init) && ts.isIdentifier(init.expression) && init.name.text === 'data'
            ? init.expression.text
            : undefined;
        if (contains(init) || (hop && holders.has(hop))) holders.add(d.name.text);
      }
    }
  }
  const fileStem = path.posix.basename(sf.fileName).replace(/\.[^.]+$/, '');
  const defaultName =
    /^[A-Za-z_$][\w$]*$/.test(fileStem) && fileStem !== 'index'
      ? fileStem
      : path.posix.basename(path.posix.dirname(sf.fileName)) || 'config';
  // The last holder is the one exported (`const parsed = …; export const env = parsed.data`).
  const ordered = [...holders];
  for (const st of sf.statements) {
    if (ts.isVariableStatement(st) && hasExportModifier(st)) {
      for (const d of st.declarationList.declarations) {
        if (
          ts.isIdentifier(d.name) &&
          holders.has(d.name.text) &&
          (d.name.text === ordered[ordered.length - 1] || contains(d.initializer))
        ) {
          return { exported: { kind: 'named', name: d.name.text }, localName: d.name.text };
        }
      }
    }
    if (ts.isExportDeclaration(st) && !st.moduleSpecifier && st.exportClause && ts.isNamedExports(st.exportClause)) {
      for (const el of st.exportClause.elements) {
        if (holders.has((el.propertyName ?? el.name).text)) {
          return el.name.text === 'default'
            ? { exported: { kind: 'default' }, localName: (el.propertyName ?? el.name).text }
            : { exported: { kind: 'named', name: el.name.text }, localName: el.name.text };
        }
      }
    }
    if (ts.isExportAssignment(st) && !st.isExportEquals) {
      const e = unwrap(st.expression);
      if (contains(e)) return { exported: { kind: 'default' }, localName: defaultName };
      if (ts.isIdentifier(e) && holders.has(e.text)) return { exported: { kind: 'default' }, localName: e.text };
    }
    if (
      ts.isExpressionStatement(st) &&
      ts.isBinaryExpression(st.expression) &&
      st.expression.operatorToken.kind === ts.SyntaxKind.EqualsToken
    ) {
      const left = st.expression.left.getText(sf).replace(/\s+/g, '');
      const right = unwrap(st.expression.right);
      if (left === 'module.exports') {
        if (contains(right) && !ts.isObjectLiteralExpression(right)) return { exported: { kind: 'commonjs' }, localName: defaultName };
        if (ts.isObjectLiteralExpression(right) && right === target) return { exported: { kind: 'commonjs' }, localName: defaultName };
        if (ts.isIdentifier(right) && holders.has(right.text)) return { exported: { kind: 'commonjs' }, localName: right.text };
        if (ts.isObjectLiteralExpression(right)) {
          for (const p of right.properties) {
            if (ts.isShorthandPropertyAssignment(p) && holders.has(p.name.text))
              return { exported: { kind: 'named', name: p.name.text }, localName: p.name.text };
          }
        }
      }
      const m = /^(?:module\.)?exports\.([A-Za-z_$][\w$]*)$/.exec(left);
      if (m && (contains(right) || (ts.isIdentifier(right) && holders.has(right.text))))
        return { exported: { kind: 'named', name: m[1]! }, localName: m[1]! };
    }
  }
  return undefined;
}

interface ExportedObject {
  obj: ts.ObjectLiteralExpression;
  /** The type the object is declared with (`const config: Config = {...}`, `{...} satisfies Config`). */
  type?: ts.TypeNode;
}

/** Top-level object literals that a module exports (directly, through a const, or frozen). */
function exportedObjects(sf: ts.SourceFile): ExportedObject[] {
  const out: ExportedObject[] = [];
  const objectIn = (e: ts.Expression, type?: ts.TypeNode) => {
    let x = e;
    for (;;) {
      if (ts.isSatisfiesExpression(x)) {
        type ??= x.type;
        x = x.expression;
      } else if (ts.isParenthesizedExpression(x) || ts.isAsExpression(x)) x = x.expression;
      else if (ts.isCallExpression(x) && x.expression.getText(sf) === 'Object.freeze' && x.arguments.length === 1) x = x.arguments[0]!;
      else break;
    }
    if (ts.isObjectLiteralExpression(x)) out.push({ obj: x, ...(type ? { type } : {}) });
  };
  for (const st of sf.statements) {
    if (ts.isVariableStatement(st)) {
      for (const d of st.declarationList.declarations) if (d.initializer) objectIn(d.initializer, d.type);
    } else if (ts.isExportAssignment(st)) objectIn(st.expression);
    else if (
      ts.isExpressionStatement(st) &&
      ts.isBinaryExpression(st.expression) &&
      st.expression.operatorToken.kind === ts.SyntaxKind.EqualsToken
    )
      objectIn(st.expression.right);
  }
  return out;
}

/** The members of a type the module declares itself (an inline type literal, or a local interface / type alias). */
function typeMembers(sf: ts.SourceFile, type: ts.TypeNode): ts.InterfaceDeclaration | ts.TypeLiteralNode | undefined {
  if (ts.isTypeLiteralNode(type)) return type;
  if (!ts.isTypeReferenceNode(type) || !ts.isIdentifier(type.typeName) || type.typeArguments) return undefined;
  const name = type.typeName.text;
  for (const st of sf.statements) {
    if (ts.isInterfaceDeclaration(st) && st.name.text === name && !st.heritageClauses) return st;
    if (ts.isTypeAliasDeclaration(st) && st.name.text === name && ts.isTypeLiteralNode(st.type)) return st.type;
  }
  return undefined;
}

/**
 * `string`, as an optional member that the object sets from process.env is typed in the declaration already; else
 * `string | undefined`, which `exactOptionalPropertyTypes` needs for a value that may be undefined.
 */
function optionalStringType(sf: ts.SourceFile, decl: ts.InterfaceDeclaration | ts.TypeLiteralNode, o: ts.ObjectLiteralExpression): string {
  const bare = new Set(
    o.properties.flatMap((p) =>
      ts.isPropertyAssignment(p) && /^process\.env(\.\w+|\[[^\]]+\])$/.test(p.initializer.getText(sf).replace(/\s+/g, ''))
        ? [p.name.getText(sf)]
        : [],
    ),
  );
  const plain = decl.members.some(
    (m) => ts.isPropertySignature(m) && m.questionToken && m.type?.getText(sf) === 'string' && bare.has(m.name.getText(sf)),
  );
  return plain ? 'string' : 'string | undefined';
}

/** `name?: string` after the last member of an interface or type literal, in its separator and layout. */
function addMember(sf: ts.SourceFile, decl: ts.InterfaceDeclaration | ts.TypeLiteralNode, member: string): TextEdit | undefined {
  const members = decl.members;
  const last = members[members.length - 1];
  if (!last) return undefined;
  const t = sf.text;
  const lastText = last.getText(sf);
  // The members' own separator (`;`, `,`, or none when each stands on its line).
  const sep = /[;,]$/.test(lastText) ? lastText.slice(-1) : '';
  const lineOf = (p: number) => sf.getLineAndCharacterOfPosition(p).line;
  if (lineOf(members[0]!.getStart(sf)) === lineOf(decl.getStart(sf))) {
    // `{ a: string; b: string }` on one line.
    return { start: last.end, end: last.end, text: sep ? ` ${member}${sep}` : `; ${member}` };
  }
  const indent = /^[ \t]*/.exec(t.slice(t.lastIndexOf('\n', last.getStart(sf) - 1) + 1))![0];
  return { start: last.end, end: last.end, text: `\n${indent}${member}${sep}` };
}

// ---- helpers -------------------------------------------------------------------------------------------------------

function appendTo(o: ts.ObjectLiteralExpression, entry: Code): ObjPlan {
  const plan = emptyPlan(o);
  plan.append.push(entry);
  return plan;
}

function objectProperty(o: ts.ObjectLiteralExpression, name: string): ts.ObjectLiteralExpression | undefined {
  for (const p of o.properties) {
    if (ts.isPropertyAssignment(p) && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) && p.name.text === name) {
      const v = unwrap(p.initializer);
      return ts.isObjectLiteralExpression(v) ? v : undefined;
    }
  }
  return undefined;
}

/** An object literal, inline or a const of the module. */
function objectOf(sf: ts.SourceFile, e: ts.Expression): ts.ObjectLiteralExpression | undefined {
  const x = unwrap(e);
  if (ts.isObjectLiteralExpression(x)) return x;
  if (ts.isIdentifier(x)) {
    const init = constInit(sf, x.text);
    const v = init && unwrap(init);
    return v && ts.isObjectLiteralExpression(v) ? v : undefined;
  }
  return undefined;
}

function constInit(sf: ts.SourceFile, name: string): ts.Expression | undefined {
  for (const st of sf.statements) {
    if (!ts.isVariableStatement(st) || !(st.declarationList.flags & ts.NodeFlags.Const)) continue;
    for (const d of st.declarationList.declarations) if (ts.isIdentifier(d.name) && d.name.text === name) return d.initializer;
  }
  return undefined;
}

/** True when a property value of the object (at any depth) reads process.env. */
function readsEnv(o: ts.ObjectLiteralExpression): boolean {
  let found = false;
  const visit = (n: ts.Node): void => {
    if (found) return;
    if (
      (ts.isPropertyAccessExpression(n) || ts.isElementAccessExpression(n)) &&
      n.expression.getText().replace(/\s+/g, '') === 'process.env'
    )
      found = true;
    else ts.forEachChild(n, visit);
  };
  visit(o);
  return found;
}

/** How the module reads an environment variable: `process.env.X`, or `process.env['X']` when it writes that. */
function envRead(sf: ts.SourceFile, name: string): string {
  const dotted = (sf.text.match(/process\.env\.[A-Z_]/g) ?? []).length;
  const indexed = (sf.text.match(/process\.env\[\s*["']/g) ?? []).length;
  if (indexed > dotted) {
    const q = /process\.env\[\s*"/.test(sf.text) ? '"' : "'";
    return `process.env[${q}${name}${q}]`;
  }
  return `process.env.${name}`;
}

/** `HELICONE_API_KEY`, `helicone_api_key` or `heliconeApiKey`, as the object names its other entries. */
function keyNameLike(o: ts.ObjectLiteralExpression): string {
  const names = o.properties.flatMap((p) => (p.name && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) ? [p.name.text] : []));
  if (names.length && names.every((n) => /^[A-Z][A-Z0-9_]*$/.test(n))) return HELICONE_KEY_ENV;
  if (names.some((n) => /^[a-z][a-z0-9]*(_[a-z0-9]+)+$/.test(n)) && !names.some((n) => /[a-z][A-Z]/.test(n))) return 'helicone_api_key';
  return 'heliconeApiKey';
}

// ---- reading the key from a client file -------------------------------------------------------------------------

export interface SettingsReader {
  resolver: ModuleResolver;
  /** The module specifiers other files use for each module, by module file. */
  specifiersOf(moduleFile: string): { from: string; specifier: string }[];
  /** How the repository writes relative specifiers when a file shows no habit. */
  repoHabit: SpecifierHabit;
}

export interface KeyRead {
  /** The expression that reads the key (`env.HELICONE_API_KEY`). */
  expr: string;
  /** Edits of the client file: the import of the settings module when it has none. */
  edits: TextEdit[];
  module: SettingsModule;
}

/**
 * How a client file reads the key from a settings module: through the binding it already imports, or through an
 * import added in the repository's specifier style. Undefined when the file cannot (it is the module itself, the
 * import would clash with one of its names, a CommonJS file would require an ES module).
 */
export function keyReadFrom(
  rel: string,
  sf: ts.SourceFile,
  style: FileStyle,
  module: SettingsModule,
  reader: SettingsReader,
): KeyRead | undefined {
  if (rel === module.file) return undefined;
  const { resolver } = reader;
  const bindings = importsOf(sf).filter((b) => resolver.resolve(rel, b.specifier) === module.file);
  const ex = module.exported;
  const read = (obj: string): KeyRead => ({ expr: `${obj}.${module.keyProperty}`, edits: [], module });
  for (const b of bindings) {
    if (ex.kind === 'named' && b.kind === 'named' && b.imported === ex.name) return read(b.local);
    if (ex.kind === 'named' && (b.kind === 'namespace' || b.kind === 'whole')) return read(`${b.local}.${ex.name}`);
    if (ex.kind !== 'named' && b.kind === 'default') return read(b.local);
    if (ex.kind === 'commonjs' && b.kind === 'whole') return read(b.local);
    if (ex.kind === 'default' && (b.kind === 'namespace' || (b.kind === 'whole' && !module.commonJs))) return read(`${b.local}.default`);
  }
  const cjs = isCommonJs(rel, sf);
  if (cjs && !module.commonJs) return undefined;
  const local = ex.kind === 'named' ? ex.name : module.localName;
  if (usesName(sf, local)) return undefined;
  // A named import from the module that lacks this name gets it.
  const named = bindings.find((b) => b.kind === 'named' && ts.isImportDeclaration(b.statement));
  if (ex.kind === 'named' && named) {
    const add = addNamedImport(sf, named.statement as ts.ImportDeclaration, local);
    if (add) return { ...read(local), edits: [add] };
  }
  const q = style.quote;
  const spec = `${q}${specifierTo(rel, sf, module.file, reader)}${q}`;
  const pad = style.bracketSpacing ? ' ' : '';
  const binding = ex.kind === 'named' ? `{${pad}${local}${pad}}` : local;
  const code = cjs ? `const ${binding} = require(${spec})` : `import ${binding} from ${spec}`;
  return { ...read(local), edits: [insertAfterImports(sf, statement(code, style))] };
}

/** The specifier of `target` from `rel`: an alias other files use for it when the file writes aliases, else relative. */
function specifierTo(rel: string, sf: ts.SourceFile, target: string, reader: SettingsReader): string {
  const others = reader.specifiersOf(target);
  const own = specifierHabit(rel, sf, reader.resolver);
  const aliasUsed = others.find((o) => !o.specifier.startsWith('.'));
  const habit: SpecifierHabit = own ?? {
    alias: !!aliasUsed && others.filter((o) => !o.specifier.startsWith('.')).length >= others.length / 2,
    ext: extOf(others.filter((o) => o.specifier.startsWith('.')).map((o) => o.specifier)) ?? reader.repoHabit.ext,
  };
  if (habit.alias && aliasUsed && reader.resolver.resolve(rel, aliasUsed.specifier) === target) return aliasUsed.specifier;
  return specifierFor(rel, target, habit, reader.resolver);
}

export function extOf(specifiers: string[]): SpecifierHabit['ext'] | undefined {
  if (!specifiers.length) return undefined;
  const js = specifiers.filter((s) => /\.(m|c)?js$/.test(s)).length;
  const tsx = specifiers.filter((s) => /\.(m|c)?tsx?$/.test(s)).length;
  return js > specifiers.length / 2 ? 'js' : tsx > specifiers.length / 2 ? 'ts' : 'none';
}

// ---- Next.js -------------------------------------------------------------------------------------------------------

const PROVIDER_KEY_RE = /^(OPENAI|ANTHROPIC|AZURE_OPENAI|GROQ|TOGETHER|OPENROUTER|MISTRAL|DEEPSEEK|FIREWORKS|XAI|PERPLEXITY)_API_KEY$/;

/**
 * next.config's `env` (values Next.js inlines into `process.env.X` at build time): the key beside the provider keys
 * it already lists, so the code keeps reading `process.env.HELICONE_API_KEY`. Undefined when there is nothing to do.
 */
export function declareInNextConfig(sf: ts.SourceFile, style: FileStyle): TextEdit[] | undefined {
  if (new RegExp(`\\b${HELICONE_KEY_ENV}\\b`).test(sf.text)) return undefined;
  let env: ts.ObjectLiteralExpression | undefined;
  const visit = (n: ts.Node): void => {
    if (env) return;
    if (
      ts.isPropertyAssignment(n) &&
      (ts.isIdentifier(n.name) || ts.isStringLiteral(n.name)) &&
      n.name.text === 'env' &&
      ts.isObjectLiteralExpression(unwrap(n.initializer))
    ) {
      const o = unwrap(n.initializer) as ts.ObjectLiteralExpression;
      const names = o.properties.flatMap((p) => (p.name && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) ? [p.name.text] : []));
      if (names.some((x) => PROVIDER_KEY_RE.test(x))) env = o;
    } else ts.forEachChild(n, visit);
  };
  visit(sf);
  if (!env) return undefined;
  return renderPlan(sf, appendTo(env, prop(HELICONE_KEY_ENV, text(envRead(sf, HELICONE_KEY_ENV)))), style);
}
