/**
 * Judges one client from what it is given in two worlds. With HELICONE_API_KEY set, its base URL must be a Helicone
 * host whose joined URL Helicone serves, with the Helicone-Auth header carrying the key. Without it (routing
 * `optional`), it must get exactly what the original code gave it, and in any case no Helicone host or header: a
 * Helicone-Auth of `Bearer undefined` is refused by the proxy with a 401, which breaks every user without a key.
 */
import type { RoutingMode } from '../shared/types';
import { isGateway, isHeliconeHost, urlJoinProblem } from './route-rules';
import { WORLD_KEY, canonical, emptyObj, firstDifference, namesHeliconeKey, prop, type SymValue } from './symbolic';

/** Where a library keeps its base URL and headers (LangChain JS nests them in a container object). */
export interface OptionLens {
  container?: string;
  baseKey: string;
  headersKey: string;
  /** Azure: the option that names the resource (the SDK refuses it next to a base URL). */
  azureEndpointKey?: string;
  /** A keyword passed as None differs from one left out (pydantic fields with environment defaults: LangChain). */
  explicitNone?: boolean;
}

export type ClientJudgement = { verdict: 'routed' } | { verdict: 'unconditional' | 'misrouted' | 'not-routed'; why: string };

export interface ClientWorlds {
  library: string;
  lens: OptionLens;
  /** What the client is given with the key set / unset (undefined: no options at all). */
  withKey?: SymValue | undefined;
  withoutKey?: SymValue | undefined;
  /**
   * What the same client was given in the original code, when the verifier knows it: `absent` when the original
   * had no options argument. Undefined when there is no original to compare with.
   */
  original?: SymValue | 'absent';
  routing: RoutingMode;
  /**
   * The client is built only in one world (under `if (HELICONE_API_KEY)` or its else branch): `with-key` is judged
   * with the key alone (without it nothing is built, which is the original behaviour); `without-key` only by what it
   * sends without the key.
   */
  builtOnly?: 'with-key' | 'without-key';
}

export function judgeClient(c: ClientWorlds): ClientJudgement {
  if (c.builtOnly === 'without-key') {
    const traces = heliconeTraces(c.lens, c.withoutKey);
    return traces ? { verdict: 'unconditional', why: `without HELICONE_API_KEY it still ${traces}` } : { verdict: 'routed' };
  }
  const withKey = routeWithKey(c.library, c.lens, c.withKey);
  if (withKey) return withKey;
  if (c.routing === 'always' || c.builtOnly === 'with-key') return { verdict: 'routed' };
  if (c.original !== undefined) {
    const before = c.original === 'absent' ? undefined : c.original;
    if (sameOptions(c.withoutKey, before, c.lens.explicitNone)) return { verdict: 'routed' };
  }
  const traces = heliconeTraces(c.lens, c.withoutKey);
  if (traces) return { verdict: 'unconditional', why: `without HELICONE_API_KEY it still ${traces}` };
  if (c.original !== undefined) {
    const empty = emptyObj();
    const diff = firstDifference(c.withoutKey ?? empty, c.original === 'absent' ? empty : c.original, '', c.lens.explicitNone);
    if (diff) return { verdict: 'unconditional', why: `without HELICONE_API_KEY it is not the original request: ${diff}` };
  }
  return { verdict: 'routed' };
}

/** No options argument and an empty options object configure an SDK client the same way. */
function sameOptions(a: SymValue | undefined, b: SymValue | undefined, explicitNone = false): boolean {
  const text = (v: SymValue | undefined) => (!v || v.k === 'none' ? '{}' : canonical(v, explicitNone));
  return text(a) === text(b);
}

