/**
 * Evaluates Python expressions of a call's arguments in one world (HELICONE_API_KEY set or not) from the Lezer
 * syntax tree: strings and f-strings, numbers, True/False/None, dicts with `**` entries, `a if c else b`,
 * `and` / `or` / `not`, and environment reads (`os.environ.get`, `os.getenv`, `os.environ[...]`). Anything else
 * stays opaque, named by its source text.
 */
import type { SyntaxNode } from '@lezer/common';
import { children } from '../adapters/integrator/codemod/python/find-python-sites';
import {
  KEY_ENV,
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
const ENV_CALLS = new Set(['os.environ.get', 'os.getenv', 'environ.get', 'getenv']);

export function evalPython(text: string, node: SyntaxNode, world: World, depth = 0): SymValue {
  const src = (n: SyntaxNode) => text.slice(n.from, n.to);
  if (depth > MAX_DEPTH) return opaque(src(node));
  const next = (n: SyntaxNode) => evalPython(text, n, world, depth + 1);
  const parts = () => children(node).filter((c) => c.name !== 'Comment');
  switch (node.name) {
    case 'String':
      return stringValue(src(node));
    case 'FormatString':
      return formatString(text, node, (n) => next(n));
    case 'Number':
      return { k: 'num', v: Number(src(node).replace(/_/g, '')) };
    case 'Boolean':
      return { k: 'bool', v: src(node) === 'True' };
    case 'None':
      return { k: 'none', explicit: true };
    case 'ParenthesizedExpression': {
      const inner = parts().filter((c) => c.name !== '(' && c.name !== ')');
      return inner.length === 1 ? next(inner[0]!) : opaque(src(node));
    }
    case 'ConditionalExpression': {
      // <then> if <cond> else <otherwise>
      const [then, , cond, , otherwise] = parts();
      if (!then || !cond || !otherwise) return opaque(src(node));
      const t = truthy(next(cond));
      return t === undefined ? opaque(src(node)) : next(t ? then : otherwise);
    }
    case 'UnaryExpression': {
      const [op, operand] = parts();
      if (op?.name !== 'not' || !operand) return opaque(src(node));
      const t = truthy(next(operand));
      return t === undefined ? opaque(src(node)) : { k: 'bool', v: !t };
    }
    case 'BinaryExpression': {
      const [left, op, right] = parts();
      if (!left || !op || !right || (op.name !== 'and' && op.name !== 'or')) return opaque(src(node));
      const l = next(left);
      const t = truthy(l);
      if (t === undefined) return opaque(src(node));
      if (op.name === 'and') return t ? next(right) : l;
      return t ? l : next(right);
    }
    case 'DictionaryExpression':
      return dictionary(text, node, (n) => next(n));
    case 'CallExpression': {
      const callee = node.firstChild;
      const args = node.getChild('ArgList');
      if (callee && args && ENV_CALLS.has(src(callee).replace(/\s+/g, ''))) {
        const [first, , fallback] = children(args).filter((c) => c.name !== '(' && c.name !== ')');
        const name = first?.name === 'String' ? stringValue(src(first)) : undefined;
        if (name?.k === 'str' && name.v === KEY_ENV) {
          const v = keyValue(world);
          return v.k === 'none' && fallback ? next(fallback) : v;
        }
      }
      return opaque(src(node));
    }
    case 'MemberExpression': {
      const p = parts();
      // os.environ["X"]
      if (p[1]?.name === '[' && p[2]?.name === 'String' && /^(os\.)?environ$/.test(src(p[0]!).replace(/\s+/g, ''))) {
        const name = stringValue(src(p[2]));
        if (name.k === 'str' && name.v === KEY_ENV) return keyValue(world);
        return opaque(src(node));
      }
      const last = p[p.length - 1];
      if (last?.name === 'PropertyName' && namesHeliconeKey(src(last))) return keyValue(world);
      return opaque(src(node));
    }
    case 'VariableName':
      return namesHeliconeKey(src(node)) ? keyValue(world) : opaque(src(node));
    default:
      return opaque(src(node));
  }
}

/**
 * A call's arguments as one object: keyword arguments by name, positional ones as `$0`, `$1`…, and `**expr`
 * spread in (an expansion of `{}` adds nothing; one the file cannot see into is kept as an unknown spread).
 */
export function evalPythonArgs(text: string, args: SyntaxNode, world: World): SymValue {
  const obj = emptyObj();
  const parts = children(args).filter((c) => c.name !== '(' && c.name !== ')' && c.name !== ',' && c.name !== 'Comment');
  let positional = 0;
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i]!;
    if (p.name === '**' && parts[i + 1]) {
      const e = parts[++i]!;
      spreadInto(obj, evalPython(text, e, world), text.slice(e.from, e.to));
    } else if (p.name === '*' && parts[i + 1]) {
      const e = parts[++i]!;
      obj.spreads.push(`*${text.slice(e.from, e.to).replace(/\s+/g, '')}`);
    } else if (p.name === 'VariableName' && parts[i + 1]?.name === 'AssignOp' && parts[i + 2]) {
      obj.props.set(text.slice(p.from, p.to), evalPython(text, parts[i + 2]!, world));
      i += 2;
    } else {
      obj.props.set(`$${positional++}`, evalPython(text, p, world));
    }
  }
  return obj;
}

