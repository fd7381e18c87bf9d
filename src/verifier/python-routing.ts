/** Judges whether one Python client construction goes through Helicone, from its keyword arguments alone. */
import type { PythonSite } from '../adapters/integrator/codemod/python/find-python-sites';
import { hasDoubleStar, keywordArgs } from '../adapters/integrator/codemod/python/find-python-sites';
import type { Routing } from './js-routing';
import { isHeliconeUrl } from '../adapters/integrator/codemod/helicone-targets';


export function pythonRouting(text: string, site: PythonSite): Routing {
  const kw = keywordArgs(site.args, text);
  const base = kw.get(site.kind.baseKey);
  if (!base) {
    return { routed: false, why: hasDoubleStar(site.args, text) ? 'arguments come from **kwargs the verifier cannot see into' : `no ${site.kind.baseKey}, so requests go to the provider directly` };
  }
  const baseText = text.slice(base.value.from, base.value.to);
  if (!isHeliconeUrl(baseText)) return { routed: false, why: `${site.kind.baseKey} is ${baseText.slice(0, 60)}, not a Helicone host` };
  if (/ai-gateway\.helicone\.ai/i.test(baseText)) return { routed: true };
  const headers = kw.get(site.kind.headersKey);
  const headersText = headers ? text.slice(headers.value.from, headers.value.to) : '';
  if (!/Helicone-Auth/i.test(headersText)) return { routed: false, why: `routed to Helicone but without the Helicone-Auth header in ${site.kind.headersKey}` };
  if (site.kind.provider === 'azure') {
    // The SDK raises when both are given, and Helicone needs the resource's endpoint to forward to.
    if (kw.has('azure_endpoint')) return { routed: false, why: 'azure_endpoint is still set next to a Helicone base_url (the SDK refuses both)' };
    if (!/Helicone-OpenAI-Api-Base/i.test(headersText)) return { routed: false, why: 'routed to Helicone without the Helicone-OpenAI-Api-Base header naming the Azure resource' };
  }
  return { routed: true };
}