/** Undefined when the client is routed with the key; otherwise why not. */
function routeWithKey(library: string, lens: OptionLens, options: SymValue | undefined): ClientJudgement | undefined {
  const no = (why: string): ClientJudgement => ({ verdict: 'not-routed', why });
  if (!options || options.k === 'none') return no('constructed without options, so it talks to the provider directly');
  if (options.k !== 'obj') return no(`options come from \`${describe(options)}\`; the verifier cannot see into them`);
  let obj: SymValue | undefined = options;
  if (lens.container) {
    obj = prop(options, lens.container);
    if (!obj || obj.k !== 'obj') return no(`no ${lens.container} object with a Helicone base URL`);
  }
  const base = prop(obj, lens.baseKey);
  const unseen = obj.k === 'obj' && obj.spreads.length ? obj.spreads.join(', ') : undefined;
  if (!base || base.k === 'none') {
    return no(
      unseen
        ? `options spread \`${unseen}\`, which the verifier cannot see into`
        : `no ${lens.baseKey}, so requests go to the provider directly`,
    );
  }
  // A URL with a variable part (`f"https://oai.helicone.ai/openai/deployments/{name}"`) is judged by its known start.
  const url =
    base.k === 'str'
      ? base.v
      : base.k === 'opaque' && base.prefix && /^https?:\/\/[^/]+\//.test(base.prefix)
        ? `${base.prefix}<var>`
        : undefined;
  if (url === undefined) return no(`${lens.baseKey} is computed (\`${describe(base)}\`)`);
  if (!isHeliconeHost(url)) return no(`${lens.baseKey} is ${url}, not a Helicone host`);
  const join = urlJoinProblem(library, url);
  if (join) return { verdict: 'misrouted', why: join };
  if (isGateway(url)) return undefined;
  const headers = prop(obj, lens.headersKey);
  const auth = prop(headers, 'Helicone-Auth', true);
  if (!auth || auth.k === 'none') return no(`routed to Helicone but without the Helicone-Auth header in ${lens.headersKey}`);
  if (!carriesKey(auth)) return no(`the Helicone-Auth header is ${describe(auth)}, not "Bearer <HELICONE_API_KEY>"`);
  if (lens.azureEndpointKey) {
    const endpoint = prop(obj, lens.azureEndpointKey);
    if (endpoint && endpoint.k !== 'none')
      return no(`${lens.azureEndpointKey} is still set next to a Helicone ${lens.baseKey} (the SDK refuses both)`);
    const apiBase = prop(headers, 'Helicone-OpenAI-Api-Base', true);
    if (!apiBase || apiBase.k === 'none')
      return no('routed to Helicone without the Helicone-OpenAI-Api-Base header naming the Azure resource');
  }
  return undefined;
}

function carriesKey(auth: SymValue): boolean {
  if (auth.k === 'str') return auth.v === `Bearer ${WORLD_KEY}`;
  return auth.k === 'opaque' && namesHeliconeKey(auth.text);
}

/** What still points at Helicone without the key, as a phrase ("sends to https://…", "sends Helicone-Auth: …"). */
function heliconeTraces(lens: OptionLens, options: SymValue | undefined): string | undefined {
  if (!options || options.k !== 'obj') return undefined;
  const obj = lens.container ? prop(options, lens.container) : options;
  if (!obj || obj.k !== 'obj') return undefined;
  const base = prop(obj, lens.baseKey);
  if (base?.k === 'str' && isHeliconeHost(base.v)) return `sends to ${base.v}`;
  if (base?.k === 'opaque' && /helicone/i.test(base.prefix ?? base.text)) return `may send to Helicone (\`${base.text}\`)`;
  const headers = prop(obj, lens.headersKey);
  if (headers?.k === 'obj') {
    for (const [name, value] of headers.props) {
      if (/^helicone-/i.test(name) && value.k !== 'none') return `sends the header ${name}: ${describe(value)}`;
    }
  }
  return undefined;
}

function describe(v: SymValue): string {
  if (v.k === 'str') return JSON.stringify(v.v);
  if (v.k === 'opaque') return v.text.length > 60 ? `${v.text.slice(0, 57)}...` : v.text;
  return canonical(v).slice(0, 60);
}
