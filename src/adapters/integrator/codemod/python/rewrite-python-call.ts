/**
 * Computes the text edits for one Python client construction: add `base_url` and a `default_headers` entry with
 * the Helicone-Auth header read from the environment, in the call's own layout; merge into existing headers; route
 * other providers to their Helicone host; or leave the site alone with a reason.
 */
import type { SyntaxNode } from '@lezer/common';
import type { TextEdit } from '../apply-edits';
import { lineIndent } from '../file-style';
import { HELICONE_AUTH_HEADER, HELICONE_BASE_URL, HELICONE_KEY_ENV, heliconeHostFor, isDefaultProviderUrl, isHeliconeUrl } from '../helicone-targets';
import type { SiteVerdict } from '../rewrite-constructor';
import { children, hasDoubleStar, keywordArgs, type PythonSite } from './find-python-sites';

export interface PythonStyle {
  quote: '"' | "'";
}

export function detectPythonQuote(text: string): '"' | "'" {
  const single = (text.match(/(^|[^'])'[^'\n]*'/g) ?? []).length;
  const double = (text.match(/(^|[^"])"[^"\n]*"/g) ?? []).length;
  return single > double ? "'" : '"';
}

export function planPythonRewrite(text: string, site: PythonSite, style: PythonStyle): SiteVerdict {
  const { kind, args } = site;
  if (kind.provider === 'azure') return { outcome: 'skipped', reason: 'Azure OpenAI needs a deployment-specific Helicone URL' };
  const q = style.quote;
  const inner = q === '"' ? "'" : '"';
  const headerEntry = `${q}${HELICONE_AUTH_HEADER}${q}: f${q}Bearer {os.environ.get(${inner}${HELICONE_KEY_ENV}${inner})}${q}`;
  if (hasDoubleStar(args, text)) return { outcome: 'skipped', reason: 'arguments include **kwargs, so an existing base URL cannot be ruled out' };
  const kwargs = keywordArgs(args, text);
  const src = (n: SyntaxNode) => text.slice(n.from, n.to);
  const edits: TextEdit[] = [];
  const add: string[] = [];

  const base = kwargs.get(kind.baseKey);
  const baseUrl = HELICONE_BASE_URL[kind.provider];
  if (base) {
    const value = src(base.value);
    if (isHeliconeUrl(value)) return { outcome: 'already-integrated', reason: `${kind.baseKey} already points at Helicone` };
    const literal = base.value.name === 'String' && !/^[fFrRbB]/.test(value) ? value.slice(1, -1) : undefined;
    if (literal === undefined) return { outcome: 'skipped', reason: `${kind.baseKey} is computed (${clip(value)})` };
    const target = isDefaultProviderUrl(kind.provider, literal) ? baseUrl : heliconeHostFor(literal);
    if (!target) return { outcome: 'skipped', reason: `${kind.baseKey} points at ${literal}, which has no Helicone proxy host` };
    edits.push({ start: base.value.from, end: base.value.to, text: `${q}${target}${q}` });
  } else add.push(`${kind.baseKey}=${q}${baseUrl}${q}`);

  const headers = kwargs.get(kind.headersKey);
  if (!headers) add.push(`${kind.headersKey}={${headerEntry}}`);
  else if (headers.value.name === 'DictionaryExpression') {
    if (!src(headers.value).includes(HELICONE_AUTH_HEADER)) {
      const entries = children(headers.value).filter((c) => c.name !== '{' && c.name !== '}' && c.name !== ',' && c.name !== ':');
      const close = headers.value.to - 1;
      edits.push({ start: close, end: close, text: entries.length ? `, ${headerEntry}` : headerEntry });
    }
  } else {
    edits.push({ start: headers.value.from, end: headers.value.to, text: `{**${src(headers.value)}, ${headerEntry}}` });
  }

  if (add.length) edits.push(...insertKeywords(text, args, add));
  return { outcome: 'changed', edits };
}

/** New keyword arguments at the end of an ArgList, one per line for a multi-line call, inline otherwise. */
function insertKeywords(text: string, args: SyntaxNode, add: string[]): TextEdit[] {
  // Comments are nodes too: they must not be mistaken for the last argument.
  const parts = children(args).filter((c) => c.name !== '(' && c.name !== ')' && c.name !== 'Comment');
  const close = args.to - 1;
  if (!parts.length) return [{ start: close, end: close, text: add.join(', ') }];
  const last = parts[parts.length - 1]!;
  const trailing = last.name === ',';
  const firstArg = parts[0]!;
  const multiline = text.slice(args.from, firstArg.from).includes('\n');
  if (!multiline) return [{ start: last.to, end: last.to, text: trailing ? ` ${add.join(', ')},` : `, ${add.join(', ')}` }];
  const indent = lineIndent(text, firstArg.from);
  const lines = add.map((a) => `\n${indent}${a}${trailing ? ',' : ''}`).join(trailing ? '' : ',');
  // New lines go after a comment that ends the last argument's line, so the comment stays with its argument.
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
 * `import os` for the header's environment lookup when the file lacks it: before the first import (stdlib first),
 * but after `from __future__` imports, which must stay first.
 */
export function addImportOs(text: string): TextEdit | undefined {
  if (/^\s*import\s+os\s*(#.*)?$/m.test(text)) return undefined;
  const m = /^(import |from (?!__future__\b)\S+ import )/m.exec(text);
  if (m) return { start: m.index, end: m.index, text: 'import os\n' };
  const future = [...text.matchAll(/^from __future__ import [^\n]*\n/gm)].pop();
  const at = future ? future.index! + future[0].length : 0;
  return { start: at, end: at, text: 'import os\n' };
}

function clip(s: string): string {
  const one = s.replace(/\s+/g, ' ');
  return one.length > 60 ? `${one.slice(0, 57)}...` : one;
}
