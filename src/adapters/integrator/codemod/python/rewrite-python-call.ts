/**
 * Computes the text edits for one Python client construction: add `base_url` and a `default_headers` entry with
 * the Helicone-Auth header read from the environment, in the call's own layout; merge into existing headers; route
 * other providers to their Helicone host; or leave the site alone with a reason.
 */
import type { SyntaxNode } from '@lezer/common';
import type { TextEdit } from '../apply-edits';
import { lineIndent } from '../file-style';
import {
  AZURE_ENDPOINT_ENV,
  HELICONE_AUTH_HEADER,
  HELICONE_AZURE_BASE_HEADER,
  HELICONE_AZURE_BASE_URL,
  HELICONE_BASE_URL,
  HELICONE_KEY_ENV,
  heliconeHostFor,
  isDefaultProviderUrl,
  isHeliconeUrl,
  splitAzureUrl,
} from '../helicone-targets';
import type { SiteVerdict } from '../rewrite-constructor';
import { children, hasDoubleStar, keywordArgs, type PythonSite } from './find-python-sites';
import { clipCode } from '../../../../shared/clip-code';

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
  const q = style.quote;
  const inner = q === '"' ? "'" : '"';
  const headerEntry = `${q}${HELICONE_AUTH_HEADER}${q}: f${q}Bearer {os.environ.get(${inner}${HELICONE_KEY_ENV}${inner})}${q}`;
  if (kind.library === 'langchain-openai-azure-python') {
    return { outcome: 'skipped', reason: "LangChain's Azure classes resolve azure_endpoint and openai_api_base themselves; route them by hand" };
  }
  if (hasDoubleStar(args, text)) return { outcome: 'skipped', reason: 'arguments include **kwargs, so an existing base URL cannot be ruled out' };
  if (kind.provider === 'azure') return planPythonAzure(text, args, headerEntry, style);
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
    if (literal === undefined) return { outcome: 'skipped', reason: `${kind.baseKey} is computed (${clipCode(value)})` };
    const target = isDefaultProviderUrl(kind.provider, literal) ? baseUrl : heliconeHostFor(literal);
    if (!target) return { outcome: 'skipped', reason: `${kind.baseKey} points at ${literal}, which has no Helicone proxy host` };
    edits.push({ start: base.value.from, end: base.value.to, text: `${q}${target}${q}` });
  } else add.push(`${kind.baseKey}=${q}${baseUrl}${q}`);

  mergeHeaderEntries(text, kwargs.get(kind.headersKey), kind.headersKey, [{ key: HELICONE_AUTH_HEADER, text: headerEntry }], edits, add);
  if (add.length) edits.push(...insertKeywords(text, args, add));
  return { outcome: 'changed', edits };
}

type Kwarg = { name: SyntaxNode; value: SyntaxNode };

/** Adds header entries to a headers dict (keeping its own), around a variable (`{**h, ...}`), or as a new keyword. */
function mergeHeaderEntries(text: string, headers: Kwarg | undefined, headersKey: string, entries: { key: string; text: string }[], edits: TextEdit[], add: string[]): void {
  const all = entries.map((e) => e.text).join(', ');
  if (!headers) {
    add.push(`${headersKey}={${all}}`);
  } else if (headers.value.name === 'DictionaryExpression') {
    const body = text.slice(headers.value.from, headers.value.to);
    const missing = entries.filter((e) => !body.includes(e.key)).map((e) => e.text);
    if (missing.length) {
      const existing = children(headers.value).filter((c) => c.name !== '{' && c.name !== '}' && c.name !== ',' && c.name !== ':');
      const close = headers.value.to - 1;
      edits.push({ start: close, end: close, text: existing.length ? `, ${missing.join(', ')}` : missing.join(', ') });
    }
  } else {
    edits.push({ start: headers.value.from, end: headers.value.to, text: `{**${text.slice(headers.value.from, headers.value.to)}, ${all}}` });
  }
}

/**
 * Azure OpenAI through Helicone: `base_url` on oai.helicone.ai (with `/deployments/<azure_deployment>` when the call
 * names one, since the SDK only appends it to an azure_endpoint), the resource endpoint in Helicone-OpenAI-Api-Base.
 * The SDK refuses base_url next to azure_endpoint, so `azure_endpoint=X` becomes the base_url and X moves into the
 * header; api_version and the key stay. Without an endpoint the SDK reads AZURE_OPENAI_ENDPOINT, so the header does.
 */
function planPythonAzure(text: string, args: SyntaxNode, authEntry: string, style: PythonStyle): SiteVerdict {
  const q = style.quote;
  const inner = q === '"' ? "'" : '"';
  const kwargs = keywordArgs(args, text);
  const src = (n: SyntaxNode) => text.slice(n.from, n.to);
  const edits: TextEdit[] = [];
  const add: string[] = [];
  let endpointExpr: string;
  const base = kwargs.get('base_url');
  const endpoint = kwargs.get('azure_endpoint');
  if (base) {
    const value = src(base.value);
    if (isHeliconeUrl(value)) return { outcome: 'already-integrated', reason: 'base_url already points at Helicone' };
    const literal = base.value.name === 'String' && !/^[fFrRbB]/.test(value) ? value.slice(1, -1) : undefined;
    const azure = literal === undefined ? undefined : splitAzureUrl(literal);
    if (!azure) return { outcome: 'skipped', reason: `base_url is ${literal === undefined ? `computed (${clipCode(value)})` : `${literal}, not an Azure OpenAI resource`}` };
    edits.push({ start: base.value.from, end: base.value.to, text: `${q}https://oai.helicone.ai${azure.path}${q}` });
    endpointExpr = `${q}${azure.origin}${q}`;
  } else {
    const deployment = kwargs.get('azure_deployment');
    let url = `${q}${HELICONE_AZURE_BASE_URL}${q}`;
    if (deployment) {
      const d = src(deployment.value);
      const plain = deployment.value.name === 'String' && !/^[fFrRbB]/.test(d) && !/[{}\\]/.test(d) ? d.slice(1, -1) : undefined;
      if (plain !== undefined) url = `${q}${HELICONE_AZURE_BASE_URL}/deployments/${plain}${q}`;
      else if (/^[A-Za-z_][\w.]*$/.test(d)) url = `f${q}${HELICONE_AZURE_BASE_URL}/deployments/{${d}}${q}`;
      else return { outcome: 'skipped', reason: `azure_deployment is computed (${clipCode(d)})` };
    }
    if (endpoint) {
      const value = src(endpoint.value);
      if (isHeliconeUrl(value)) return { outcome: 'already-integrated', reason: 'azure_endpoint already points at Helicone' };
      edits.push({ start: endpoint.name.from, end: endpoint.value.to, text: `base_url=${url}` });
      endpointExpr = value;
    } else {
      add.push(`base_url=${url}`);
      endpointExpr = `os.environ.get(${inner}${AZURE_ENDPOINT_ENV}${inner})`;
    }
  }
  const apiBase = { key: HELICONE_AZURE_BASE_HEADER, text: `${q}${HELICONE_AZURE_BASE_HEADER}${q}: ${endpointExpr}` };
  mergeHeaderEntries(text, kwargs.get('default_headers'), 'default_headers', [{ key: HELICONE_AUTH_HEADER, text: authEntry }, apiBase], edits, add);
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
