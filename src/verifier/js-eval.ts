/**
 * Evaluates a JS/TS options expression in one world (HELICONE_API_KEY set or not) from the syntax tree alone:
 * literals, templates, `process.env.X`, ternaries, `&&` / `||` / `??`, `!`, object literals with spreads, and
 * `const`s of the same file. Whatever the file does not determine stays opaque, named by its source text.
 */
import ts from 'typescript';
import {
  KEY_ENV,
  NONE,
  asText,
  emptyObj,
  keyValue,
  namesHeliconeKey,
  opaque,
  spreadInto,
  str,
  truthy,
  type SymValue,
  type World,
} from './symbolic';

const MAX_DEPTH = 12;
/** A GitHub Action's input for the key, and the variable the runner sets from it (`INPUT_HELICONE-API-KEY`). */
const ACTION_INPUT = /^helicone[-_ ]?(api[-_ ]?)?key$/i;
const ACTION_INPUT_ENV = /^INPUT_HELICONE[-_]?(API[-_]?)?KEY$/i;

function isGetInput(callee: ts.Expression): boolean {
  return (
    (ts.isIdentifier(callee) && callee.text === 'getInput') || (ts.isPropertyAccessExpression(callee) && callee.name.text === 'getInput')
  );
}

/**
 * Whether the code that holds `node` runs in `world`, as far as the `if`s, ternaries and `&&`s around it tell
 * (undefined when a condition is opaque): `if (process.env.HELICONE_API_KEY) setDefaultOpenAIClient(new OpenAI(...))`
 * builds no client at all without the key.
 */
export function jsGuardActive(sf: ts.SourceFile, node: ts.Node, world: World): boolean | undefined {
  let result: boolean | undefined = true;
  for (let child: ts.Node = node, parent = node.parent; parent && !ts.isSourceFile(parent); child = parent, parent = parent.parent) {
    let cond: ts.Expression | undefined;
    let whenTrue = true;
    if (ts.isIfStatement(parent) && child !== parent.expression) {
      cond = parent.expression;
      whenTrue = child === parent.thenStatement;
    } else if (ts.isConditionalExpression(parent) && child !== parent.condition) {
      cond = parent.condition;
      whenTrue = child === parent.whenTrue;
    } else if (
      ts.isBinaryExpression(parent) &&
      parent.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken &&
      child === parent.right
    ) {
      cond = parent.left;
    } else if (ts.isFunctionLike(parent)) break;
    if (!cond) continue;
    const t = truthy(evalJs(sf, cond, world));
    if (t === undefined) result = undefined;
    else if (t !== whenTrue) return false;
  }
  return result;
}

export function evalJs(sf: ts.SourceFile, expr: ts.Expression, world: World, depth = 0): SymValue {
  const text = () => expr.getText(sf);
  if (depth > MAX_DEPTH) return opaque(text());
  const e = expr;
  const next = (x: ts.Expression) => evalJs(sf, x, world, depth + 1);
  if (
    ts.isParenthesizedExpression(e) ||
    ts.isAsExpression(e) ||
    ts.isSatisfiesExpression(e) ||
    ts.isTypeAssertionExpression(e) ||
    ts.isNonNullExpression(e)
  ) {
    return next(e.expression);
  }
  if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) return str(e.text);
  if (ts.isNumericLiteral(e)) return { k: 'num', v: Number(e.text) };
  if (e.kind === ts.SyntaxKind.TrueKeyword) return { k: 'bool', v: true };
  if (e.kind === ts.SyntaxKind.FalseKeyword) return { k: 'bool', v: false };
  if (e.kind === ts.SyntaxKind.NullKeyword || ts.isVoidExpression(e)) return NONE;
  if (ts.isTemplateExpression(e)) {
    let out = e.head.text;
    for (const span of e.templateSpans) {
      const part = asText(next(span.expression), 'js');
      if (part === undefined) return opaque(text(), out);
      out += part + span.literal.text;
    }
    return str(out);
  }
  const env = envName(e);
  if (env !== undefined) return env === KEY_ENV || ACTION_INPUT_ENV.test(env) ? keyValue(world) : opaque(text());
  // A GitHub Action reads the key from its optional input: `core.getInput('helicone-api-key')`.
  if (ts.isCallExpression(e) && isGetInput(e.expression) && e.arguments[0] && ts.isStringLiteral(e.arguments[0])) {
    return ACTION_INPUT.test(e.arguments[0].text) ? keyValue(world) : opaque(text());
  }
  if (ts.isIdentifier(e)) {
    if (e.text === 'undefined') return NONE;
    const init = constInitializer(e);
    if (init) return next(init);
    return namesHeliconeKey(e.text) ? keyValue(world) : opaque(text());
  }
  if (ts.isPropertyAccessExpression(e) && namesHeliconeKey(e.name.text)) return keyValue(world);
  if (ts.isConditionalExpression(e)) {
    const t = truthy(next(e.condition));
    return t === undefined ? opaque(text()) : next(t ? e.whenTrue : e.whenFalse);
  }
  if (ts.isPrefixUnaryExpression(e) && e.operator === ts.SyntaxKind.ExclamationToken) {
    const t = truthy(next(e.operand));
    return t === undefined ? opaque(text()) : { k: 'bool', v: !t };
  }
  if (ts.isBinaryExpression(e)) {
    const op = e.operatorToken.kind;
    if (op === ts.SyntaxKind.AmpersandAmpersandToken || op === ts.SyntaxKind.BarBarToken) {
      const left = next(e.left);
      const t = truthy(left);
      if (t === undefined) return opaque(text());
      if (op === ts.SyntaxKind.AmpersandAmpersandToken) return t ? next(e.right) : left;
      return t ? left : next(e.right);
    }
    if (op === ts.SyntaxKind.QuestionQuestionToken) {
      const left = next(e.left);
      if (left.k === 'opaque') return opaque(text());
      return left.k === 'none' ? next(e.right) : left;
    }
    if (op === ts.SyntaxKind.PlusToken) {
      const l = next(e.left);
      const r = next(e.right);
      if (l.k === 'str' || r.k === 'str') {
        const ls = asText(l, 'js');
        const rs = asText(r, 'js');
        return ls !== undefined && rs !== undefined ? str(ls + rs) : opaque(text());
      }
    }
    return opaque(text());
  }
  if (ts.isObjectLiteralExpression(e)) {
    const obj = emptyObj();
    for (const p of e.properties) {
      if (ts.isSpreadAssignment(p)) {
        spreadInto(obj, next(p.expression), p.expression.getText(sf));
        continue;
      }
      const name = propertyName(p);
      if (name === undefined) {
        obj.spreads.push(p.getText(sf).replace(/\s+/g, ''));
        continue;
      }
      const value = ts.isPropertyAssignment(p)
        ? next(p.initializer)
        : ts.isShorthandPropertyAssignment(p)
          ? next(p.name)
          : opaque(p.getText(sf));
      obj.props.delete(name);
      obj.props.set(name, value);
    }
    return obj;
  }
  return opaque(text());
}