function dictionary(text: string, node: SyntaxNode, next: (n: SyntaxNode) => SymValue): SymValue {
  const obj = emptyObj();
  const parts = children(node).filter((c) => !['{', '}', ',', ':', 'Comment'].includes(c.name));
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i]!;
    if (p.name === '**' && parts[i + 1]) {
      const e = parts[++i]!;
      spreadInto(obj, next(e), text.slice(e.from, e.to));
      continue;
    }
    const value = parts[i + 1];
    if (!value) break;
    i++;
    const key = next(p);
    const name = key.k === 'str' ? key.v : undefined;
    if (name === undefined) obj.spreads.push(`${text.slice(p.from, p.to)}:${text.slice(value.from, value.to)}`.replace(/\s+/g, ''));
    else {
      obj.props.delete(name);
      obj.props.set(name, next(value));
    }
  }
  return obj;
}

/** A plain (non-f) string literal's value; bytes and implicit concatenations stay opaque. */
function stringValue(raw: string): SymValue {
  const m = /^([rRuU]?)('''|"""|'|")([\s\S]*)\2$/.exec(raw);
  if (!m) return opaque(raw);
  const body = m[3]!;
  return str(m[1]!.toLowerCase() === 'r' ? body : unescape(body));
}

function formatString(text: string, node: SyntaxNode, next: (n: SyntaxNode) => SymValue): SymValue {
  const raw = text.slice(node.from, node.to);
  const m = /^([fF][rR]?|[rR][fF])('''|"""|'|")/.exec(raw);
  if (!m) return opaque(raw);
  const open = node.from + m[0].length;
  const close = node.to - m[2]!.length;
  let out = '';
  let at = open;
  for (const r of children(node).filter((c) => c.name === 'FormatReplacement')) {
    out += unescape(text.slice(at, r.from)).replace(/\{\{/g, '{').replace(/\}\}/g, '}');
    const inner = children(r).filter((c) => c.name !== '{' && c.name !== '}');
    // {expr}, but not {expr!r} or {expr:spec}, whose printed form the verifier does not model.
    if (inner.length !== 1) return opaque(raw);
    const part = asText(next(inner[0]!), 'py');
    if (part === undefined) return opaque(raw, out);
    out += part;
    at = r.to;
  }
  out += unescape(text.slice(at, close)).replace(/\{\{/g, '{').replace(/\}\}/g, '}');
  return str(out);
}

function unescape(s: string): string {
  return s.replace(/\\(["'\\nt])/g, (_, c: string) => (c === 'n' ? '\n' : c === 't' ? '\t' : c));
}
