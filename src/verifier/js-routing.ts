/**
 * Judges, from the syntax tree alone, whether one JS/TS client construction sends its traffic through Helicone:
 * its base URL (under the option names its package uses) is a Helicone host and it carries the Helicone-Auth
 * header, or it uses Helicone's AI Gateway. Deliberately independent of what the integrator says it did.
 */
import ts from 'typescript';
import { STYLE_KEYS } from '../adapters/integrator/codemod/client-catalog';
import type { FoundSite } from '../adapters/integrator/codemod/find-client-sites';
import { findProperty } from '../adapters/integrator/codemod/rewrite-constructor';

export type Routing = { routed: true } | { routed: false; why: string };

const HELICONE_HOST = /(^|[/.])(helicone\.ai|hconeai\.com)(?=[/:"'`]|$)/i;
const GATEWAY_HOST = /ai-gateway\.helicone\.ai/i;

export function jsRouting(sf: ts.SourceFile, site: FoundSite): Routing {
  const keys = STYLE_KEYS[site.kind.style];
  const options = site.node.arguments?.[0];
  if (!options) return { routed: false, why: 'constructed without options, so it talks to the provider directly' };
  if (!ts.isObjectLiteralExpression(options)) return { routed: false, why: 'options come from an expression the verifier cannot see into' };
  let obj = options;
  if (keys.container) {
    const c = findProperty(options, keys.container);
    if (!c || !ts.isPropertyAssignment(c) || !ts.isObjectLiteralExpression(c.initializer)) {
      return { routed: false, why: `no ${keys.container} object with a Helicone base URL` };
    }
    obj = c.initializer;
  }
  const base = findProperty(obj, keys.baseKey);
  if (!base || !ts.isPropertyAssignment(base)) return { routed: false, why: `no ${keys.baseKey}, so requests go to the provider directly` };
  const baseText = base.initializer.getText(sf);
  if (!HELICONE_HOST.test(baseText)) return { routed: false, why: `${keys.baseKey} is ${clip(baseText)}, not a Helicone host` };
  if (GATEWAY_HOST.test(baseText)) return { routed: true };
  const headers = findProperty(obj, keys.headersKey);
  const headersText = headers ? headers.getText(sf) : '';
  if (!/Helicone-Auth/i.test(headersText)) return { routed: false, why: `routed to Helicone but without the Helicone-Auth header in ${keys.headersKey}` };
  return { routed: true };
}

function clip(s: string): string {
  const one = s.replace(/\s+/g, ' ');
  return one.length > 60 ? `${one.slice(0, 57)}...` : one;
}
