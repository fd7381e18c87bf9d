/**
 * The pieces every JS/TS rewrite is made of, in both routing modes. `optional` (the default): whatever the rewrite
 * adds applies only when HELICONE_API_KEY is set at run time, so without it the client makes exactly the request it
 * made before: new entries go into ONE `...(process.env.HELICONE_API_KEY ? { ... } : {})`, a value that changes
 * becomes `process.env.HELICONE_API_KEY ? routed : original`. `always`: the routed values unconditionally.
 */
import ts from 'typescript';
import type { RoutingMode } from '../../../shared/types';
import type { TextEdit } from './apply-edits';
import type { FileStyle } from './file-style';
import { HELICONE_AUTH_HEADER, HELICONE_KEY_ENV, isHeliconeUrl } from './helicone-targets';
import { cond, obj, prop, spread, text, type Code } from './js-layout';
import { renderPlan, type ObjPlan } from './object-plan';
import { resolveObject } from './resolve-options';

export type SiteVerdict =
  { outcome: 'changed'; edits: TextEdit[] } | { outcome: 'already-integrated'; reason: string } | { outcome: 'skipped'; reason: string };

/** A site that is not changed, and why. */
export type Unchanged = Exclude<SiteVerdict, { outcome: 'changed' }>;

/** A header the rewrite adds: its name (to see whether it is there already) and its entry. */
export type HeaderEntry = { key: string; code: Code };

export interface Forms {
  style: FileStyle;
  /** Routing `optional`: the routed values apply only when the key is set. */
  optional: boolean;
  /**
   * What reads the key at run time: `process.env.HELICONE_API_KEY`, or the repository's own way to read its
   * settings (`env.HELICONE_API_KEY` from its settings module, an action's input). The test of the optional forms
   * and the value of the Helicone-Auth header.
   */
  test: string;
  /** A string literal in the file's quotes. */
  str(s: string): Code;
  header(key: string, value: Code): HeaderEntry;
  /** `'Helicone-Auth': \`Bearer ${<key>}\``. */
  auth: HeaderEntry;
  /** `key ? routed : original` with optional routing; `routed` with always. */
  when(routed: Code, original: Code): Code;
  /** New entries: one conditional spread holding them all with optional routing; the entries with always. */
  added(entries: Code[]): Code[];
}

/** How code reads the key when the repository has no settings module of its own. */
export const ENV_KEY_READ = `process.env.${HELICONE_KEY_ENV}`;

export function forms(style: FileStyle, routing: RoutingMode, keyRead: string = ENV_KEY_READ): Forms {
  const q = style.quote;
  const test = keyRead;
  const str = (s: string) => text(`${q}${s}${q}`);
  const header = (key: string, value: Code): HeaderEntry => ({ key, code: prop(`${q}${key}${q}`, value) });
  const optional = routing === 'optional';
  return {
    style,
    optional,
    test,
    str,
    header,
    auth: header(HELICONE_AUTH_HEADER, text(`\`Bearer \${${test}}\``)),
    when: (routed, original) => (optional ? cond(test, routed, original) : routed),
    added: (entries) => (optional && entries.length ? [spread(cond(test, obj(entries), obj([])))] : entries),
  };
}

/** The argument of a client built without options: `key ? { ... } : {}`, or the routed options themselves. */
export function noOptions(entries: Code[], f: Forms): Code {
  return f.when(obj(entries), obj([]));
}

/** Options the file does not spell out are skipped, unless they are our own routed form (`key ? {...} : {}`). */
export function unresolved(sf: ts.SourceFile, arg: ts.Expression, why: string): Unchanged {
  if (isHeliconeUrl(arg.getText(sf))) return { outcome: 'already-integrated', reason: 'the options already route through Helicone' };
  return { outcome: 'skipped', reason: why };
}

export function done(sf: ts.SourceFile, planned: ObjPlan | Unchanged, style: FileStyle): SiteVerdict {
  return 'outcome' in planned ? planned : { outcome: 'changed', edits: renderPlan(sf, planned, style) };
}

/**
 * Adds header entries to the options' headers without replacing what is there: into an object literal (entries
 * it already has are kept), around a variable (`{ ...headers, entry }`), or as a new headers property, which the
 * caller adds with its other new properties (returned).
 */
export function planHeaders(
  sf: ts.SourceFile,
  plan: ObjPlan,
  headersKey: string,
  entries: HeaderEntry[],
  f: Forms,
): Code[] | { reason: string } {
  const codes = entries.map((e) => e.code);
  const headers = findProperty(plan.obj, headersKey);
  if (!headers) return [prop(headersKey, obj(codes))];
  if (ts.isShorthandPropertyAssignment(headers)) {
    const name = headers.name.text;
    plan.replace.set(headers, prop(name, f.when(obj([spread(text(name)), ...codes]), text(name))));
    return [];
  }
  if (!ts.isPropertyAssignment(headers)) return { reason: `${headersKey} is not a plain property` };
  const init = headers.initializer;
  if (ts.isObjectLiteralExpression(init)) {
    const missing = entries.filter((e) => !findProperty(init, e.key)).map((e) => e.code);
    if (missing.length) plan.nested.push({ obj: init, replace: new Map(), nested: [], append: f.added(missing) });
    return [];
  }
  const src = init.getText(sf);
  // `...a || b` would read the same, but a conditional or an arrow would not: parenthesise anything but a name.
  const spreadable =
    ts.isIdentifier(init) || ts.isPropertyAccessExpression(init) || ts.isCallExpression(init) || ts.isElementAccessExpression(init)
      ? src
      : `(${src})`;
  plan.replace.set(init, f.when(obj([spread(text(spreadable)), ...codes]), text(src)));
  return [];
}

/**
 * Why this options object already goes through Helicone, if it does: a base URL naming a Helicone host (our own
 * `key ? helicone : original` included), a spread that does (our own optional form, from an earlier run), or a
 * spread of a const object of the file that does (shared options routed by an earlier run).
 */
export function alreadyRouted(sf: ts.SourceFile, o: ts.ObjectLiteralExpression, baseKey: string, depth = 0): Unchanged | undefined {
  const base = findProperty(o, baseKey);
  if (base && ts.isPropertyAssignment(base) && isHeliconeUrl(base.initializer.getText(sf))) {
    return { outcome: 'already-integrated', reason: `${baseKey} already points at Helicone` };
  }
  for (const p of o.properties) {
    if (!ts.isSpreadAssignment(p)) continue;
    if (isHeliconeUrl(p.expression.getText(sf)))
      return { outcome: 'already-integrated', reason: 'a spread already routes the client through Helicone' };
    const r = depth < 5 ? resolveObject(sf, p.expression) : undefined;
    if (r && 'obj' in r && r.via && alreadyRouted(sf, r.obj, baseKey, depth + 1)) {
      return { outcome: 'already-integrated', reason: `options spread \`${r.via}\`, which already routes through Helicone` };
    }
  }
  return undefined;
}

/** The string a literal stands for, or undefined when the expression is computed. */
export function literalText(e: ts.Expression): string | undefined {
  return ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e) ? e.text : undefined;
}

export function findProperty(o: ts.ObjectLiteralExpression, name: string): ts.ObjectLiteralElementLike | undefined {
  return o.properties.find((p) => {
    const n = p.name;
    return !!n && (ts.isIdentifier(n) || ts.isStringLiteral(n)) && n.text.toLowerCase() === name.toLowerCase();
  });
}
