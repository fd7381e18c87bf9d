/**
 * Lays out the Python code the codemod adds the way black would, so a black-formatted project stays black-clean:
 * a fragment that fits in 88 columns stays on one line; a longer conditional is parenthesized and split before
 * `if` and `else`; a longer dict is split one entry per line (a trailing comma when it has several entries).
 * Only generated fragments are laid out: the user's own code keeps its bytes.
 */
import type { SyntaxNode } from '@lezer/common';
import type { TextEdit } from '../apply-edits';
import { lineIndent } from '../file-style';
import { children } from './find-python-sites';

/** black's default line length. */
export const MAX_LINE = 88;

/**
 * Generated code: source text (kept as is), a dict (`key` is the key's source text, `spread` a `**` entry), a
 * conditional `then if guard else otherwise`, or an expression in parentheses.
 */
export type PyExpr = string | { dict: DictEntry[] } | { cond: [then: PyExpr, guard: string, otherwise: PyExpr] } | { paren: PyExpr };
export type DictEntry = { key: string; value: PyExpr } | { spread: PyExpr };

/** An argument or dict entry to add: `base_url=` / `**` / `"Helicone-Auth": ` followed by its value. */
export interface NewItem {
  prefix: string;
  expr: PyExpr;
}

export function flat(e: PyExpr): string {
  if (typeof e === 'string') return e;
  if ('dict' in e) return `{${e.dict.map((en) => ('key' in en ? `${en.key}: ${flat(en.value)}` : `**${flat(en.spread)}`)).join(', ')}}`;
  if ('cond' in e) return `${flat(e.cond[0])} if ${e.cond[1]} else ${flat(e.cond[2])}`;
  return `(${flat(e.paren)})`;
}

/**
 * `prefix + e + suffix` starting at column `indent.length`; lines after the first carry their own indentation.
 * `unit` is one indentation step of the file.
 */
export function render(prefix: string, e: PyExpr, suffix: string, indent: string, unit: string): string {
  const one = `${prefix}${flat(e)}${suffix}`;
  if (indent.length + one.length <= MAX_LINE || typeof e === 'string') return one;
  // black turns the invisible parentheses around a long conditional into real ones before splitting it.
  if ('cond' in e) return render(prefix, { paren: e }, suffix, indent, unit);
  const inner = indent + unit;
  if ('paren' in e) {
    const body = e.paren;
    let lines: string[];
    if (typeof body !== 'string' && 'cond' in body && inner.length + flat(body).length > MAX_LINE) {
      const [then, guard, otherwise] = body.cond;
      lines = [render('', then, '', inner, unit), `if ${guard}`, render('else ', otherwise, '', inner, unit)];
    } else lines = [render('', body, '', inner, unit)];
    return `${prefix}(\n${lines.map((l) => inner + l).join('\n')}\n${indent})${suffix}`;
  }
  if (!e.dict.length) return one;
  const comma = e.dict.length > 1 ? ',' : '';
  const lines = e.dict.map((en) => inner + ('key' in en ? render(`${en.key}: `, en.value, comma, inner, unit) : render('**', en.spread, comma, inner, unit)));
  return `${prefix}{\n${lines.join('\n')}\n${indent}}${suffix}`;
}

/** One indentation step of a Python file: two spaces or a tab when the file uses them, else four spaces. */
export function detectPythonIndent(text: string): string {
  const indents = [...text.matchAll(/^([ \t]+)\S/gm)].map((m) => m[1]!);
  const tabs = indents.filter((i) => i.startsWith('\t')).length;
  if (tabs > indents.length - tabs) return '\t';
  const spaces = indents.filter((i) => i.startsWith(' ')).map((i) => i.length);
  return spaces.length && Math.min(...spaces) === 2 ? '  ' : '    ';
}

const BRACKETS = new Set(['(', ')', '{', '}', '[', ']']);

/** The elements of an ArgList, dict or list: everything but its brackets and comments. */
function elements(container: SyntaxNode): SyntaxNode[] {
  return children(container).filter((c) => !BRACKETS.has(c.name) && c.name !== 'Comment');
}

/** True when the container puts its first element on a new line (the one-per-line layout). */
function isMultiline(text: string, container: SyntaxNode, first: SyntaxNode): boolean {
  return text.slice(container.from, first.from).includes('\n');
}

