/**
 * What the two YAML formats (Compose files, Helm values) share. The `yaml` package parses the file to find the
 * environment lists and their entries' exact offsets; the change itself is a text insertion of whole lines, so
 * comments, quoting and layout everywhere else stay byte for byte.
 */
import { type Document, type Node, type Scalar, isScalar, parseDocument } from 'yaml';
import { type Line, insertLinesAfter, splitLines } from './common';

export interface YamlFile {
  text: string;
  doc: Document.Parsed;
  lines: Line[];
  eol: string;
  usesComments: boolean;
}

/** Lines to add after a line. */
export interface Insertion {
  after: Line;
  lines: string[];
}

/** The parsed file, or undefined when it does not parse cleanly (such a file is left alone). */
export function readYaml(text: string): YamlFile | undefined {
  const doc = parseDocument(text, { merge: true, uniqueKeys: false });
  if (doc.errors.length || !doc.contents) return undefined;
  return { text, doc, lines: splitLines(text), eol: text.includes('\r\n') ? '\r\n' : '\n', usesComments: /^\s*#/m.test(text) };
}

/** The line holding offset `at`. */
export function lineAt(f: YamlFile, at: number): Line {
  let lo = 0;
  let hi = f.lines.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (f.lines[mid]!.start <= at) lo = mid;
    else hi = mid - 1;
  }
  return f.lines[lo]!;
}

/** The first and the last line of a node (trailing line breaks and spaces not counted). */
export function nodeLines(f: YamlFile, node: Node): { first: Line; last: Line } {
  const [start, end] = node.range!;
  let e = end;
  while (e > start && /\s/.test(f.text[e - 1]!)) e--;
  return { first: lineAt(f, start), last: lineAt(f, Math.max(start, e - 1)) };
}

/** A scalar string written in the quote style of `like` (plain stays plain). */
export function quoteLike(like: Scalar, value: string): string {
  if (like.type === 'QUOTE_DOUBLE') return `"${value}"`;
  if (like.type === 'QUOTE_SINGLE') return `'${value}'`;
  return value;
}

/** An empty string in the quote style of `like`; a plain scalar becomes `""` (a plain empty value is null). */
export function emptyLike(like: Scalar): string {
  return like.type === 'QUOTE_SINGLE' ? "''" : '""';
}

export function isSingleLineScalar(f: YamlFile, node: unknown): node is Scalar {
  if (!isScalar(node) || !node.range || node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED') return false;
  const { first, last } = nodeLines(f, node);
  return first === last;
}

/** The text with every insertion applied, or undefined when the result would not parse. */
export function applyInsertions(f: YamlFile, insertions: Insertion[]): string | undefined {
  if (!insertions.length) return undefined;
  let out = f.text;
  for (const ins of [...insertions].sort((a, b) => b.after.start - a.after.start)) out = insertLinesAfter(out, ins.after, ins.lines, f.eol);
  return readYaml(out) ? out : undefined;
}

/** OPENAI_API_KEY → its spellings (`openai-api-key`, `openaiApiKey`…) paired with HELICONE_API_KEY's. */
export function spellings(name: string, target: string): [string, string][] {
  const forms = (n: string) => {
    const w = n.toLowerCase().split('_').filter(Boolean);
    const camel = w.map((x, i) => (i ? x[0]!.toUpperCase() + x.slice(1) : x)).join('');
    return [n, w.join('_'), w.join('-'), w.join('.'), camel, camel[0]!.toUpperCase() + camel.slice(1)];
  };
  const to = forms(target);
  return forms(name).map((f, i) => [f, to[i]!]);
}
