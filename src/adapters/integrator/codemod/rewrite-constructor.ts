/**
 * Decides what to do with one client construction and computes the text edits: add Helicone's base URL and the
 * Helicone-Auth header under the names the client's package uses (LangChain nests them), merge into existing
 * headers, route other providers (Azure OpenAI included) to their own Helicone host, or leave the site alone with a
 * reason. Options may be inline, a const object declared in the file, or spread from one (see resolve-options).
 */
import ts from 'typescript';
import type { TextEdit } from './apply-edits';
import { STYLE_KEYS } from './client-catalog';
import { lineIndent, type FileStyle } from './file-style';
import type { FoundSite } from './find-client-sites';
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
} from './helicone-targets';
import { resolveObject, spreadProblem } from './resolve-options';
import { clipCode } from '../../../shared/clip-code';

/** Longest line the codemod writes inline before it breaks a new options object over several lines. */
const MAX_LINE = 100;

export type SiteVerdict =
  | { outcome: 'changed'; edits: TextEdit[] }
  | { outcome: 'already-integrated'; reason: string }
  | { outcome: 'skipped'; reason: string };

type NewProp = { single: string; multi: (indent: string) => string };

/**
 * `routedObjects`: const option objects of this file that another client's rewrite gives the base URL and headers.
 * A client that only spreads one of them is routed by that edit and needs none of its own.
 */
export function planRewrite(sf: ts.SourceFile, site: FoundSite, style: FileStyle, routedObjects: ReadonlySet<ts.ObjectLiteralExpression> = new Set()): SiteVerdict {
  const { kind } = site;
  const keys = STYLE_KEYS[kind.style];
  const q = style.quote;
  const auth: HeaderEntry = { key: HELICONE_AUTH_HEADER, text: `${q}${HELICONE_AUTH_HEADER}${q}: \`Bearer \${process.env.${HELICONE_KEY_ENV}}\`` };
  const args = site.node.arguments;
  if (!args) return { outcome: 'skipped', reason: 'constructed without an argument list' };
  if (kind.provider === 'azure') return planAzure(sf, args, auth, style);
  const baseUrl = HELICONE_BASE_URL[kind.provider];
  // The properties a fresh options object (or a fresh LangChain container) gets.
  const inner = `${keys.baseKey}: ${q}${baseUrl}${q}, ${keys.headersKey}: { ${auth.text} }`;
  const fresh = keys.container ? `${keys.container}: { ${inner} }` : inner;

  if (args.length === 0) return { outcome: 'changed', edits: [insertFreshOptions(sf, args.pos, fresh, style)] };
  const resolved = resolveObject(sf, args[0]!);
  if ('why' in resolved) return { outcome: 'skipped', reason: resolved.why };
  const options = resolved.obj;
  const spread = spreadProblem(sf, options, keys.container ? [keys.container] : [keys.baseKey, keys.headersKey]);
  if (spread) return { outcome: 'skipped', reason: spread };
  if (spreadsRoutedObject(sf, options, routedObjects)) return { outcome: 'changed', edits: [] };
  let target = options;
  if (keys.container) {
    const container = findProperty(options, keys.container);
    if (!container) {
      const prop: NewProp = {
        single: fresh,
        multi: (indent) =>
          `${keys.container}: {\n${indent}${style.indentUnit}${keys.baseKey}: ${q}${baseUrl}${q},\n${indent}${style.indentUnit}${keys.headersKey}: { ${auth.text} },\n${indent}}`,
      };
      return { outcome: 'changed', edits: insertProperties(sf, options, [prop], style) };
    }
    const value = ts.isPropertyAssignment(container) ? container.initializer : ts.isShorthandPropertyAssignment(container) ? container.name : undefined;
    const inside = value && resolveObject(sf, value);
    if (!inside || 'why' in inside) return { outcome: 'skipped', reason: `${keys.container} is not an object literal` };
    target = inside.obj;
    const nested = spreadProblem(sf, target, [keys.baseKey, keys.headersKey]);
    if (nested) return { outcome: 'skipped', reason: `${keys.container}: ${nested}` };
  }
  return planForObject(sf, target, { baseKey: keys.baseKey, headersKey: keys.headersKey, baseUrl, headers: [auth], provider: kind.provider }, style);
}

