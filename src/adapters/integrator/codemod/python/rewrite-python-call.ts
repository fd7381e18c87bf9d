/**
 * Computes the text edits for one Python client construction, in the call's own layout. `optional` routing: the
 * new keywords go into ONE `**({...} if os.environ.get("HELICONE_API_KEY") else {})` argument (not `base_url=None`:
 * LangChain reads OPENAI_API_BASE / ANTHROPIC_API_URL from the environment only when the keyword is absent), an
 * existing base URL becomes a conditional with the original as the else branch, and existing headers gain the
 * Helicone-Auth header only with the key. `always`: the unconditional keywords. Or the site is left alone with a reason.
 */
import type { SyntaxNode } from '@lezer/common';
import type { TextEdit } from '../apply-edits';
import {
  AZURE_ENDPOINT_ENV,
  HELICONE_AZURE_BASE_HEADER,
  HELICONE_AZURE_BASE_URL,
  HELICONE_BASE_URL,
  heliconeHostFor,
  isDefaultProviderUrl,
  isHeliconeUrl,
  splitAzureUrl,
} from '../helicone-targets';
import type { SiteVerdict } from '../rewrite-constructor';
import { children, hasDoubleStar, keywordArgs, type PythonSite } from './find-python-sites';
import { pyForms, type HeaderEntry, type PyForms, type PythonStyle } from './python-forms';
import { appendItems, flat, replaceKeyword, replaceNode, type DictEntry, type NewItem, type PyExpr } from './python-layout';
import { clipCode } from '../../../../shared/clip-code';

export { detectPythonQuote, type PythonStyle } from './python-forms';

type Kwarg = { name: SyntaxNode; value: SyntaxNode };
/** A keyword argument the rewrite adds. */
type NewKeyword = { key: string; value: PyExpr };

export function planPythonRewrite(text: string, site: PythonSite, style: PythonStyle): SiteVerdict {
  const { kind, args } = site;
  const f = pyForms(text, style);
  if (kind.library === 'langchain-openai-azure-python') {
    return {
      outcome: 'skipped',
      reason: "LangChain's Azure classes resolve azure_endpoint and openai_api_base themselves; route them by hand",
    };
  }
  // Our own optional form, from an earlier run: `**({"base_url": "https://oai.helicone.ai/v1", ...} if ... else {})`.
  if (routedSpread(text, args)) return { outcome: 'already-integrated', reason: 'a **(...) argument already routes through Helicone' };
  if (hasDoubleStar(args, text))
    return { outcome: 'skipped', reason: 'arguments include **kwargs, so an existing base URL cannot be ruled out' };
  if (kind.provider === 'azure') return planPythonAzure(text, args, f);
  const kwargs = keywordArgs(args, text);
  const src = (n: SyntaxNode) => text.slice(n.from, n.to);
  const edits: TextEdit[] = [];
  const add: NewKeyword[] = [];

  const base = kwargs.get(kind.baseKey);
  const baseUrl = HELICONE_BASE_URL[kind.provider];
  if (base) {
    const value = src(base.value);
    if (isHeliconeUrl(value)) return { outcome: 'already-integrated', reason: `${kind.baseKey} already points at Helicone` };
    const literal = stringLiteral(base.value, value);
    if (literal === undefined) return { outcome: 'skipped', reason: `${kind.baseKey} is computed (${clipCode(value)})` };
    const target = isDefaultProviderUrl(kind.provider, literal) ? baseUrl : heliconeHostFor(literal);
    if (!target) return { outcome: 'skipped', reason: `${kind.baseKey} points at ${literal}, which has no Helicone proxy host` };
    // Optional: the original URL (Groq's, say) stays as the else branch, so without the key nothing changes.
    edits.push(replaceNode(text, base.value, f.optional ? f.withKey(f.str(target), value) : f.str(target), f.lay));
  } else add.push({ key: kind.baseKey, value: f.str(baseUrl) });

  mergeHeaders(text, kwargs.get(kind.headersKey), kind.headersKey, [f.auth], f, edits, add);
  if (add.length) edits.push(...appendItems(text, args, newKeywords(add, [], f), f.lay));
  return { outcome: 'changed', edits };
}

