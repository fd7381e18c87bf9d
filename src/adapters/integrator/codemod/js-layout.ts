/**
 * A small model of the JS the codemod writes, and a printer that lays it out as prettier does at the file's print
 * width (the formatter's printWidth; 100 columns when the repository configures none): on
 * one line when it fits, otherwise an object one entry per line, a conditional as `test` / `? then` / `: else`
 * below it, and arguments one per line (a last object argument hugs the parentheses instead).
 * Only these shapes are written, so the few rules prettier applies to them are all that is needed; the file's own
 * code is kept as text.
 */
import type { FileStyle } from './file-style';

/** Longest line the codemod writes when the repository configures no formatter; longer results are laid out over several lines. */
export const MAX_LINE = 100;

export type Code =
  /** Source text kept as it is (the file's own expressions, and literals the codemod writes). */
  | { k: 'text'; text: string }
  | { k: 'obj'; entries: Code[] }
  | { k: 'prop'; key: string; value: Code }
  | { k: 'spread'; value: Code }
  | { k: 'cond'; test: string; then: Code; else: Code }
  /** An argument list, parentheses included. */
  | { k: 'args'; items: Code[] }
  /** A call (or `new`) of the file's own callee text. */
  | { k: 'call'; callee: string; args: Code };

export const text = (t: string): Code => ({ k: 'text', text: t });
export const obj = (entries: Code[]): Code => ({ k: 'obj', entries });
export const prop = (key: string, value: Code): Code => ({ k: 'prop', key, value });
export const spread = (value: Code): Code => ({ k: 'spread', value });
export const cond = (test: string, then: Code, otherwise: Code): Code => ({ k: 'cond', test, then, else: otherwise });
export const args = (items: Code[]): Code => ({ k: 'args', items });

/** Where printing starts: the indentation of the current line, the column reached, and what follows on the line. */
export interface At {
  indent: string;
  col: number;
  /** Width of the text that must stay on the same line after the printed code (a comma, `);`). */
  suffix: number;
}

function flatAll(cs: Code[], style: Pick<FileStyle, 'bracketSpacing'>): string[] | undefined {
  const out: string[] = [];
  for (const x of cs) {
    const s = flat(x, style);
    if (s === undefined) return undefined;
    out.push(s);
  }
  return out;
}

/** The one-line form, or undefined when kept text spans several lines. (No closures: it runs at every level.) */
export function flat(c: Code, style: Pick<FileStyle, 'bracketSpacing'>): string | undefined {
  switch (c.k) {
    case 'text':
      return c.text.includes('\n') ? undefined : c.text;
    case 'obj': {
      const e = flatAll(c.entries, style);
      const pad = style.bracketSpacing ? ' ' : '';
      return e && (e.length ? `{${pad}${e.join(', ')}${pad}}` : '{}');
    }
    case 'prop': {
      const v = flat(c.value, style);
      return v === undefined ? undefined : `${c.key}: ${v}`;
    }
    case 'spread': {
      const v = flat(c.value, style);
      return v === undefined ? undefined : c.value.k === 'cond' ? `...(${v})` : `...${v}`;
    }
    case 'cond': {
      const [t, e] = [flat(c.then, style), flat(c.else, style)];
      return t === undefined || e === undefined ? undefined : `${c.test} ? ${t} : ${e}`;
    }
    case 'args': {
      const e = flatAll(c.items, style);
      return e && `(${e.join(', ')})`;
    }
    case 'call': {
      const a = flat(c.args, style);
      return a === undefined ? undefined : c.callee + a;
    }
  }
}

export function print(c: Code, at: At, style: FileStyle): string {
  const one = flat(c, style);
  if (one !== undefined && at.col + one.length + at.suffix <= style.printWidth) return one;
  switch (c.k) {
    case 'text':
      return c.text;
    case 'prop':
      return `${c.key}: ${print(c.value, { ...at, col: at.col + c.key.length + 2 }, style)}`;
    case 'spread':
      return c.value.k === 'cond'
        ? `...(${print(c.value, { ...at, col: at.col + 4, suffix: at.suffix + 1 }, style)})`
        : `...${print(c.value, { ...at, col: at.col + 3 }, style)}`;
    case 'cond': {
      // `?` and `:` one level in; what follows them is aligned two columns further (a whole level with tabs).
      const ind = at.indent + style.indentUnit;
      const branch: At = { indent: ind + (style.indentUnit === '\t' ? '\t' : '  '), col: width(ind, style) + 2, suffix: 0 };
      const then = print(c.then, branch, style);
      return `${c.test}\n${ind}? ${then}\n${ind}: ${print(c.else, { ...branch, suffix: at.suffix }, style)}`;
    }
    case 'obj':
      return block('{', '}', c.entries, at, style, style.trailingComma);
    case 'args': {
      // A last object argument hugs the parentheses when the arguments before it stay on the line.
      const last = c.items[c.items.length - 1];
      const before = c.items.slice(0, -1).map((b) => flat(b, style));
      if (last?.k === 'obj' && before.every((b) => b !== undefined)) {
        const head = before.map((b) => `${b}, `).join('');
        return `(${head}${print(last, { ...at, col: at.col + 1 + head.length, suffix: at.suffix + 1 }, style)})`;
      }
      return block('(', ')', c.items, at, style, style.argsTrailingComma);
    }
    case 'call':
      return c.callee + print(c.args, { ...at, col: at.col + c.callee.length }, style);
  }
}

/** Entries one per line, one level in, closed on a line of its own. */
function block(open: string, close: string, items: Code[], at: At, style: FileStyle, trailing: boolean): string {
  if (!items.length) return open + close;
  const inner = at.indent + style.indentUnit;
  const lines = items.map((e, i) => {
    const comma = i < items.length - 1 || trailing ? ',' : '';
    return `${inner}${print(e, { indent: inner, col: width(inner, style), suffix: comma.length }, style)}${comma}`;
  });
  return `${open}\n${lines.join('\n')}\n${at.indent}${close}`;
}

/** Display width of a piece of one line (tabs count as prettier counts them: tabWidth columns). */
export function width(s: string, style: Pick<FileStyle, 'tabWidth'>): number {
  let w = 0;
  for (const ch of s) w += ch === '\t' ? style.tabWidth : 1;
  return w;
}
