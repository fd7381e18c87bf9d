/**
 * What one JS/TS client construction is given in each world, for the judge: its options argument evaluated with
 * HELICONE_API_KEY set and unset, under the option names its package uses (LangChain nests them). Deliberately
 * independent of what the integrator says it did.
 */
import type ts from 'typescript';
import { STYLE_KEYS } from '../adapters/integrator/codemod/client-catalog';
import type { FoundSite } from '../adapters/integrator/codemod/find-client-sites';
import { evalJs } from './js-eval';
import type { OptionLens } from './judge-client';
import { WITHOUT_KEY, WITH_KEY, type SymValue } from './symbolic';

export function jsLens(site: FoundSite): OptionLens {
  const keys = STYLE_KEYS[site.kind.style];
  return {
    ...(keys.container ? { container: keys.container } : {}),
    baseKey: keys.baseKey,
    headersKey: keys.headersKey,
    ...(site.kind.provider === 'azure' ? { azureEndpointKey: 'endpoint' } : {}),
  };
}

/** The options in both worlds; undefined when the constructor gets no argument. */
export function jsOptions(sf: ts.SourceFile, site: FoundSite): { withKey?: SymValue; withoutKey?: SymValue } {
  const arg = site.node.arguments?.[0];
  if (!arg) return {};
  return { withKey: evalJs(sf, arg, WITH_KEY), withoutKey: evalJs(sf, arg, WITHOUT_KEY) };
}