/** A plain string literal's value (no f/r/b prefix), or undefined for anything computed. */
function stringLiteral(node: SyntaxNode, value: string): string | undefined {
  return node.name === 'String' && !/^[fFrRbB]/.test(value) ? value.slice(1, -1) : undefined;
}

function routedSpread(text: string, args: SyntaxNode): boolean {
  const parts = children(args);
  return parts.some(
    (c, i) => text.slice(c.from, c.to) === '**' && !!parts[i + 1] && isHeliconeUrl(text.slice(parts[i + 1]!.from, parts[i + 1]!.to)),
  );
}

/**
 * The arguments carrying new keywords: optional, one `**(...)` holding them all (`otherwise` is what the call
 * gets without the key, e.g. the Azure endpoint it had); always, one `key=value` each.
 */
function newKeywords(add: NewKeyword[], otherwise: DictEntry[], f: PyForms): NewItem[] {
  if (f.optional)
    return [
      f.spreadWithKey(
        add.map((a) => ({ key: f.str(a.key), value: a.value })),
        otherwise,
      ),
    ];
  // The unconditional form is what the codemod always wrote: inline, never broken over lines.
  return add.map((a) => ({ prefix: `${a.key}=`, expr: flat(a.value) }));
}

/**
 * Adds header entries to a headers dict (keeping its own; optional: as a `**(...)` entry), around a variable
 * (`{**h, ...}`; optional: `{**h, ...} if <key> else h`), or as a new keyword.
 */
export function mergeHeaders(
  text: string,
  headers: Kwarg | undefined,
  headersKey: string,
  entries: HeaderEntry[],
  f: PyForms,
  edits: TextEdit[],
  add: NewKeyword[],
): void {
  const dict: PyExpr = { dict: entries.map((e) => e.entry) };
  if (!headers) {
    add.push({ key: headersKey, value: dict });
  } else if (headers.value.name === 'None') {
    // An explicit None (the SDKs' default): no headers to keep, and `{**None}` would raise.
    edits.push(replaceNode(text, headers.value, f.optional ? f.withKey(dict, 'None') : flat(dict), f.lay));
  } else if (headers.value.name === 'DictionaryExpression') {
    const body = text.slice(headers.value.from, headers.value.to);
    const missing = entries.filter((e) => !body.includes(e.name)).map((e) => e.entry);
    if (!missing.length) return;
    const items = f.optional ? [f.spreadWithKey(missing)] : missing.map((e) => ({ prefix: `${e.key}: `, expr: flat(e.value) }));
    edits.push(
      ...((f.optional ? explodedDict(text, headers.value, items[0]!, f) : undefined) ?? appendItems(text, headers.value, items, f.lay)),
    );
  } else {
    const h = text.slice(headers.value.from, headers.value.to);
    // `**` binds tighter than `or` / `if`: anything but a name, attribute, subscript or call is parenthesized.
    const spread = /^(VariableName|MemberExpression|CallExpression)$/.test(headers.value.name) ? h : `(${h})`;
    const merged: PyExpr = { dict: [{ spread }, ...entries.map((e) => e.entry)] };
    edits.push(replaceNode(text, headers.value, f.optional ? f.withKey(merged, h) : flat(merged), f.lay));
  }
}

/**
 * A one-line dict that ends its line (a keyword of a multi-line call) and would overflow with the new entry: laid
 * out one entry per line, as black would lay it out. Undefined when the inline form is kept.
 */
function explodedDict(text: string, dict: SyntaxNode, item: NewItem, f: PyForms): TextEdit[] | undefined {
  const src = (n: SyntaxNode) => text.slice(n.from, n.to);
  if (src(dict).includes('\n')) return undefined;
  const entries: DictEntry[] = [];
  let group: SyntaxNode[] = [];
  for (const c of [...children(dict).filter((c) => c.name !== '{' && c.name !== '}'), undefined]) {
    if (c && c.name !== ',') {
      group.push(c);
      continue;
    }
    if (group.length === 3 && group[1]!.name === ':') entries.push({ key: src(group[0]!), value: src(group[2]!) });
    else if (group.length === 2 && group[0]!.name === '**') entries.push({ spread: src(group[1]!) });
    else if (group.length) return undefined; // a comprehension or something unexpected: keep the inline form
    group = [];
  }
  entries.push({ spread: item.expr });
  const edit = replaceNode(text, dict, { dict: entries }, f.lay);
  return edit.text.includes('\n') ? [edit] : undefined;
}

