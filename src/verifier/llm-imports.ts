/**
 * The verifier's own, broad detection of LLM SDK use, independent of the codemod's site finder: which names a file
 * imports from an SDK of llm-sdks, and every call or construction of them that can make a client or send a request
 * (`new OpenAI()`, `Agent(...)`, `genai.GenerativeModel(...)`, `openai.chat.completions.create(...)`). The caller
 * checks each use against the sites its judges covered; what is left is reported `unrecognized`, so traffic the
 * codemod does not know is named in the review PR instead of passing as "0 missed".
 */
import ts from 'typescript';
import type { SyntaxNode, Tree } from '@lezer/common';
import { children } from '../adapters/integrator/codemod/python/find-python-sites';
import { NOT_A_CLIENT, REQUEST_CALLS, sdkOf, type LlmSdk } from './llm-sdks';

export interface LlmImport {
  module: string;
  sdk: LlmSdk;
  line: number;
  /** The SDK names it binds ('' for a whole module, a star import or a bare require). */
  names?: string[];
}

/** One call or construction of an imported SDK name, with the lines it spans (a judged site lies inside). */
export interface LlmUse extends LlmImport {
  endLine: number;
  /** The call as written, for the reason a person reads. */
  callee: string;
}

export interface LlmUsage {
  imports: LlmImport[];
  uses: LlmUse[];
}

/** A local name bound to a module (path []) or to a path inside it (`from m import A` → ['A']). */
interface Binding {
  module: string;
  sdk: LlmSdk;
  path: string[];
  /** `import a.b` binds `a`; a call `a.b.X()` names `X` inside `a.b`. */
  strip?: string[];
}

/** Whether a call of `path` inside the SDK can build a client or send a request. */
function isUse(sdk: LlmSdk, path: string[], constructed: boolean): boolean {
  const last = path[path.length - 1];
  if (last !== undefined && NOT_A_CLIENT.test(last)) return false;
  if (constructed || sdk.instances) return true;
  // Classes (`OpenAI`, `Runner.run_sync`, `genai.GenerativeModel`), factories (`createOpenAI`), request functions.
  return path.some((p) => /^[A-Z]/.test(p)) || /^create[A-Z]/.test(path[0] ?? '') || (last !== undefined && REQUEST_CALLS.test(last));
}

