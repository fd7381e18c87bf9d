/**
 * Decides what to do with one client construction and computes the text edits: add Helicone's base URL and the
 * Helicone-Auth header, merge into existing headers, or leave the site alone with a reason a reviewer can check.
 */
import ts from 'typescript';
import type { TextEdit } from './apply-edits';
import { lineIndent, type FileStyle } from './file-style';
import type { FoundSite } from './find-client-sites';
import { HELICONE_AUTH_HEADER, HELICONE_BASE_URL, HELICONE_KEY_ENV, isDefaultProviderUrl, isHeliconeUrl } from './helicone-targets';

/** Longest line the codemod writes inline before it breaks a new options object over several lines. */
const MAX_LINE = 100;

export type SiteVerdict =
  | { outcome: 'changed'; edits: TextEdit[] }
  | { outcome: 'already-integrated'; reason: string }
  | { outcome: 'skipped'; reason: string };

export function planRewrite(sf: ts.SourceFile, site: FoundSite, style: FileStyle): SiteVerdict {
  if (site.library === 'openai-azure') {
    return { outcome: 'skipped', reason: 'Azure OpenAI needs a deployment-specific Helicone URL' };
  }
  const baseUrl = HELICONE_BASE_URL[site.library];
  const q = style.quote;
  const header = `${q}${HELICONE_AUTH_HEADER}${q}: \`Bearer \${process.env.${HELICONE_KEY_ENV}}\``;
  const baseUrlProp = `baseURL: ${q}${baseUrl}${q}`;
  const args = site.node.arguments;
  if (!args) return { outcome: 'skipped', reason: 'constructed without an argument list' };
  if (args.length === 0) {
    const inline = `{ ${baseUrlProp}, defaultHeaders: { ${header} } }`;
    const lineText = sf.text.slice(sf.text.lastIndexOf('\n', args.pos - 1) + 1, sf.text.indexOf('\n', args.pos) >>> 0);
    if (lineText.length + inline.length <= MAX_LINE) return { outcome: 'changed', edits: [{ start: args.pos, end: args.pos, text: inline }] };
    // Too long for one line: lay the new object out the way formatters do.
    const indent = lineIndent(sf.text, args.pos);
    const inner = indent + style.indentUnit;
    const block = `{\n${inner}${baseUrlProp},\n${inner}defaultHeaders: { ${header} },\n${indent}}`;
    return { outcome: 'changed', edits: [{ start: args.pos, end: args.pos, text: block }] };
  }
  const options = args[0]!;
  if (!ts.isObjectLiteralExpression(options)) {
    return { outcome: 'skipped', reason: `options are passed as \`${clip(options.getText(sf))}\`, not an object literal` };
  }
  if (options.properties.some(ts.isSpreadAssignment)) {
    return { outcome: 'skipped', reason: 'options include a spread, so an existing baseURL cannot be ruled out' };
  }

  const edits: TextEdit[] = [];
  const newProps: { single: string; multi: (indent: string) => string }[] = [];

  const base = findProperty(options, 'baseURL');
  if (base) {
    if (!ts.isPropertyAssignment(base)) return { outcome: 'skipped', reason: 'baseURL comes from a variable' };
    const init = base.initializer;
    const literal = ts.isStringLiteral(init) || ts.isNoSubstitutionTemplateLiteral(init) ? init.text : undefined;
    if (isHeliconeUrl(init.getText(sf))) return { outcome: 'already-integrated', reason: 'baseURL already points at Helicone' };
    if (literal === undefined) return { outcome: 'skipped', reason: `baseURL is computed (\`${clip(init.getText(sf))}\`)` };
    if (!isDefaultProviderUrl(site.library, literal)) {
      return { outcome: 'skipped', reason: `baseURL points at ${literal}, not the provider's default API` };
    }
    edits.push({ start: init.getStart(sf), end: init.end, text: `${q}${baseUrl}${q}` });
  } else {
    newProps.push({ single: baseUrlProp, multi: () => baseUrlProp });
  }

  const headers = findProperty(options, 'defaultHeaders');
  if (!headers) {
    newProps.push({
      single: `defaultHeaders: { ${header} }`,
      multi: (indent) => `defaultHeaders: {\n${indent}${style.indentUnit}${header}${options.properties.hasTrailingComma ? ',' : ''}\n${indent}}`,
    });
  } else if (ts.isShorthandPropertyAssignment(headers)) {
    edits.push({ start: headers.getStart(sf), end: headers.end, text: `defaultHeaders: { ...defaultHeaders, ${header} }` });
  } else if (ts.isPropertyAssignment(headers) && ts.isObjectLiteralExpression(headers.initializer)) {
    const obj = headers.initializer;
    if (!findProperty(obj, HELICONE_AUTH_HEADER)) edits.push(...insertProperties(sf, obj, [{ single: header, multi: () => header }], style));
  } else if (ts.isPropertyAssignment(headers)) {
    const init = headers.initializer;
    edits.push({ start: init.getStart(sf), end: init.end, text: `{ ...${init.getText(sf)}, ${header} }` });
  } else {
    return { outcome: 'skipped', reason: 'defaultHeaders is not a plain property' };
  }

  if (newProps.length) edits.push(...insertProperties(sf, options, newProps, style));
  return { outcome: 'changed', edits };
}

function findProperty(obj: ts.ObjectLiteralExpression, name: string): ts.ObjectLiteralElementLike | undefined {
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
function insertProperties(
  sf: ts.SourceFile,
  obj: ts.ObjectLiteralExpression,
  props: { single: string; multi: (indent: string) => string }[],
  style: FileStyle,
): TextEdit[] {
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
