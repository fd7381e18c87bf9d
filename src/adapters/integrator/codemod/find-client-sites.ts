/**
 * Finds LLM client constructions in a JS/TS file with the TypeScript parser: `new OpenAI(...)`, `new Anthropic()`,
 * `createOpenAI({...})`, `new ChatOpenAI({...})` and the rest of the catalog. A name counts only when its import
 * resolves to the package in the catalog, and the package decides how the client is rewritten.
 */
import ts from 'typescript';
import { JS_CLIENTS, agentsOpenai, type ClientKind } from './client-catalog';

export interface FoundSite {
  node: ts.NewExpression | ts.CallExpression;
  kind: ClientKind;
  line: number;
}

/** What an imported binding refers to: a module's default export, its namespace, or one named export. */
type Binding = { module: string; kind: 'default' | 'namespace' | 'named'; name?: string };

const SDK_CLASSES = JS_CLIENTS;

export function scriptKindFor(file: string): ts.ScriptKind {
  if (/\.tsx$/i.test(file)) return ts.ScriptKind.TSX;
  if (/\.(jsx)$/i.test(file)) return ts.ScriptKind.JSX;
  if (/\.(js|mjs|cjs)$/i.test(file)) return ts.ScriptKind.JS;
  return ts.ScriptKind.TS;
}

export function parse(file: string, text: string): ts.SourceFile {
  return ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, scriptKindFor(file));
}

/** Syntax errors of a parsed file (the parser keeps them on the source file). */
export function parseErrors(sf: ts.SourceFile): readonly ts.Diagnostic[] {
  return (sf as unknown as { parseDiagnostics?: ts.Diagnostic[] }).parseDiagnostics ?? [];
}

export function findClientSites(sf: ts.SourceFile): FoundSite[] {
  const bindings = collectBindings(sf);
  if (bindings.size === 0) return [];
  const sites: FoundSite[] = [];
  const agents = importsAgentsSdk(sf);
  const visit = (node: ts.Node) => {
    if (ts.isNewExpression(node) || ts.isCallExpression(node)) {
      const resolved = resolveClass(node.expression, bindings);
      const kind = resolved?.library === 'openai' && agents && isGivenToAgentsSdk(node) ? agentsOpenai : resolved;
      if (kind && kind.call === (ts.isNewExpression(node) ? 'new' : 'call')) {
        sites.push({ node, kind, line: sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1 });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return sites;
}

/** The file imports the OpenAI Agents SDK (`@openai/agents`, `@openai/agents-openai`, ...). */
function importsAgentsSdk(sf: ts.SourceFile): boolean {
  return (
    sf.statements.some(
      (s) =>
        ts.isImportDeclaration(s) &&
        ts.isStringLiteral(s.moduleSpecifier) &&
        /^@openai\/agents(-openai|-core)?$/.test(s.moduleSpecifier.text),
    ) || /require\(\s*["']@openai\/agents/.test(sf.text)
  );
}

/** Agents SDK entry points that take an OpenAI client, by the argument position or option that holds it. */
const AGENTS_CLIENT_CALLS = new Set([
  'setDefaultOpenAIClient',
  'OpenAIChatCompletionsModel',
  'OpenAIResponsesModel',
  'OpenAIResponsesWSModel',
]);

/** `setDefaultOpenAIClient(new OpenAI())`, `new OpenAIChatCompletionsModel(new OpenAI(), m)`, `new OpenAIProvider({ openAIClient: new OpenAI() })`. */
function isGivenToAgentsSdk(node: ts.Node): boolean {
  const calleeName = (e: ts.Expression) => (ts.isIdentifier(e) ? e.text : ts.isPropertyAccessExpression(e) ? e.name.text : undefined);
  const p = node.parent;
  if ((ts.isCallExpression(p) || ts.isNewExpression(p)) && p.arguments?.[0] === node)
    return AGENTS_CLIENT_CALLS.has(calleeName(p.expression) ?? '');
  if (ts.isPropertyAssignment(p) && p.initializer === node && p.name.getText() === 'openAIClient') {
    const call = p.parent.parent;
    return ts.isNewExpression(call) && calleeName(call.expression) === 'OpenAIProvider';
  }
  return false;
}

function resolveClass(expr: ts.Expression, bindings: Map<string, Binding>): ClientKind | undefined {
  if (ts.isIdentifier(expr)) {
    const b = bindings.get(expr.text);
    if (!b) return undefined;
    const classes = SDK_CLASSES[b.module]!;
    // A CommonJS `const OpenAI = require('openai')` is the class itself, like a default import.
    if (b.kind === 'default' || b.kind === 'namespace') return b.kind === 'default' ? classes.default : undefined;
    return b.name ? classes[b.name] : undefined;
  }
  if (ts.isPropertyAccessExpression(expr) && ts.isIdentifier(expr.expression)) {
    const b = bindings.get(expr.expression.text);
    if (!b || b.kind === 'named') return undefined;
    const member = expr.name.text;
    return SDK_CLASSES[b.module]![member === 'default' ? 'default' : member];
  }
  return undefined;
}

function collectBindings(sf: ts.SourceFile): Map<string, Binding> {
  const bindings = new Map<string, Binding>();
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier) && !node.importClause?.isTypeOnly) {
      const module = node.moduleSpecifier.text;
      const clause = node.importClause;
      if (SDK_CLASSES[module] && clause) {
        if (clause.name) bindings.set(clause.name.text, { module, kind: 'default' });
        const nb = clause.namedBindings;
        if (nb && ts.isNamespaceImport(nb)) bindings.set(nb.name.text, { module, kind: 'namespace' });
        if (nb && ts.isNamedImports(nb)) {
          for (const el of nb.elements) {
            if (el.isTypeOnly) continue;
            const imported = (el.propertyName ?? el.name).text;
            bindings.set(el.name.text, imported === 'default' ? { module, kind: 'default' } : { module, kind: 'named', name: imported });
          }
        }
      }
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      const ref = node.moduleReference.expression;
      if (ts.isStringLiteral(ref) && SDK_CLASSES[ref.text]) bindings.set(node.name.text, { module: ref.text, kind: 'default' });
    } else if (ts.isVariableDeclaration(node) && node.initializer) {
      const module = requiredModule(node.initializer);
      if (module && SDK_CLASSES[module]) {
        if (ts.isIdentifier(node.name)) bindings.set(node.name.text, { module, kind: 'default' });
        else if (ts.isObjectBindingPattern(node.name)) {
          for (const el of node.name.elements) {
            if (!ts.isIdentifier(el.name)) continue;
            const imported = el.propertyName && ts.isIdentifier(el.propertyName) ? el.propertyName.text : el.name.text;
            bindings.set(el.name.text, imported === 'default' ? { module, kind: 'default' } : { module, kind: 'named', name: imported });
          }
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return bindings;
}

/** `require('x')` or `require('x').default` → 'x'. */
function requiredModule(expr: ts.Expression): string | undefined {
  let e = expr;
  if (ts.isPropertyAccessExpression(e) && e.name.text === 'default') e = e.expression;
  if (ts.isCallExpression(e) && ts.isIdentifier(e.expression) && e.expression.text === 'require' && e.arguments.length === 1) {
    const arg = e.arguments[0]!;
    if (ts.isStringLiteral(arg)) return arg.text;
  }
  return undefined;
}