/** The options object a client receives through a variable, when it is a const object of this file. */
export function sharedOptionsObject(sf: ts.SourceFile, site: FoundSite): ts.ObjectLiteralExpression | undefined {
  const arg = site.node.arguments?.[0];
  const r = arg && resolveObject(sf, arg);
  return r && 'obj' in r && r.via ? r.obj : undefined;
}

function spreadsRoutedObject(sf: ts.SourceFile, obj: ts.ObjectLiteralExpression, routed: ReadonlySet<ts.ObjectLiteralExpression>): boolean {
  return obj.properties.some((p) => {
    if (!ts.isSpreadAssignment(p)) return false;
    const r = resolveObject(sf, p.expression);
    return 'obj' in r && routed.has(r.obj);
  });
}

type HeaderEntry = { key: string; text: string };

function planForObject(
  sf: ts.SourceFile,
  obj: ts.ObjectLiteralExpression,
  t: { baseKey: string; headersKey: string; baseUrl: string; headers: HeaderEntry[]; provider: 'openai' | 'anthropic' },
  style: FileStyle,
): SiteVerdict {
  const q = style.quote;
  const edits: TextEdit[] = [];
  const newProps: NewProp[] = [];

  const base = findProperty(obj, t.baseKey);
  if (base) {
    if (!ts.isPropertyAssignment(base)) return { outcome: 'skipped', reason: `${t.baseKey} comes from a variable` };
    const init = base.initializer;
    const literal = ts.isStringLiteral(init) || ts.isNoSubstitutionTemplateLiteral(init) ? init.text : undefined;
    if (isHeliconeUrl(init.getText(sf))) return { outcome: 'already-integrated', reason: `${t.baseKey} already points at Helicone` };
    if (literal === undefined) return { outcome: 'skipped', reason: `${t.baseKey} is computed (\`${clipCode(init.getText(sf))}\`)` };
    const target = isDefaultProviderUrl(t.provider, literal) ? t.baseUrl : heliconeHostFor(literal);
    if (!target) return { outcome: 'skipped', reason: `${t.baseKey} points at ${literal}, which has no Helicone proxy host` };
    edits.push({ start: init.getStart(sf), end: init.end, text: `${q}${target}${q}` });
  } else {
    const prop = `${t.baseKey}: ${q}${t.baseUrl}${q}`;
    newProps.push({ single: prop, multi: () => prop });
  }
  const merged = mergeHeaders(sf, obj, t.headersKey, t.headers, style);
  if ('reason' in merged) return { outcome: 'skipped', reason: merged.reason };
  edits.push(...merged.edits);
  newProps.push(...merged.newProps);
  if (newProps.length) edits.push(...insertProperties(sf, obj, newProps, style));
  return { outcome: 'changed', edits };
}

/**
 * Adds header entries to the options' headers object without replacing what is there: into an object literal
 * (entries it already has are kept), around a variable (`{ ...headers, entry }`), or as a new headers property.
 */
function mergeHeaders(
  sf: ts.SourceFile,
  obj: ts.ObjectLiteralExpression,
  headersKey: string,
  entries: HeaderEntry[],
  style: FileStyle,
): { edits: TextEdit[]; newProps: NewProp[] } | { reason: string } {
  const all = entries.map((e) => e.text).join(', ');
  const headers = findProperty(obj, headersKey);
  if (!headers) {
    return {
      edits: [],
      newProps: [
        {
          single: `${headersKey}: { ${all} }`,
          multi: (indent) =>
            `${headersKey}: {\n${entries.map((e) => `${indent}${style.indentUnit}${e.text}`).join(',\n')}${obj.properties.hasTrailingComma ? ',' : ''}\n${indent}}`,
        },
      ],
    };
  }
  if (ts.isShorthandPropertyAssignment(headers)) {
    return { edits: [{ start: headers.getStart(sf), end: headers.end, text: `${headersKey}: { ...${headersKey}, ${all} }` }], newProps: [] };
  }
  if (ts.isPropertyAssignment(headers) && ts.isObjectLiteralExpression(headers.initializer)) {
    const h = headers.initializer;
    const missing = entries.filter((e) => !findProperty(h, e.key));
    return { edits: missing.length ? insertProperties(sf, h, missing.map((e) => ({ single: e.text, multi: () => e.text })), style) : [], newProps: [] };
  }
  if (ts.isPropertyAssignment(headers)) {
    const init = headers.initializer;
    return { edits: [{ start: init.getStart(sf), end: init.end, text: `{ ...${init.getText(sf)}, ${all} }` }], newProps: [] };
  }
  return { reason: `${headersKey} is not a plain property` };
}