export function jsLlmUsage(sf: ts.SourceFile): LlmUsage {
  const imports: LlmImport[] = [];
  const bindings = new Map<string, Binding>();
  const lineOf = (pos: number) => sf.getLineAndCharacterOfPosition(pos).line + 1;
  const bindFrom = (module: string, node: ts.Node, bind: (b: (local: string, path: string[]) => void) => void) => {
    const sdk = sdkOf(module, 'js');
    if (!sdk) return;
    const names: string[] = [];
    bind((local, path) => {
      bindings.set(local, { module, sdk, path });
      names.push(path[0] ?? '');
    });
    imports.push({ module, sdk, line: lineOf(node.getStart(sf)), names: names.length ? names : [''] });
  };
  const requireOf = (e: ts.Expression | undefined): string | undefined => {
    if (e && ts.isAwaitExpression(e)) e = e.expression;
    if (!e || !ts.isCallExpression(e) || e.arguments.length !== 1 || !ts.isStringLiteral(e.arguments[0]!)) return undefined;
    const callee = e.expression;
    return (ts.isIdentifier(callee) && callee.text === 'require') || callee.kind === ts.SyntaxKind.ImportKeyword
      ? e.arguments[0].text
      : undefined;
  };
  const collect = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier) && !node.importClause?.isTypeOnly) {
      const clause = node.importClause;
      bindFrom(node.moduleSpecifier.text, node, (bind) => {
        if (clause?.name) bind(clause.name.text, [clause.name.text]);
        const named = clause?.namedBindings;
        if (named && ts.isNamespaceImport(named)) bind(named.name.text, []);
        if (named && ts.isNamedImports(named))
          for (const e of named.elements) if (!e.isTypeOnly) bind(e.name.text, [(e.propertyName ?? e.name).text]);
      });
    } else if (ts.isVariableDeclaration(node) && requireOf(node.initializer)) {
      const name = node.name;
      bindFrom(requireOf(node.initializer)!, node, (bind) => {
        if (ts.isIdentifier(name)) bind(name.text, []);
        else if (ts.isObjectBindingPattern(name)) {
          for (const e of name.elements) {
            const key =
              e.propertyName && ts.isIdentifier(e.propertyName) ? e.propertyName.text : ts.isIdentifier(e.name) ? e.name.text : undefined;
            if (key && ts.isIdentifier(e.name)) bind(e.name.text, [key]);
          }
        }
      });
      return;
    } else if (ts.isCallExpression(node) && requireOf(node)) {
      // A bare `require('m')` / `import('m')` whose result is not bound to a name: the import alone is known.
      const module = requireOf(node)!;
      const sdk = sdkOf(module, 'js');
      if (sdk) imports.push({ module, sdk, line: lineOf(node.getStart(sf)) });
    }
    ts.forEachChild(node, collect);
  };
  collect(sf);
  const uses: LlmUse[] = [];
  const visit = (node: ts.Node) => {
    if ((ts.isNewExpression(node) || ts.isCallExpression(node)) && !requireOf(node as ts.Expression)) {
      const chain = dotted(node.expression);
      const b = chain && bindings.get(chain[0]!);
      if (b && chain && isUse(b.sdk, [...b.path, ...chain.slice(1)], ts.isNewExpression(node))) {
        uses.push({
          module: b.module,
          sdk: b.sdk,
          line: lineOf(node.getStart(sf)),
          endLine: lineOf(node.getEnd()),
          callee: chain.join('.'),
        });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return { imports, uses };
}

/** `a.b.c` as ['a', 'b', 'c']; undefined for anything else (a call result, an element access). */
function dotted(e: ts.Expression): string[] | undefined {
  if (ts.isIdentifier(e)) return [e.text];
  if (ts.isPropertyAccessExpression(e) && ts.isIdentifier(e.name)) {
    const left = dotted(e.expression);
    return left && [...left, e.name.text];
  }
  return undefined;
}

/**
 * The same for Python. `local` names the repository's own top-level modules: a project's `agents/` package is not
 * the OpenAI Agents SDK, and Python imports the local one first.
 */
export function pythonLlmUsage(text: string, tree: Tree, local: ReadonlySet<string> = new Set()): LlmUsage {
  const imports: LlmImport[] = [];
  const bindings = new Map<string, Binding>();
  const lineOf = (pos: number) => text.slice(0, pos).split('\n').length;
  const src = (n: SyntaxNode) => text.slice(n.from, n.to);
  const sdkFor = (module: string) => (local.has(module.split('.')[0]!) ? undefined : sdkOf(module, 'py'));
  const uses: LlmUse[] = [];
  tree.iterate({
    enter: (ref) => {
      if (ref.name === 'ImportStatement') {
        const parts = children(ref.node);
        if (parts[0]?.name === 'from') {
          const at = parts.findIndex((p) => p.name === 'import');
          const module = parts.slice(1, at).map(src).join('');
          const sdk = sdkFor(module);
          if (!sdk) return false;
          const bound: string[] = [];
          const names = parts.slice(at + 1).filter((p) => p.name === 'VariableName' || p.name === 'as' || p.name === ',');
          for (let i = 0; i < names.length; i++) {
            if (names[i]!.name !== 'VariableName') continue;
            const name = src(names[i]!);
            const alias = names[i + 1]?.name === 'as' ? src(names[i + 2]!) : name;
            if (names[i + 1]?.name === 'as') i += 2;
            bindings.set(alias, { module, sdk, path: [name] });
            bound.push(name);
          }
          imports.push({ module, sdk, line: lineOf(ref.from), names: bound.length ? bound : [''] });
        } else {
          // import a.b [as c], d
          let dottedName: string[] = [];
          const flush = (alias?: string) => {
            const module = dottedName.join('.');
            const sdk = module ? sdkFor(module) : undefined;
            if (sdk) {
              imports.push({ module, sdk, line: lineOf(ref.from), names: [''] });
              bindings.set(alias ?? dottedName[0]!, { module, sdk, path: [], ...(alias ? {} : { strip: dottedName.slice(1) }) });
            }
            dottedName = [];
          };
          for (let i = 1; i < parts.length; i++) {
            const p = parts[i]!;
            if (p.name === 'VariableName') dottedName.push(src(p));
            else if (p.name === 'as') flush(src(parts[++i]!));
            else if (p.name === ',' && dottedName.length) flush();
          }
          if (dottedName.length) flush();
        }
        return false;
      }
      if (ref.name === 'CallExpression') {
        const callee = ref.node.firstChild;
        const chain = callee && /^[\w.\s]+$/.test(src(callee)) ? src(callee).replace(/\s+/g, '').split('.') : undefined;
        const b = chain && bindings.get(chain[0]!);
        if (b && chain) {
          let rest = chain.slice(1);
          if (b.strip?.length && b.strip.every((s, i) => rest[i] === s)) rest = rest.slice(b.strip.length);
          if (isUse(b.sdk, [...b.path, ...rest], false))
            uses.push({ module: b.module, sdk: b.sdk, line: lineOf(ref.from), endLine: lineOf(ref.to), callee: chain.join('.') });
        }
      }
      return undefined;
    },
  });
  return { imports, uses };
}

/**
 * Top-level module names a repository defines itself: `X.py` or `X/__init__.py` at the root or under `src/` (where
 * Python finds them first). Deeper folders (`examples/ollama/`) do not shadow an SDK.
 */
export function localPythonModules(files: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (const f of files) {
    const m = /^(?:src\/)?(\w+)(?:\.py|\/__init__\.py)$/.exec(f);
    if (m) out.add(m[1]!);
  }
  return out;
}
