/**
 * The pieces every Python rewrite is built from, in the file's quote style and the routing mode. In `optional`
 * mode everything new sits behind `os.environ.get("HELICONE_API_KEY")`, so an app without the key sends exactly the
 * requests it sent before (Helicone answers `Bearer None` with 401); `always` keeps the unconditional forms.
 */
import type { RoutingMode } from '../../../../shared/types';
import { HELICONE_AUTH_HEADER, HELICONE_KEY_ENV } from '../helicone-targets';
import { MAX_LINE, detectPythonIndent, type DictEntry, type NewItem, type PyExpr, type PyLayout } from './python-layout';

/**
 * How the file reads HELICONE_API_KEY: from `os.environ` (the default), with `os.getenv` / `getenv` when that is
 * what the file uses, or from the repository's settings object (`settings.helicone_api_key`, pydantic-settings).
 */
export type KeyRead = { kind: 'environ' } | { kind: 'getenv'; call: string } | { kind: 'expr'; expr: string };

export interface PythonStyle {
  quote: '"' | "'";
  /** Default `optional`. */
  routing?: RoutingMode;
  /** One indentation step; detected from the file when absent. */
  indentUnit?: string;
  /** The repository's line length (black's 88 when absent). */
  maxLine?: number;
  /** Default `os.environ`. */
  key?: KeyRead;
}

export interface PyForms {
  optional: boolean;
  q: '"' | "'";
  /** The other quote, for strings nested in an f-string (required before Python 3.12). */
  inner: '"' | "'";
  unit: string;
  lay: PyLayout;
  str(s: string): string;
  /** `os.environ.get("HELICONE_API_KEY")` (or the file's way of reading it): true only when the key is set and not empty. */
  guard: string;
  /** The key's value as the Helicone-Auth header reads it. */
  key: string;
  /** `"Helicone-Auth": f"Bearer {...}"` as a dict entry. */
  auth: HeaderEntry;
  /** `then if <guard> else otherwise`. */
  withKey(then: PyExpr, otherwise: PyExpr): PyExpr;
  /** A `**(... if <guard> else ...)` argument or dict entry. */
  spreadWithKey(then: DictEntry[], otherwise?: DictEntry[]): NewItem;
  /** `if <guard>:` and the statement under it, at top level. */
  guardedStatement(statement: string): string;
}

/** A header entry and the header's name (to see whether a headers dict already has it). */
export interface HeaderEntry {
  name: string;
  entry: { key: string; value: PyExpr };
}

export function detectPythonQuote(text: string): '"' | "'" {
  const single = (text.match(/(^|[^'])'[^'\n]*'/g) ?? []).length;
  const double = (text.match(/(^|[^"])"[^"\n]*"/g) ?? []).length;
  return single > double ? "'" : '"';
}

export function pyForms(text: string, style: PythonStyle): PyForms {
  const q = style.quote;
  const inner = q === '"' ? "'" : '"';
  const optional = (style.routing ?? 'optional') === 'optional';
  const unit = style.indentUnit ?? detectPythonIndent(text);
  const str = (s: string) => `${q}${s}${q}`;
  const read = style.key ?? { kind: 'environ' };
  let guard: string;
  let key: string;
  if (read.kind === 'expr') guard = key = read.expr;
  else if (read.kind === 'getenv') {
    guard = `${read.call}(${str(HELICONE_KEY_ENV)})`;
    key = `${read.call}(${inner}${HELICONE_KEY_ENV}${inner})`;
  } else {
    guard = `os.environ.get(${str(HELICONE_KEY_ENV)})`;
    // Behind the guard the key is known to be set, so `os.environ[...]` reads it; the unconditional form keeps the
    // `.get` it always had.
    key = optional ? `os.environ[${inner}${HELICONE_KEY_ENV}${inner}]` : `os.environ.get(${inner}${HELICONE_KEY_ENV}${inner})`;
  }
  const withKey = (then: PyExpr, otherwise: PyExpr): PyExpr => ({ cond: [then, guard, otherwise] });
  return {
    optional,
    q,
    inner,
    unit,
    lay: { unit, max: style.maxLine ?? MAX_LINE },
    str,
    guard,
    key,
    auth: { name: HELICONE_AUTH_HEADER, entry: { key: str(HELICONE_AUTH_HEADER), value: `f${q}Bearer {${key}}${q}` } },
    withKey,
    spreadWithKey: (then, otherwise = []) => ({ prefix: '**', expr: { paren: withKey({ dict: then }, { dict: otherwise }) } }),
    guardedStatement: (statement) => `if ${guard}:\n${unit}${statement}`,
  };
}
