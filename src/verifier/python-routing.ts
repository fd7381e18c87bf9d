/** Judges whether one Python client construction goes through Helicone, from its keyword arguments alone. */
import type { PythonSite } from '../adapters/integrator/codemod/python/find-python-sites';
import { hasDoubleStar, keywordArgs } from '../adapters/integrator/codemod/python/find-python-sites';
import type { Routing } from './js-routing';

const HELICONE_HOST = /(^|[/.])(helicone\.ai|hconeai\.com)(?=[/:"'`]|$)/i;

export function pythonRouting(text: string, site: PythonSite): Routing {
  const kw = keywordArgs(site.args, text);
  const base = kw.get(site.kind.baseKey);
  if (!base) {
    return { routed: false, why: hasDoubleStar(site.args, text) ? 'arguments come from **kwargs the verifier cannot see into' : `no ${site.kind.baseKey}, so requests go to the provider directly` };
  }
  const baseText = text.slice(base.value.from, base.value.to);
  if (!HELICONE_HOST.test(baseText)) return { routed: false, why: `${site.kind.baseKey} is ${baseText.slice(0, 60)}, not a Helicone host` };
  if (/ai-gateway\.helicone\.ai/i.test(baseText)) return { routed: true };
  const headers = kw.get(site.kind.headersKey);
  const headersText = headers ? text.slice(headers.value.from, headers.value.to) : '';
  if (!/Helicone-Auth/i.test(headersText)) return { routed: false, why: `routed to Helicone but without the Helicone-Auth header in ${site.kind.headersKey}` };
  return { routed: true };
}