/**
 * New items at the end of an ArgList, dict or list, in its layout: each on its own line at the elements' indent
 * (trailing comma habit kept) when the container has one element per line, inline otherwise.
 */
export function appendItems(text: string, container: SyntaxNode, items: NewItem[], unit: string): TextEdit[] {
  const parts = elements(container);
  const close = container.to - 1;
  const inline = items.map((i) => i.prefix + flat(i.expr)).join(', ');
  if (!parts.length) return [{ start: close, end: close, text: inline }];
  const last = parts[parts.length - 1]!;
  const trailing = last.name === ',';
  if (!isMultiline(text, container, parts[0]!)) return [{ start: last.to, end: last.to, text: trailing ? ` ${inline},` : `, ${inline}` }];
  const indent = lineIndent(text, parts[0]!.from);
  const lines = items.map((it, i) => `\n${indent}${render(it.prefix, it.expr, trailing || i < items.length - 1 ? ',' : '', indent, unit)}`).join('');
  // New lines go after a comment that ends the last element's line, so the comment stays with its element.
  const eol = text.indexOf('\n', last.to);
  const at = eol !== -1 && /^\s*(#.*)?$/.test(text.slice(last.to, eol)) ? eol : last.to;
  if (trailing) return [{ start: at, end: at, text: lines }];
  if (at === last.to) return [{ start: at, end: at, text: `,${lines}` }];
  return [
    { start: last.to, end: last.to, text: ',' },
    { start: at, end: at, text: lines },
  ];
}

/**
 * Replaces the source of `node` (a keyword's value, an assignment's right-hand side) with `e`; broken over lines
 * like black when the node ends its line and the result would not fit, inline otherwise.
 */
export function replaceNode(text: string, node: SyntaxNode, e: PyExpr, unit: string): TextEdit {
  const edit = { start: node.from, end: node.to };
  const lineStart = text.lastIndexOf('\n', node.from - 1) + 1;
  const eol = text.indexOf('\n', node.to);
  const rest = text.slice(node.to, eol === -1 ? text.length : eol);
  if (!/^,?\s*(#.*)?$/.test(rest)) return { ...edit, text: flat(e) };
  const indent = lineIndent(text, node.from);
  const prefix = text.slice(lineStart + indent.length, node.from);
  const suffix = rest.startsWith(',') ? ',' : '';
  const out = render(prefix, e, suffix, indent, unit);
  return { ...edit, text: out.slice(prefix.length, out.length - suffix.length) };
}

/**
 * Takes keyword argument `name=value` out of a call and adds `items` at its end instead; a last argument is
 * replaced in place, keeping its comma and its line.
 */
export function replaceKeyword(text: string, args: SyntaxNode, kw: { name: SyntaxNode; value: SyntaxNode }, items: NewItem[], unit: string): TextEdit[] {
  const parts = elements(args);
  // Lezer hands out a new node object on each visit: nodes are compared by position.
  const at = parts.findIndex((p) => p.from === kw.value.from && p.to === kw.value.to);
  const comma = parts[at + 1]?.name === ',' ? parts[at + 1] : undefined;
  const next = comma ? parts[at + 2] : undefined;
  const lineStart = text.lastIndexOf('\n', kw.name.from - 1) + 1;
  const ownLine = isMultiline(text, args, parts[0]!) && /^[ \t]*$/.test(text.slice(lineStart, kw.name.from));
  if (!next) {
    const indent = lineIndent(text, kw.name.from);
    const suffix = comma ? ',' : '';
    const lines = items.map((it, i) => (ownLine ? render(it.prefix, it.expr, i < items.length - 1 ? ',' : suffix, indent, unit) : it.prefix + flat(it.expr)));
    const out = ownLine ? lines.join(`\n${indent}`) : lines.join(', ');
    return [{ start: kw.name.from, end: kw.value.to, text: ownLine ? out.slice(0, out.length - suffix.length) : out }];
  }
  const eol = text.indexOf('\n', comma!.to);
  // One argument per line: the whole line goes (with a comment on it, which described the argument).
  const removal =
    ownLine && eol !== -1 && eol < next.from && /^\s*(#.*)?$/.test(text.slice(comma!.to, eol))
      ? { start: lineStart, end: eol + 1, text: '' }
      : { start: kw.name.from, end: next.from, text: '' };
  return [removal, ...appendItems(text, args, items, unit)];
}
