/**
 * Sees through the two ways real code hands a client its options without writing them inline: a `const` object
 * declared earlier in the same file (`new OpenAI(opts)`), and spreads (`new OpenAI({ ...base, model })`). Only what
 * the file itself proves is trusted: an options object from a parameter, an import or a `let` is left alone, since
 * it may already carry a base URL that a rewrite would silently override.
 */
import ts from 'typescript';
import { clipCode } from '../../../shared/clip-code';

export type ResolvedObject = { obj: ts.ObjectLiteralExpression; via?: string } | { why: string };

/** Strips `(x)`, `x as T`, `x satisfies T`, `<T>x` and `x!`, which change nothing at run time. */
export function unwrap(e: ts.Expression): ts.Expression {
  for (;;) {
    if (
      ts.isParenthesizedExpression(e) ||
      ts.isAsExpression(e) ||
      ts.isSatisfiesExpression(e) ||
      ts.isTypeAssertionExpression(e) ||
      ts.isNonNullExpression(e)
    ) {
      e = e.expression;
    } else return e;
  }
}

/** The object literal an options expression stands for, or why it cannot be known from this file. */
export function resolveObject(sf: ts.SourceFile, expr: ts.Expression): ResolvedObject {
  const e = unwrap(expr);
  if (ts.isObjectLiteralExpression(e)) return { obj: e };
  if (ts.isIdentifier(e)) {
    const obj = findConstObject(e);
    // `const` stops rebinding, not mutation: `opts.baseURL = ...` or `delete opts.x` after the declaration means
    // the literal is not what the client gets.
    if (obj && isMutated(sf, e.text)) return { why: `options come from \`${e.text}\`, which is modified after it is declared` };
    if (obj) return { obj, via: e.text };
    return { why: `options come from \`${e.text}\`, which is not a const object literal declared in this file` };
  }
  return { why: `options are passed as \`${clipCode(expr.getText(sf))}\`, not an object literal` };
}

/**
 * The object literal a `const` of this name, declared before `id` in an enclosing block, was initialised with.
 * Stops at a function that declares a parameter of the same name (it shadows anything outside).
 */
function findConstObject(id: ts.Identifier): ts.ObjectLiteralExpression | undefined {
  for (let scope: ts.Node | undefined = id.parent; scope; scope = scope.parent) {
    if (ts.isFunctionLike(scope) && scope.parameters.some((p) => ts.isIdentifier(p.name) && p.name.text === id.text)) return undefined;
    const statements = ts.isSourceFile(scope) || ts.isBlock(scope) || ts.isModuleBlock(scope) ? scope.statements : undefined;
    if (!statements) continue;
    for (const st of statements) {
      if (st.pos >= id.pos || !ts.isVariableStatement(st)) continue;
      const list = st.declarationList;
      for (const d of list.declarations) {
        if (!ts.isIdentifier(d.name) || d.name.text !== id.text) continue;
        // A `let` or `var` may be reassigned before the client is built: only a const proves its value.
        if (!(list.flags & ts.NodeFlags.Const) || !d.initializer) return undefined;
        const init = unwrap(d.initializer);
        return ts.isObjectLiteralExpression(init) ? init : undefined;
      }
    }
  }
  return undefined;
}

/** True when the file assigns to a property of `name`, deletes one, or passes it to Object.assign as the target. */
function isMutated(sf: ts.SourceFile, name: string): boolean {
  const isName = (n: ts.Node) => ts.isIdentifier(n) && n.text === name;
  const isMember = (n: ts.Node) => (ts.isPropertyAccessExpression(n) || ts.isElementAccessExpression(n)) && isName(unwrap(n.expression));
  let found = false;
  const visit = (n: ts.Node): void => {
    if (found) return;
    if (
      ts.isBinaryExpression(n) &&
      n.operatorToken.kind >= ts.SyntaxKind.FirstAssignment &&
      n.operatorToken.kind <= ts.SyntaxKind.LastAssignment &&
      isMember(n.left)
    )
      found = true;
    else if (ts.isDeleteExpression(n) && isMember(n.expression)) found = true;
    else if (ts.isCallExpression(n) && n.expression.getText(sf) === 'Object.assign' && n.arguments[0] && isName(unwrap(n.arguments[0])))
      found = true;
    else ts.forEachChild(n, visit);
  };
  visit(sf);
  return found;
}

/**
 * Why the spreads of `obj` make a rewrite unsafe, if they do: a spread the file cannot see into, or one that sets
 * one of `keys` (a base URL or headers that an added property would override). Harmless spreads are fine.
 */
export function spreadProblem(sf: ts.SourceFile, obj: ts.ObjectLiteralExpression, keys: string[], depth = 0): string | undefined {
  for (const p of obj.properties) {
    if (!ts.isSpreadAssignment(p)) continue;
    const name = clipCode(p.expression.getText(sf));
    const resolved = depth < 5 ? resolveObject(sf, p.expression) : undefined;
    if (!resolved || 'why' in resolved) return `options include a spread of \`${name}\`, so an existing base URL cannot be ruled out`;
    const set = keys.find((k) => hasOwnProperty(resolved.obj, k));
    if (set) return `options spread \`${name}\`, which sets ${set}`;
    const nested = spreadProblem(sf, resolved.obj, keys, depth + 1);
    if (nested) return nested;
  }
  return undefined;
}

/** The last definition of `name` in `obj`, looking into resolvable spreads (later entries override earlier ones). */
export function lookupProperty(
  sf: ts.SourceFile,
  obj: ts.ObjectLiteralExpression,
  name: string,
  depth = 0,
): ts.ObjectLiteralElementLike | undefined {
  for (let i = obj.properties.length - 1; i >= 0; i--) {
    const p = obj.properties[i]!;
    if (ts.isSpreadAssignment(p)) {
      if (depth >= 5) continue;
      const r = resolveObject(sf, p.expression);
      const found = 'obj' in r ? lookupProperty(sf, r.obj, name, depth + 1) : undefined;
      if (found) return found;
    } else if (propertyName(p) === name.toLowerCase()) return p;
  }
  return undefined;
}

function hasOwnProperty(obj: ts.ObjectLiteralExpression, name: string): boolean {
  return obj.properties.some((p) => propertyName(p) === name.toLowerCase());
}

function propertyName(p: ts.ObjectLiteralElementLike): string | undefined {
  const n = p.name;
  return n && (ts.isIdentifier(n) || ts.isStringLiteral(n)) ? n.text.toLowerCase() : undefined;
}
