/**
 * The OpenAI Agents SDK (`@openai/agents`): an app that runs agents with the SDK's default client (`run(agent, …)`,
 * `new Runner()`, no `setDefaultOpenAIClient` anywhere) builds no OpenAI client the codemod could rewrite. Each
 * module that runs agents gets, after its imports, the SDK's own way to choose the client, guarded by the key:
 *
 *   if (process.env.HELICONE_API_KEY) {
 *     setDefaultOpenAIClient(new OpenAI({ baseURL: 'https://oai.helicone.ai/v1', defaultHeaders: { … } }));
 *   }
 *
 * Without the key nothing runs, so the SDK builds its default client as before. (The SDK's OpenAIProvider uses the
 * default client only when it is given no apiKey, baseURL, organization or project; such a provider, an app that
 * sets its key with setDefaultOpenAIKey, or one without `openai` among its dependencies is left alone with a
 * reason.) Clients the app hands the SDK itself (`setDefaultOpenAIClient(new OpenAI(...))`,
 * `new OpenAIChatCompletionsModel(new OpenAI(...), model)`) are ordinary client sites, reported as `openai-agents`.
 */
import ts from 'typescript';
import type { RoutingMode } from '../../../shared/types';
import type { TextEdit } from './apply-edits';
import type { FileStyle } from './file-style';
import { HELICONE_BASE_URL } from './helicone-targets';
import { forms } from './js-forms';
import { addNamedImport, importsOf, insertAfterImports, isCommonJs, statement, usesName } from './js-imports';
import { args, obj, print, prop, width, type Code } from './js-layout';

export const AGENTS_LIBRARY = 'openai-agents';
const AGENTS_MODULE_RE = /^@openai\/agents(-openai)?$/;

/** What one module does with the Agents SDK. */
export interface AgentsUsage {
  /** Lines of `run(...)` / `new Runner(...)` calls. */
  runs: number[];
  setsClient: boolean;
  setsKey: boolean;
  /** Lines of `new OpenAIProvider({...})` given their own client options (the default client does not apply). */
  ownProviders: number[];
}

export function agentsUsage(sf: ts.SourceFile): AgentsUsage | undefined {
  const bindings = importsOf(sf).filter((b) => AGENTS_MODULE_RE.test(b.specifier) || b.specifier === '@openai/agents-core');
  if (!bindings.length) return undefined;
  const named = (name: string) => bindings.filter((b) => b.kind === 'named' && b.imported === name).map((b) => b.local);
  const namespaces = bindings.filter((b) => b.kind !== 'named').map((b) => b.local);
  const is = (e: ts.Expression, name: string) =>
    (ts.isIdentifier(e) && named(name).includes(e.text)) ||
    (ts.isPropertyAccessExpression(e) && e.name.text === name && namespaces.includes(e.expression.getText(sf)));
  const usage: AgentsUsage = { runs: [], setsClient: false, setsKey: false, ownProviders: [] };
  const line = (n: ts.Node) => sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1;
  const visit = (n: ts.Node): void => {
    if (ts.isCallExpression(n)) {
      if (is(n.expression, 'run')) usage.runs.push(line(n));
      if (is(n.expression, 'setDefaultOpenAIClient')) usage.setsClient = true;
      if (is(n.expression, 'setDefaultOpenAIKey')) usage.setsKey = true;
    }
    if (ts.isNewExpression(n)) {
      if (is(n.expression, 'Runner')) usage.runs.push(line(n));
      const opts = n.arguments?.[0];
      if (
        is(n.expression, 'OpenAIProvider') &&
        opts &&
        ts.isObjectLiteralExpression(opts) &&
        opts.properties.some((p) => /^(apiKey|baseURL|organization|project)$/.test(p.name?.getText(sf) ?? ''))
      ) {
        usage.ownProviders.push(line(n));
      }
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return usage;
}

/**
 * The guarded `setDefaultOpenAIClient(new OpenAI(...))` after the imports of a module that runs agents, with the
 * imports it needs; or why the module cannot have it.
 */
export function planDefaultClient(
  sf: ts.SourceFile,
  rel: string,
  style: FileStyle,
  routing: RoutingMode,
  keyRead?: string,
): { edits: TextEdit[] } | { reason: string } {
  if (isCommonJs(rel, sf)) return { reason: 'a CommonJS module: the Agents SDK default client is set in ES modules only by the codemod' };
  const f = forms(style, routing, keyRead);
  const imports = importsOf(sf);
  const edits: TextEdit[] = [];
  // `OpenAI` from the openai package, imported when the module has no binding for it.
  let openai = imports.find(
    (b) => b.specifier === 'openai' && (b.kind === 'default' || (b.kind === 'named' && b.imported === 'OpenAI')),
  )?.local;
  const newImports: string[] = [];
  const q = style.quote;
  if (!openai) {
    if (usesName(sf, 'OpenAI')) return { reason: 'the module already uses the name `OpenAI` for something else' };
    openai = 'OpenAI';
    newImports.push(statement(`import OpenAI from ${q}openai${q}`, style));
  }
  const agents = imports.filter((b) => AGENTS_MODULE_RE.test(b.specifier));
  let setter = agents.find((b) => b.kind === 'named' && b.imported === 'setDefaultOpenAIClient')?.local;
  if (!setter) {
    const ns = agents.find((b) => b.kind === 'namespace' || b.kind === 'default');
    const named = agents.find((b) => b.kind === 'named' && ts.isImportDeclaration(b.statement));
    if (ns) setter = `${ns.local}.setDefaultOpenAIClient`;
    else if (named && !usesName(sf, 'setDefaultOpenAIClient')) {
      const add = addNamedImport(sf, named.statement as ts.ImportDeclaration, 'setDefaultOpenAIClient');
      if (!add) return { reason: 'the import of @openai/agents cannot take another name' };
      edits.push(add);
      setter = 'setDefaultOpenAIClient';
    } else return { reason: 'no ES import of @openai/agents to add setDefaultOpenAIClient to' };
  }
  const options: Code[] = [prop('baseURL', f.str(HELICONE_BASE_URL.openai)), prop('defaultHeaders', obj([f.auth.code]))];
  const client: Code = { k: 'call', callee: `new ${openai}`, args: args([obj(options)]) };
  const call: Code = { k: 'call', callee: setter, args: args([client]) };
  const ind = style.indentUnit;
  const body = (indent: string) => print(call, { indent, col: width(indent, style), suffix: style.semi ? 1 : 0 }, style);
  const code = f.optional ? `if (${f.test}) {\n${ind}${statement(body(ind), style)}\n}` : statement(body(''), style);
  // The guard follows the imports, apart from them by a blank line; a new package import follows the package imports.
  const at = insertAfterImports(sf, '').start;
  const packages = sf.statements.filter(
    (st): st is ts.ImportDeclaration =>
      ts.isImportDeclaration(st) && ts.isStringLiteral(st.moduleSpecifier) && !/^[.~@#]\/|^\.\.?$|^[~#]/.test(st.moduleSpecifier.text),
  );
  const lastPackage = packages[packages.length - 1];
  const importAt = lastPackage ? Math.min(at, lineEnd(sf.text, lastPackage.end)) : at;
  const imported = newImports.map((i) => `\n${i}`).join('');
  if (importAt !== at && imported) edits.push({ start: importAt, end: importAt, text: imported });
  edits.push({ start: at, end: at, text: `${importAt === at ? imported : ''}\n\n${code}` });
  return { edits };
}

function lineEnd(t: string, pos: number): number {
  const nl = t.indexOf('\n', pos);
  return nl === -1 ? t.length : nl;
}
