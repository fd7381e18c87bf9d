/**
 * Judges, from the syntax tree alone, whether one JS/TS client construction sends its traffic through Helicone:
 * its base URL (under the option names its package uses) is a Helicone host and it carries the Helicone-Auth
 * header, or it uses Helicone's AI Gateway. Deliberately independent of what the integrator says it did.
 */
import ts from 'typescript';
import { STYLE_KEYS } from '../adapters/integrator/codemod/client-catalog';
import type { FoundSite } from '../adapters/integrator/codemod/find-client-sites';
import { lookupProperty, resolveObject } from '../adapters/integrator/codemod/resolve-options';
import { clipCode } from '../shared/clip-code';
import { isHeliconeUrl } from '../adapters/integrator/codemod/helicone-targets';

export type Routing = { routed: true } | { routed: false; why: string };

const GATEWAY_HOST = /ai-gateway\.helicone\.ai/i;

export function jsRouting(sf: ts.SourceFile, site: FoundSite): Routing {
  const keys = STYLE_KEYS[site.kind.style];
  const options = site.node.arguments?.[0];
  if (!options) return { routed: false, why: 'constructed without options, so it talks to the provider directly' };
  const resolved = resolveObject(sf, options);
  if ('why' in resolved) return { routed: false, why: `${resolved.why}; the verifier cannot see into it` };
  let obj = resolved.obj;
  if (keys.container) {
    const c = lookupProperty(sf, obj, keys.container);
    const value = c && (ts.isPropertyAssignment(c) ? c.initializer : ts.isShorthandPropertyAssignment(c) ? c.name : undefined);
    const inner = value && resolveObject(sf, value);
    if (!inner || 'why' in inner) return { routed: false, why: `no ${keys.container} object with a Helicone base URL` };
    obj = inner.obj;
  }
  const base = lookupProperty(sf, obj, keys.baseKey);
  if (!base || !ts.isPropertyAssignment(base)) return { routed: false, why: `no ${keys.baseKey}, so requests go to the provider directly` };
  const baseText = base.initializer.getText(sf);
  if (!isHeliconeUrl(baseText)) return { routed: false, why: `${keys.baseKey} is ${clipCode(baseText)}, not a Helicone host` };
  if (GATEWAY_HOST.test(baseText)) return { routed: true };
  const headers = lookupProperty(sf, obj, keys.headersKey);
  const headersText = headers ? headerText(sf, headers) : '';
  if (!/Helicone-Auth/i.test(headersText)) return { routed: false, why: `routed to Helicone but without the Helicone-Auth header in ${keys.headersKey}` };
  if (site.kind.provider === 'azure') {
    // The SDK throws when both are set, and Helicone needs the resource's endpoint to forward to.
    if (lookupProperty(sf, obj, 'endpoint')) return { routed: false, why: 'endpoint is still set next to a Helicone baseURL (the SDK refuses both)' };
    if (!/Helicone-OpenAI-Api-Base/i.test(headersText)) return { routed: false, why: 'routed to Helicone without the Helicone-OpenAI-Api-Base header naming the Azure resource' };
  }
  return { routed: true };
}

/** The headers' text, seen through a const object they are taken from. */
function headerText(sf: ts.SourceFile, p: ts.ObjectLiteralElementLike): string {
  if (ts.isPropertyAssignment(p)) {
    const r = resolveObject(sf, p.initializer);
    return 'obj' in r ? r.obj.getText(sf) + p.getText(sf) : p.getText(sf);
  }
  return p.getText(sf);
}