/** `process.env.X`, `process.env['X']`, `import.meta.env.X` → X. */
function envName(e: ts.Expression): string | undefined {
  let base: ts.Expression;
  let name: string | undefined;
  if (ts.isPropertyAccessExpression(e)) {
    base = e.expression;
    name = e.name.text;
  } else if (ts.isElementAccessExpression(e) && ts.isStringLiteral(e.argumentExpression)) {
    base = e.expression;
    name = e.argumentExpression.text;
  } else return undefined;
  const b = base.getText().replace(/\s+/g, '');
  return b === 'process.env' || b === 'import.meta.env' ? name : undefined;
}

function propertyName(p: ts.ObjectLiteralElementLike): string | undefined {
  const n = p.name;
  if (!n) return undefined;
  if (ts.isIdentifier(n) || ts.isStringLiteral(n) || ts.isNumericLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n)) return n.text;
  if (ts.isComputedPropertyName(n) && (ts.isStringLiteral(n.expression) || ts.isNoSubstitutionTemplateLiteral(n.expression)))
    return n.expression.text;
  return undefined;
}

/**
 * The initializer of a `const` of this name declared before `id` in an enclosing block (not shadowed by a
 * parameter). A `let` or `var` may be reassigned, so it stays opaque; so does a const that the file mutates.
 */
function constInitializer(id: ts.Identifier): ts.Expression | undefined {
  for (let scope: ts.Node | undefined = id.parent; scope; scope = scope.parent) {
    if (ts.isFunctionLike(scope) && scope.parameters.some((p) => ts.isIdentifier(p.name) && p.name.text === id.text)) return undefined;
    const statements = ts.isSourceFile(scope) || ts.isBlock(scope) || ts.isModuleBlock(scope) ? scope.statements : undefined;
    if (!statements) continue;
    for (const st of statements) {
      if (st.pos >= id.pos || !ts.isVariableStatement(st)) continue;
      for (const d of st.declarationList.declarations) {
        if (!ts.isIdentifier(d.name) || d.name.text !== id.text) continue;
        if (!(st.declarationList.flags & ts.NodeFlags.Const) || !d.initializer) return undefined;
        return isMutated(id.getSourceFile(), id.text) ? undefined : d.initializer;
      }
    }
  }
  return undefined;
}

/** True when the file assigns to or deletes a property of `name`, or passes it to Object.assign as the target. */
function isMutated(sf: ts.SourceFile, name: string): boolean {
  const isMember = (n: ts.Node) =>
    (ts.isPropertyAccessExpression(n) || ts.isElementAccessExpression(n)) && ts.isIdentifier(n.expression) && n.expression.text === name;
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
    else if (
      ts.isCallExpression(n) &&
      n.expression.getText(sf) === 'Object.assign' &&
      n.arguments[0] &&
      ts.isIdentifier(n.arguments[0]) &&
      n.arguments[0].text === name
    )
      found = true;
    else ts.forEachChild(n, visit);
  };
  visit(sf);
  return found;
}
