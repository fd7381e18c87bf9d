/**
 * Lays out the Python code the codemod adds the way black would, so a black-formatted project stays black-clean:
 * a fragment that fits in the line length (the repository's, else black's 88) stays on one line; a longer
 * conditional is parenthesized and split before `if` and `else`; a longer dict is split one entry per line (a
 * trailing comma when it has several entries); a longer call puts its arguments on one line of their own, or one
 * per line with a trailing comma. Only generated fragments, and a one-line statement the rewrite made too long
 * (relayoutLine), are laid out: the user's other lines keep their bytes.
 */
import type { SyntaxNode, Tree } from '@lezer/common';
import type { TextEdit } from '../apply-edits';
import { lineIndent } from '../file-style';
import { children } from './find-python-sites';

/** black's default line length. */
export const MAX_LINE = 88;

/** How generated code is laid out: one indentation step of the file and the line length. */
export interface PyLayout {
  unit: string;
  max: number;
}

/**
 * Generated code: source text (kept as is), a dict (`key` is the key's source text, `spread` a `**` entry), a
 * conditional `then if guard else otherwise`, an expression in parentheses, a call (`callee` is its source text),
 * or a list / dict literal read from the source (`seq`: its elements, each with its `key: ` / `**` prefix).
 */
export type PyExpr =
  | string
  | { dict: DictEntry[] }
  | { cond: [then: PyExpr, guard: string, otherwise: PyExpr] }
  | { paren: PyExpr }
  | { call: string; args: NewItem[] }
  | { seq: NewItem[]; open: '[' | '{'; close: ']' | '}' };
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
  if ('call' in e) return `${e.call}(${e.args.map((a) => a.prefix + flat(a.expr)).join(', ')})`;
  if ('seq' in e) return `${e.open}${e.seq.map((a) => a.prefix + flat(a.expr)).join(', ')}${e.close}`;
  return `(${flat(e.paren)})`;
}

/**
 * `prefix + e + suffix` starting at column `indent.length`; lines after the first carry their own indentation.
 */