/**
 * Azure OpenAI through Helicone: `base_url` on oai.helicone.ai (with `/deployments/<azure_deployment>` when the call
 * names one, since the SDK only appends it to an azure_endpoint), the resource endpoint in Helicone-OpenAI-Api-Base.
 * The SDK refuses base_url next to azure_endpoint, so with the key `azure_endpoint=X` gives way to the base_url and
 * X moves into the header (optional: X becomes the else branch of the `**(...)`); api_version and the key stay.
 * Without an endpoint the SDK reads AZURE_OPENAI_ENDPOINT, so the header does.
 */
function planPythonAzure(text: string, args: SyntaxNode, f: PyForms): SiteVerdict {
  const { q, inner } = f;
  const kwargs = keywordArgs(args, text);
  const src = (n: SyntaxNode) => text.slice(n.from, n.to);
  const edits: TextEdit[] = [];
  const add: NewKeyword[] = [];
  const otherwise: DictEntry[] = [];
  let moved: Kwarg | undefined;
  let endpointExpr: string;
  const base = kwargs.get('base_url');
  const endpoint = kwargs.get('azure_endpoint');
  if (base) {
    const value = src(base.value);
    if (isHeliconeUrl(value)) return { outcome: 'already-integrated', reason: 'base_url already points at Helicone' };
    const literal = stringLiteral(base.value, value);
    const azure = literal === undefined ? undefined : splitAzureUrl(literal);
    if (!azure)
      return {
        outcome: 'skipped',
        reason: `base_url is ${literal === undefined ? `computed (${clipCode(value)})` : `${literal}, not an Azure OpenAI resource`}`,
      };
    const target = f.str(`https://oai.helicone.ai${azure.path}`);
    edits.push(replaceNode(text, base.value, f.optional ? f.withKey(target, value) : target, f.lay));
    endpointExpr = f.str(azure.origin);
  } else {
    const deployment = kwargs.get('azure_deployment');
    let url = f.str(HELICONE_AZURE_BASE_URL);
    if (deployment) {
      const d = src(deployment.value);
      const plain = stringLiteral(deployment.value, d);
      if (plain !== undefined && !/[{}\\]/.test(plain)) url = f.str(`${HELICONE_AZURE_BASE_URL}/deployments/${plain}`);
      else if (/^[A-Za-z_][\w.]*$/.test(d)) url = `f${q}${HELICONE_AZURE_BASE_URL}/deployments/{${d}}${q}`;
      else return { outcome: 'skipped', reason: `azure_deployment is computed (${clipCode(d)})` };
    }
    if (endpoint) {
      const value = src(endpoint.value);
      if (isHeliconeUrl(value)) return { outcome: 'already-integrated', reason: 'azure_endpoint already points at Helicone' };
      endpointExpr = value;
      if (f.optional) {
        moved = endpoint;
        add.push({ key: 'base_url', value: url });
        otherwise.push({ key: f.str('azure_endpoint'), value });
      } else edits.push({ start: endpoint.name.from, end: endpoint.value.to, text: `base_url=${url}` });
    } else {
      add.push({ key: 'base_url', value: url });
      endpointExpr = f.optional ? `os.environ.get(${f.str(AZURE_ENDPOINT_ENV)})` : `os.environ.get(${inner}${AZURE_ENDPOINT_ENV}${inner})`;
    }
  }
  const apiBase: HeaderEntry = { name: HELICONE_AZURE_BASE_HEADER, entry: { key: f.str(HELICONE_AZURE_BASE_HEADER), value: endpointExpr } };
  mergeHeaders(text, kwargs.get('default_headers'), 'default_headers', [f.auth, apiBase], f, edits, add);
  const items = newKeywords(add, otherwise, f);
  if (moved) edits.push(...replaceKeyword(text, args, moved, items, f.lay));
  else if (items.length) edits.push(...appendItems(text, args, items, f.lay));
  return { outcome: 'changed', edits };
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
