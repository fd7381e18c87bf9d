/**
 * The verifier judges behaviour, not strings: it evaluates a client's options twice, in a world where
 * HELICONE_API_KEY is set and in one where it is not, and compares what the SDK would be given. This module is the
 * small value model both evaluators (JS/TS and Python) share: what is known (strings, objects…), what is absent
 * (undefined / None), and what the file alone cannot tell (`opaque`, compared by its source text).
 */

/** The environment variable a change must depend on. */
export const KEY_ENV = 'HELICONE_API_KEY';
/** The key's value in the "key set" world; any non-empty string would do. */
export const WORLD_KEY = 'sk-helicone-verifier';

export interface World {
  /** HELICONE_API_KEY's value, or undefined when unset. */
  key: string | undefined;
}

export const WITH_KEY: World = { key: WORLD_KEY };
export const WITHOUT_KEY: World = { key: undefined };

export type SymValue =
  | { k: 'str'; v: string }
  | { k: 'num'; v: number }
  | { k: 'bool'; v: boolean }
  /** `undefined`, `null`, `None`, or a property that is not there; `explicit` for a Python `None` argument. */
  | { k: 'none'; explicit?: boolean }
  /** Properties in order; `spreads` are spread sources the file cannot see into (their source text). */
  | { k: 'obj'; props: Map<string, SymValue>; spreads: string[] }
  /**
   * A value the file alone does not determine (a parameter, another env variable, a call); its source text. A
   * template or f-string with an unknown part keeps its known literal start in `prefix` (enough to see the host).
   */
  | { k: 'opaque'; text: string; prefix?: string };

export const NONE: SymValue = { k: 'none' };
export const str = (v: string): SymValue => ({ k: 'str', v });
export const opaque = (text: string, prefix?: string): SymValue => ({
  k: 'opaque',
  text: text.replace(/\s+/g, ''),
  ...(prefix ? { prefix } : {}),
});
export const emptyObj = (): Extract<SymValue, { k: 'obj' }> => ({ k: 'obj', props: new Map(), spreads: [] });

/**
 * Names that stand for the Helicone key however a repository reads its settings: `settings.helicone_api_key`,
 * `env.HELICONE_API_KEY`, `config.heliconeApiKey`, a local `heliconeKey`. The verifier cannot follow a settings
 * module into another file, so a read under such a name is taken to be the key.
 */
export function namesHeliconeKey(name: string): boolean {
  return /helicone_?(api_?)?key/i.test(name);
}

/** The key read from the environment (or a settings field named for it), in a given world. */
export function keyValue(world: World): SymValue {
  return world.key === undefined ? NONE : str(world.key);
}

/** JS/Python truthiness; undefined when the value is opaque. */
export function truthy(v: SymValue): boolean | undefined {
  switch (v.k) {
    case 'str':
      return v.v !== '';
    case 'num':
      return v.v !== 0;
    case 'bool':
      return v.v;
    case 'none':
      return false;
    case 'obj':
      return true;
    case 'opaque':
      return undefined;
  }
}

/** How a value prints inside a JS template literal or a Python f-string; undefined when opaque. */
export function asText(v: SymValue, lang: 'js' | 'py'): string | undefined {
  switch (v.k) {
    case 'str':
      return v.v;
    case 'num':
      return String(v.v);
    case 'bool':
      return lang === 'py' ? (v.v ? 'True' : 'False') : String(v.v);
    case 'none':
      return lang === 'py' ? 'None' : 'undefined';
    default:
      return undefined;
  }
}

/** Spreads `source` into `target` (later wins), as `{ ...source }` / `{**source}` do. */
export function spreadInto(target: Extract<SymValue, { k: 'obj' }>, source: SymValue, sourceText: string): void {
  if (source.k === 'obj') {
    for (const [k, v] of source.props) {
      target.props.delete(k);
      target.props.set(k, v);
    }
    target.spreads.push(...source.spreads);
  } else if (source.k === 'opaque') target.spreads.push(sourceText.replace(/\s+/g, ''));
  // Spreading undefined, null, false, '' or {} adds nothing.
}

/** A property of an object value (exact name), or of a header object (any case). */
export function prop(v: SymValue | undefined, name: string, caseInsensitive = false): SymValue | undefined {
  if (!v || v.k !== 'obj') return undefined;
  if (!caseInsensitive) return v.props.get(name);
  const lower = name.toLowerCase();
  let found: SymValue | undefined;
  for (const [k, val] of v.props) if (k.toLowerCase() === lower) found = val;
  return found;
}

/**
 * A stable text for comparing two values: object keys sorted, absent properties dropped. With `explicitNone`, a
 * property set to an explicit Python `None` is kept: for pydantic models (LangChain) it is not the same as leaving
 * the keyword out, which lets the field read its environment default.
 */
export function canonical(v: SymValue | undefined, explicitNone = false): string {
  if (!v) return 'none';
  switch (v.k) {
    case 'str':
      return JSON.stringify(v.v);
    case 'num':
    case 'bool':
      return String(v.v);
    case 'none':
      return explicitNone && v.explicit ? 'None' : 'none';
    case 'opaque':
      return `<${v.text}>`;
    case 'obj': {
      // `{ ...opts }` gives a constructor what `opts` gives it.
      if (v.spreads.length === 1 && ![...v.props.values()].some((x) => x.k !== 'none')) return `<${v.spreads[0]}>`;
      const kept = (x: SymValue) => x.k !== 'none' || (explicitNone && x.explicit === true);
      const entries = [...v.props.entries()].filter(([, x]) => kept(x)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      const spreads = v.spreads.length ? [`...[${v.spreads.join(',')}]`] : [];
      return `{${[...entries.map(([k, x]) => `${JSON.stringify(k)}:${canonical(x, explicitNone)}`), ...spreads].join(',')}}`;
    }
  }
}

/** The first place two values differ, as a short path and both sides (for a reason a person reads). */
export function firstDifference(a: SymValue | undefined, b: SymValue | undefined, at = '', explicitNone = false): string | undefined {
  if (canonical(a, explicitNone) === canonical(b, explicitNone)) return undefined;
  if (a?.k === 'obj' && b?.k === 'obj') {
    const keys = [...new Set([...a.props.keys(), ...b.props.keys()])];
    for (const k of keys) {
      const d = firstDifference(a.props.get(k), b.props.get(k), at ? `${at}.${k}` : k, explicitNone);
      if (d) return d;
    }
    return `${at || 'options'}: spreads ${a.spreads.join(', ') || 'none'} instead of ${b.spreads.join(', ') || 'none'}`;
  }
  return `${at || 'options'} is ${short(a, explicitNone)} instead of ${short(b, explicitNone)}`;
}

function short(v: SymValue | undefined, explicitNone: boolean): string {
  const c = v ? canonical(v, explicitNone) : 'absent';
  return c.length > 80 ? `${c.slice(0, 77)}...` : c;
}
