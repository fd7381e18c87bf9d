/**
 * Decides what to do with one client construction and computes the text edits: add Helicone's base URL and the
 * Helicone-Auth header under the names the client's package uses (LangChain nests them), merge into existing
 * headers, route other providers to their own Helicone host, or leave the site alone with a reason.
 */
import ts from 'typescript';
import type { TextEdit } from './apply-edits';
import { STYLE_KEYS } from './client-catalog';
import { lineIndent, type FileStyle } from './file-style';
import type { FoundSite } from './find-client-sites';
import { HELICONE_AUTH_HEADER, HELICONE_BASE_URL, HELICONE_KEY_ENV, heliconeHostFor, isDefaultProviderUrl, isHeliconeUrl } from './helicone-targets';

/** Longest line the codemod writes inline before it breaks a new options object over several lines. */
const MAX_LINE = 100;

export type SiteVerdict =
  | { outcome: 'changed'; edits: TextEdit[] }
  | { outcome: 'already-integrated'; reason: string }
  | { outcome: 'skipped'; reason: string };

type NewProp = { single: string; multi: (indent: string) => string };

export function planRewrite(sf: ts.SourceFile, site: FoundSite, style: FileStyle): SiteVerdict {
  const { kind } = site;
  if (kind.provider === 'azure') {
    return { outcome: 'skipped', reason: 'Azure OpenAI needs a deployment-specific Helicone URL' };
  }
  const keys = STYLE_KEYS[kind.style];
  const q = style.quote;
  const header = `${q}${HELICONE_AUTH_HEADER}${q}: \`Bearer \${process.env.${HELICONE_KEY_ENV}}\``;
  const baseUrl = HELICONE_BASE_URL[kind.provider];
  // The properties a fresh options object (or a fresh LangChain container) gets.
  const inner = `${keys.baseKey}: ${q}${baseUrl}${q}, ${keys.headersKey}: { ${header} }`;
  const fresh = keys.container ? `${keys.container}: { ${inner} }` : inner;

  const args = site.node.arguments;
  if (!args) return { outcome: 'skipped', reason: 'constructed without an argument list' };
  if (args.length === 0) return { outcome: 'changed', edits: [insertFreshOptions(sf, args.pos, fresh, style)] };
  const options = args[0]!;
  if (!ts.isObjectLiteralExpression(options)) {
    return { outcome: 'skipped', reason: `options are passed as \`${clip(options.getText(sf))}\`, not an object literal` };
  }
  if (options.properties.some(ts.isSpreadAssignment)) {
    return { outcome: 'skipped', reason: 'options include a spread, so an existing base URL cannot be ruled out' };
  }
  let target = options;
  if (keys.container) {
    const container = findProperty(options, keys.container);
    if (!container) {
      const prop: NewProp = {
        single: fresh,
        multi: (indent) =>
          `${keys.container}: {\n${indent}${style.indentUnit}${keys.baseKey}: ${q}${baseUrl}${q},\n${indent}${style.indentUnit}${keys.headersKey}: { ${header} },\n${indent}}`,
      };
      return { outcome: 'changed', edits: insertProperties(sf, options, [prop], style) };
    }
    if (!ts.isPropertyAssignment(container) || !ts.isObjectLiteralExpression(container.initializer)) {
      return { outcome: 'skipped', reason: `${keys.container} is not an object literal` };
    }
    target = container.initializer;
    if (target.properties.some(ts.isSpreadAssignment)) {
      return { outcome: 'skipped', reason: `${keys.container} includes a spread, so an existing base URL cannot be ruled out` };
    }
  }
  return planForObject(sf, target, { baseKey: keys.baseKey, headersKey: keys.headersKey, baseUrl, header, provider: kind.provider }, style);
}

function planForObject(
  sf: ts.SourceFile,
  obj: ts.ObjectLiteralExpression,
  t: { baseKey: string; headersKey: string; baseUrl: string; header: string; provider: 'openai' | 'anthropic' },
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
    if (literal === undefined) return { outcome: 'skipped', reason: `${t.baseKey} is computed (\`${clip(init.getText(sf))}\`)` };
    const target = isDefaultProviderUrl(t.provider, literal) ? t.baseUrl : heliconeHostFor(literal);
    if (!target) return { outcome: 'skipped', reason: `${t.baseKey} points at ${literal}, which has no Helicone proxy host` };
    edits.push({ start: init.getStart(sf), end: init.end, text: `${q}${target}${q}` });
  } else {
    const prop = `${t.baseKey}: ${q}${t.baseUrl}${q}`;
    newProps.push({ single: prop, multi: () => prop });
  }

  const headers = findProperty(obj, t.headersKey);
  if (!headers) {
    newProps.push({
      single: `${t.headersKey}: { ${t.header} }`,
      multi: (indent) => `${t.headersKey}: {\n${indent}${style.indentUnit}${t.header}${obj.properties.hasTrailingComma ? ',' : ''}\n${indent}}`,
    });
  } else if (ts.isShorthandPropertyAssignment(headers)) {
    edits.push({ start: headers.getStart(sf), end: headers.end, text: `${t.headersKey}: { ...${t.headersKey}, ${t.header} }` });
  } else if (ts.isPropertyAssignment(headers) && ts.isObjectLiteralExpression(headers.initializer)) {
    const h = headers.initializer;
    if (!findProperty(h, HELICONE_AUTH_HEADER)) edits.push(...insertProperties(sf, h, [{ single: t.header, multi: () => t.header }], style));
  } else if (ts.isPropertyAssignment(headers)) {
    const init = headers.initializer;
    edits.push({ start: init.getStart(sf), end: init.end, text: `{ ...${init.getText(sf)}, ${t.header} }` });
  } else {
    return { outcome: 'skipped', reason: `${t.headersKey} is not a plain property` };
  }

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

function clip(s: string): string {
  const one = s.replace(/\s+/g, ' ');
  return one.length > 60 ? `${one.slice(0, 57)}...` : one;
}