/**
 * Azure OpenAI goes through `https://oai.helicone.ai/openai` (the SDK appends `/deployments/<deployment>`), with the
 * resource's own endpoint in Helicone-OpenAI-Api-Base. The SDK refuses `baseURL` together with `endpoint`, so the
 * endpoint property becomes the baseURL and its value moves into the header; `apiVersion`, `deployment` and the key
 * stay as they are. Without an endpoint the SDK reads AZURE_OPENAI_ENDPOINT, so the header does too.
 */
function planAzure(sf: ts.SourceFile, args: ts.NodeArray<ts.Expression>, auth: HeaderEntry, style: FileStyle): SiteVerdict {
  const q = style.quote;
  const baseProp = `baseURL: ${q}${HELICONE_AZURE_BASE_URL}${q}`;
  const apiBase = (expr: string): HeaderEntry => ({ key: HELICONE_AZURE_BASE_HEADER, text: `${q}${HELICONE_AZURE_BASE_HEADER}${q}: ${expr}` });
  const envEndpoint = `process.env.${AZURE_ENDPOINT_ENV}`;
  if (args.length === 0) {
    return { outcome: 'changed', edits: [insertFreshOptions(sf, args.pos, `${baseProp}, defaultHeaders: { ${auth.text}, ${apiBase(envEndpoint).text} }`, style)] };
  }
  const resolved = resolveObject(sf, args[0]!);
  if ('why' in resolved) return { outcome: 'skipped', reason: resolved.why };
  const obj = resolved.obj;
  const spread = spreadProblem(sf, obj, ['baseURL', 'endpoint', 'defaultHeaders']);
  if (spread) return { outcome: 'skipped', reason: spread };
  const edits: TextEdit[] = [];
  const newProps: NewProp[] = [];
  let endpointExpr: string;
  const base = findProperty(obj, 'baseURL');
  const endpoint = findProperty(obj, 'endpoint');
  if (base) {
    if (!ts.isPropertyAssignment(base)) return { outcome: 'skipped', reason: 'baseURL comes from a variable' };
    const init = base.initializer;
    if (isHeliconeUrl(init.getText(sf))) return { outcome: 'already-integrated', reason: 'baseURL already points at Helicone' };
    const literal = ts.isStringLiteral(init) || ts.isNoSubstitutionTemplateLiteral(init) ? init.text : undefined;
    const azure = literal === undefined ? undefined : splitAzureUrl(literal);
    if (!azure) return { outcome: 'skipped', reason: `baseURL is ${literal === undefined ? `computed (\`${clipCode(init.getText(sf))}\`)` : `${literal}, not an Azure OpenAI resource`}` };
    edits.push({ start: init.getStart(sf), end: init.end, text: `${q}https://oai.helicone.ai${azure.path}${q}` });
    endpointExpr = `${q}${azure.origin}${q}`;
  } else if (endpoint && (ts.isPropertyAssignment(endpoint) || ts.isShorthandPropertyAssignment(endpoint))) {
    const value = ts.isPropertyAssignment(endpoint) ? endpoint.initializer.getText(sf) : endpoint.name.text;
    if (isHeliconeUrl(value)) return { outcome: 'already-integrated', reason: 'endpoint already points at Helicone' };
    edits.push({ start: endpoint.getStart(sf), end: endpoint.end, text: baseProp });
    endpointExpr = value;
  } else if (endpoint) {
    return { outcome: 'skipped', reason: 'endpoint is not a plain property' };
  } else {
    newProps.push({ single: baseProp, multi: () => baseProp });
    endpointExpr = envEndpoint;
  }
  const merged = mergeHeaders(sf, obj, 'defaultHeaders', [auth, apiBase(endpointExpr)], style);
  if ('reason' in merged) return { outcome: 'skipped', reason: merged.reason };
  edits.push(...merged.edits);
  newProps.push(...merged.newProps);
  if (newProps.length) edits.push(...insertProperties(sf, obj, newProps, style));
  return { outcome: 'changed', edits };
}

/** A new options object where there was none: inline when short, laid out the way formatters do otherwise. */
function insertFreshOptions(sf: ts.SourceFile, pos: number, fresh: string, style: FileStyle): TextEdit {
  const inline = `{ ${fresh} }`;
  const lineStart = sf.text.lastIndexOf('\n', pos - 1) + 1;
  const lineEnd = sf.text.indexOf('\n', pos);
  const lineText = sf.text.slice(lineStart, lineEnd === -1 ? undefined : lineEnd);
  if (lineText.length + inline.length <= MAX_LINE) return { start: pos, end: pos, text: inline };
  const indent = lineIndent(sf.text, pos);
  const innerIndent = indent + style.indentUnit;
  const parts = splitTopLevel(fresh).map((p) => `${innerIndent}${p},`);
  return { start: pos, end: pos, text: `{\n${parts.join('\n')}\n${indent}}` };
}

/** Splits `a: 1, b: { c, d }` at its top-level commas. */
function splitTopLevel(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quote = '';
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (quote) {
      if (c === quote && s[i - 1] !== '\\') quote = '';
    } else if (c === "'" || c === '"' || c === '`') quote = c;
    else if (c === '{' || c === '(' || c === '[') depth++;
    else if (c === '}' || c === ')' || c === ']') depth--;
    else if (c === ',' && depth === 0) {
      out.push(s.slice(start, i).trim());
      start = i + 1;
    }
  }
  out.push(s.slice(start).trim());
  return out.filter(Boolean);
}