export function render(prefix: string, e: PyExpr, suffix: string, indent: string, lay: PyLayout): string {
  const one = `${prefix}${flat(e)}${suffix}`;
  if (indent.length + one.length <= lay.max || typeof e === 'string') return one;
  // black turns the invisible parentheses around a long conditional into real ones before splitting it.
  if ('cond' in e) return render(prefix, { paren: e }, suffix, indent, lay);
  const inner = indent + lay.unit;
  const block = (open: string, lines: string[], close: string) =>
    `${prefix}${open}\n${lines.map((l) => inner + l).join('\n')}\n${indent}${close}${suffix}`;
  if ('paren' in e) {
    const body = e.paren;
    let lines: string[];
    if (typeof body !== 'string' && 'cond' in body && inner.length + flat(body).length > lay.max) {
      const [then, guard, otherwise] = body.cond;
      lines = [render('', then, '', inner, lay), `if ${guard}`, render('else ', otherwise, '', inner, lay)];
    } else lines = [render('', body, '', inner, lay)];
    return block('(', lines, ')');
  }
  if ('call' in e) {
    if (!e.args.length) return one;
    // The arguments on one line of their own when they fit there; else one per line with a trailing comma (a
    // lone argument gets none: black adds it only when it splits at commas). black puts one after a `**` argument
    // only in a file it takes for Python 3.6+: ours always is, the Helicone-Auth header being an f-string.
    const body = e.args.map((a) => a.prefix + flat(a.expr)).join(', ');
    if (inner.length + body.length <= lay.max) return block(`${e.call}(`, [body], ')');
    const comma = e.args.length > 1 ? ',' : '';
    return block(
      `${e.call}(`,
      e.args.map((a) => render(a.prefix, a.expr, comma, inner, lay)),
      ')',
    );
  }
  // A collection literal that is split has one element per line (black's rule for brackets of an atom).
  const items: NewItem[] =
    'seq' in e ? e.seq : e.dict.map((en) => ('key' in en ? { prefix: `${en.key}: `, expr: en.value } : { prefix: '**', expr: en.spread }));
  if (!items.length) return one;
  const comma = items.length > 1 ? ',' : '';
  const [open, close] = 'seq' in e ? [e.open, e.close] : ['{', '}'];
  return block(
    open,
    items.map((it) => render(it.prefix, it.expr, comma, inner, lay)),
    close,
  );
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
export function appendItems(text: string, container: SyntaxNode, items: NewItem[], lay: PyLayout): TextEdit[] {
  const parts = elements(container);
  const close = container.to - 1;
  const inline = items.map((i) => i.prefix + flat(i.expr)).join(', ');
  if (!parts.length) return [{ start: close, end: close, text: inline }];
  const last = parts[parts.length - 1]!;
  const trailing = last.name === ',';
  if (!isMultiline(text, container, parts[0]!)) return [{ start: last.to, end: last.to, text: trailing ? ` ${inline},` : `, ${inline}` }];
  const indent = lineIndent(text, parts[0]!.from);
  const lines = items
    .map((it, i) => `\n${indent}${render(it.prefix, it.expr, trailing || i < items.length - 1 ? ',' : '', indent, lay)}`)
    .join('');
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
export function replaceNode(text: string, node: SyntaxNode, e: PyExpr, lay: PyLayout): TextEdit {
  const edit = { start: node.from, end: node.to };
  const lineStart = text.lastIndexOf('\n', node.from - 1) + 1;
  const eol = text.indexOf('\n', node.to);
  const rest = text.slice(node.to, eol === -1 ? text.length : eol);
  if (!/^,?\s*(#.*)?$/.test(rest)) return { ...edit, text: flat(e) };
  const indent = lineIndent(text, node.from);
  const prefix = text.slice(lineStart + indent.length, node.from);
  const suffix = rest.startsWith(',') ? ',' : '';
  const out = render(prefix, e, suffix, indent, lay);
  return { ...edit, text: out.slice(prefix.length, out.length - suffix.length) };
}

/**
 * Takes keyword argument `name=value` out of a call and adds `items` at its end instead; a last argument is
 * replaced in place, keeping its comma and its line.
 */
export function replaceKeyword(
  text: string,
  args: SyntaxNode,
  kw: { name: SyntaxNode; value: SyntaxNode },
  items: NewItem[],
  lay: PyLayout,
): TextEdit[] {
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
    const lines = items.map((it, i) =>
      ownLine ? render(it.prefix, it.expr, i < items.length - 1 ? ',' : suffix, indent, lay) : it.prefix + flat(it.expr),
    );
    const out = ownLine ? lines.join(`\n${indent}`) : lines.join(', ');
    return [{ start: kw.name.from, end: kw.value.to, text: ownLine ? out.slice(0, out.length - suffix.length) : out }];
  }
  const eol = text.indexOf('\n', comma!.to);
  // One argument per line: the whole line goes (with a comment on it, which described the argument).
  const removal =
    ownLine && eol !== -1 && eol < next.from && /^\s*(#.*)?$/.test(text.slice(comma!.to, eol))
      ? { start: lineStart, end: eol + 1, text: '' }
      : { start: kw.name.from, end: next.from, text: '' };
  return [removal, ...appendItems(text, args, items, lay)];
}

/** The elements of a bracketed node, split at its top-level commas (brackets and comments left out). */
function groups(container: SyntaxNode): SyntaxNode[][] {
  const out: SyntaxNode[][] = [[]];
  for (const c of elements(container)) {
    if (c.name === ',') out.push([]);
    else out[out.length - 1]!.push(c);
  }
  if (!out[out.length - 1]!.length) out.pop();
  return out;
}

/**
 * An expression of the source as a layout tree: calls, list and dict literals, parenthesized expressions and
 * conditionals can be split; anything else (and anything with a comprehension or already over several lines) is
 * kept as its source text.
 */
export function docOf(text: string, node: SyntaxNode): PyExpr {
  const src = text.slice(node.from, node.to);
  if (src.includes('\n')) return src;
  const s = (n: SyntaxNode) => text.slice(n.from, n.to);
  const items = (container: SyntaxNode, entry: (g: SyntaxNode[]) => NewItem | undefined): NewItem[] | undefined => {
    const out: NewItem[] = [];
    for (const g of groups(container)) {
      const it = entry(g);
      if (!it) return undefined;
      out.push(it);
    }
    return out;
  };
  const star = (g: SyntaxNode[]): NewItem | undefined =>
    g.length === 2 && (g[0]!.name === '*' || g[0]!.name === '**') ? { prefix: s(g[0]!), expr: docOf(text, g[1]!) } : undefined;
  switch (node.name) {
    case 'CallExpression': {
      const args = node.lastChild;
      if (args?.name !== 'ArgList') return src;
      const list = items(args, (g) => {
        if (g.length === 1) return { prefix: '', expr: docOf(text, g[0]!) };
        if (g.length === 3 && g[0]!.name === 'VariableName' && g[1]!.name === 'AssignOp')
          return { prefix: `${s(g[0]!)}=`, expr: docOf(text, g[2]!) };
        return star(g);
      });
      return list ? { call: text.slice(node.from, args.from), args: list } : src;
    }
    case 'DictionaryExpression': {
      const list = items(node, (g) =>
        g.length === 3 && g[1]!.name === ':' ? { prefix: `${s(g[0]!)}: `, expr: docOf(text, g[2]!) } : star(g),
      );
      return list ? { seq: list, open: '{', close: '}' } : src;
    }
    case 'ArrayExpression': {
      const list = items(node, (g) => (g.length === 1 ? { prefix: '', expr: docOf(text, g[0]!) } : star(g)));
      return list ? { seq: list, open: '[', close: ']' } : src;
    }
    case 'ParenthesizedExpression': {
      const inner = elements(node);
      return inner.length === 1 ? { paren: docOf(text, inner[0]!) } : src;
    }
    case 'ConditionalExpression': {
      const [then, kIf, cond, kElse, otherwise] = elements(node);
      return then && kIf?.name === 'if' && cond && kElse?.name === 'else' && otherwise
        ? { cond: [docOf(text, then), s(cond), docOf(text, otherwise)] }
        : src;
    }
    default:
      return src;
  }
}

const SPLITTABLE = new Set(['CallExpression', 'DictionaryExpression', 'ArrayExpression', 'ParenthesizedExpression']);
const STATEMENT_PARENTS = new Set(['Script', 'Body']);

/**
 * The edit that lays out, as black would, the one line holding `pos` when it is longer than the line length and
 * ends with a bracket black would split at: a whole one-line statement (`client = OpenAI(...)`, `return f(...)`,
 * `async with A(...) as c:`), or one element line of a container already laid out over lines
 * (`    openai_client=AsyncOpenAI(...),`). Undefined when the line fits or has another shape (left as it is).
 */
export function relayoutLine(text: string, tree: Tree, pos: number, lay: PyLayout): TextEdit | undefined {
  const lineStart = text.lastIndexOf('\n', pos - 1) + 1;
  const nl = text.indexOf('\n', pos);
  const lineEnd = nl === -1 ? text.length : nl;
  if (lineEnd - lineStart <= lay.max) return undefined;
  const indent = lineIndent(text, lineStart);
  const first = lineStart + indent.length;
  // The code ends before a trailing comment, and before the `:` of a compound statement's header.
  let codeEnd = lineEnd;
  const last = tree.resolveInner(lineEnd, -1);
  if (last.name === 'Comment' && last.from >= lineStart) codeEnd = last.from;
  const code = text.slice(lineStart, codeEnd).replace(/[\s:,]*$/, '');
  const close = lineStart + code.length - 1;
  if (!/[)\]}]/.test(text[close] ?? '')) return undefined;
  let target: SyntaxNode | null = tree.resolveInner(close + 1, -1);
  while (target && !(SPLITTABLE.has(target.name) && target.to === close + 1)) target = target.parent;
  if (!target || target.from < first) return undefined;
  // What the target is: the start of a statement, or an element of a container opened on an earlier line.
  let holder: SyntaxNode | null = target;
  while (holder && holder.from > first) holder = holder.parent;
  if (!holder) return undefined;
  const statement = holder.from === first && !!holder.parent && STATEMENT_PARENTS.has(holder.parent.name);
  const element =
    /^(ArgList|DictionaryExpression|ArrayExpression)$/.test(holder.name) &&
    /[,([{]\s*$/.test(text.slice(holder.from, first)) &&
    text.slice(holder.from, first).includes('\n');
  if (!statement && !element) return undefined;
  const after = text.slice(target.to, codeEnd);
  if (!/^[\w\s.,:]*$/.test(after)) return undefined;
  const before = text.slice(first, target.from);
  const out = render(before, docOf(text, target), text.slice(target.to, lineEnd), indent, lay);
  return out === text.slice(first, lineEnd) ? undefined : { start: first, end: lineEnd, text: out };
}
