/**
 * Decides what to do with one client construction and computes the text edits: add Helicone's base URL and the
 * Helicone-Auth header under the names the client's package uses (LangChain nests them), merge into existing
 * headers, route other providers (Azure OpenAI included, see rewrite-azure) to their own Helicone host, or leave
 * the site alone with a reason. With `optional` routing (the default) all of it applies only when HELICONE_API_KEY
 * is set at run time (see js-forms). Options may be inline, a const object declared in the file, or spread from
 * one (see resolve-options).
 */
import ts from 'typescript';
import { DEFAULT_ROUTING, type RoutingMode } from '../../../shared/types';
import { STYLE_KEYS, type Provider } from './client-catalog';
import type { FileStyle } from './file-style';
import type { FoundSite } from './find-client-sites';
import { HELICONE_BASE_URL_FOR, heliconeHostFor, isDefaultProviderUrl } from './helicone-targets';
import {
  alreadyRouted,
  done,
  findProperty,
  forms,
  literalText,
  noOptions,
  planHeaders,
  unresolved,
  type Forms,
  type SiteVerdict,
  type Unchanged,
} from './js-forms';
import { obj, prop, text, type Code } from './js-layout';
import { emptyPlan, renderArgs, type ObjPlan } from './object-plan';
import { planAzure } from './rewrite-azure';
import { resolveObject, spreadProblem } from './resolve-options';
import { clipCode } from '../../../shared/clip-code';

export type { SiteVerdict } from './js-forms';

export interface PlanOptions {
  /** `optional` (default): route only when HELICONE_API_KEY is set at run time; `always`: unconditionally. */
  routing?: RoutingMode;
  /**
   * Const option objects of this file that another client's rewrite routes. A client that only spreads one of
   * them is routed by that edit and needs none of its own.
   */
  routedObjects?: ReadonlySet<ts.ObjectLiteralExpression>;
  /** The expression that reads the key (default `process.env.HELICONE_API_KEY`), see js-forms. */
  keyRead?: string;
}

export function planRewrite(sf: ts.SourceFile, site: FoundSite, style: FileStyle, opts: PlanOptions = {}): SiteVerdict {
  const { kind } = site;
  const keys = STYLE_KEYS[kind.style];
  const f = forms(style, opts.routing ?? DEFAULT_ROUTING, opts.keyRead);
  const args = site.node.arguments;
  if (!args) return { outcome: 'skipped', reason: 'constructed without an argument list' };
  if (kind.provider === 'azure') return planAzure(sf, site.node, f);
  const baseUrl = HELICONE_BASE_URL_FOR[kind.library];
  // What a client without options (or a LangChain client without its container) gets.
  const routedOptions: Code[] = [prop(keys.baseKey, f.str(baseUrl)), prop(keys.headersKey, obj([f.auth.code]))];
  const fresh = keys.container ? [prop(keys.container, obj(routedOptions))] : routedOptions;

  if (args.length === 0) return { outcome: 'changed', edits: [renderArgs(sf, site.node, noOptions(fresh, f), style)] };
  const resolved = resolveObject(sf, args[0]!);
  if ('why' in resolved) return unresolved(sf, args[0]!, resolved.why);
  const options = resolved.obj;
  const routed = alreadyRouted(sf, options, keys.container ?? keys.baseKey);
  if (routed) return routed;
  const spread = spreadProblem(sf, options, keys.container ? [keys.container] : [keys.baseKey, keys.headersKey]);
  if (spread) return { outcome: 'skipped', reason: spread };
  if (spreadsRoutedObject(sf, options, opts.routedObjects)) return { outcome: 'changed', edits: [] };
  const target = { baseKey: keys.baseKey, headersKey: keys.headersKey, baseUrl, provider: kind.provider };
  if (!keys.container) return done(sf, planTarget(sf, options, target, f), style);

  const container = findProperty(options, keys.container);
  if (!container) {
    const plan = emptyPlan(options);
    plan.append.push(...f.added(fresh));
    return done(sf, plan, style);
  }
  const value = ts.isPropertyAssignment(container)
    ? container.initializer
    : ts.isShorthandPropertyAssignment(container)
      ? container.name
      : undefined;
  const inside = value && resolveObject(sf, value);
  if (!inside || 'why' in inside) return { outcome: 'skipped', reason: `${keys.container} is not an object literal` };
  const innerRouted = alreadyRouted(sf, inside.obj, keys.baseKey);
  if (innerRouted) return innerRouted;
  const nested = spreadProblem(sf, inside.obj, [keys.baseKey, keys.headersKey]);
  if (nested) return { outcome: 'skipped', reason: `${keys.container}: ${nested}` };
  const inner = planTarget(sf, inside.obj, target, f);
  if ('outcome' in inner) return inner;
  // A container written inline is laid out with the options that hold it; one from a const on its own.
  if (inside.obj !== value) return done(sf, inner, style);
  const plan = emptyPlan(options);
  plan.nested.push(inner);
  return done(sf, plan, style);
}

/** The options object a client receives through a variable, when it is a const object of this file. */
export function sharedOptionsObject(sf: ts.SourceFile, site: FoundSite): ts.ObjectLiteralExpression | undefined {
  const arg = site.node.arguments?.[0];
  const r = arg && resolveObject(sf, arg);
  return r && 'obj' in r && r.via ? r.obj : undefined;
}

function spreadsRoutedObject(
  sf: ts.SourceFile,
  o: ts.ObjectLiteralExpression,
  routed: ReadonlySet<ts.ObjectLiteralExpression> = new Set(),
): boolean {
  return o.properties.some((p) => {
    if (!ts.isSpreadAssignment(p)) return false;
    const r = resolveObject(sf, p.expression);
    return 'obj' in r && routed.has(r.obj);
  });
}

/** The base URL and the Helicone-Auth header of one options object (or LangChain container). */
function planTarget(
  sf: ts.SourceFile,
  o: ts.ObjectLiteralExpression,
  t: { baseKey: string; headersKey: string; baseUrl: string; provider: Exclude<Provider, 'azure'> },
  f: Forms,
): ObjPlan | Unchanged {
  const plan = emptyPlan(o);
  const added: Code[] = [];
  const base = findProperty(o, t.baseKey);
  if (base) {
    if (!ts.isPropertyAssignment(base)) return { outcome: 'skipped', reason: `${t.baseKey} comes from a variable` };
    const init = base.initializer;
    const literal = literalText(init);
    if (literal === undefined) return { outcome: 'skipped', reason: `${t.baseKey} is computed (\`${clipCode(init.getText(sf))}\`)` };
    const target = isDefaultProviderUrl(t.provider, literal) ? t.baseUrl : heliconeHostFor(literal);
    if (!target) return { outcome: 'skipped', reason: `${t.baseKey} points at ${literal}, which has no Helicone proxy host` };
    // Without the key, the original URL exactly as written.
    plan.replace.set(init, f.when(f.str(target), text(init.getText(sf))));
  } else added.push(prop(t.baseKey, f.str(t.baseUrl)));
  const headers = planHeaders(sf, plan, t.headersKey, [f.auth], f);
  if ('reason' in headers) return { outcome: 'skipped', reason: headers.reason };
  plan.append.push(...f.added([...added, ...headers]));
  return plan;
}