export function findProperty(obj: ts.ObjectLiteralExpression, name: string): ts.ObjectLiteralElementLike | undefined {
  return obj.properties.find((p) => {
    const n = p.name;
    return !!n && (ts.isIdentifier(n) || ts.isStringLiteral(n)) && n.text.toLowerCase() === name.toLowerCase();
  });
}

/**
 * Adds properties at the end of an object literal in its own layout: one per line with the existing indentation
 * for a multi-line object (after any comment that ends the last line), inline for a single-line one, keeping the
 * object's trailing-comma habit.
 */
function insertProperties(sf: ts.SourceFile, obj: ts.ObjectLiteralExpression, props: NewProp[], style: FileStyle): TextEdit[] {
  const text = sf.text;
  const all = obj.properties;
  if (all.length === 0) {
    return [{ start: obj.getStart(sf), end: obj.end, text: `{ ${props.map((p) => p.single).join(', ')} }` }];
  }
  const first = all[0]!;
  const last = all[all.length - 1]!;
  const trailing = all.hasTrailingComma;
  const afterLast = trailing ? text.indexOf(',', last.end) + 1 : last.end;
  const multiline = line(sf, obj.getStart(sf)) !== line(sf, first.getStart(sf));
  if (!multiline) {
    const inline = props.map((p) => p.single).join(', ');
    return [{ start: afterLast, end: afterLast, text: trailing ? ` ${inline},` : `, ${inline}` }];
  }
  const indent = lineIndent(text, first.getStart(sf)) || style.indentUnit;
  const lines = props.map((p) => `\n${indent}${p.multi(indent)}${trailing ? ',' : ''}`);
  const joined = trailing ? lines.join('') : lines.join(',');
  // Keep a comment that ends the last property's line attached to that property.
  const lineEnd = text.indexOf('\n', afterLast);
  const rest = lineEnd === -1 ? '' : text.slice(afterLast, lineEnd);
  const at = lineEnd !== -1 && /^\s*(\/\/.*)?$/.test(rest) ? lineEnd : afterLast;
  if (trailing) return [{ start: at, end: at, text: joined }];
  if (at === last.end) return [{ start: at, end: at, text: `,${joined}` }];
  return [
    { start: last.end, end: last.end, text: ',' },
    { start: at, end: at, text: joined },
  ];
}

function line(sf: ts.SourceFile, pos: number): number {
  return sf.getLineAndCharacterOfPosition(pos).line;
}
