/**
 * What one Python client construction is given in each world, for the judge: its arguments (keywords, positionals
 * and `**` expansions) evaluated with HELICONE_API_KEY set and unset.
 */
import type { PythonSite } from '../adapters/integrator/codemod/python/find-python-sites';
import type { OptionLens } from './judge-client';
import { evalPythonArgs } from './python-eval';
import { WITHOUT_KEY, WITH_KEY, type SymValue } from './symbolic';

export function pythonLens(site: PythonSite): OptionLens {
  return {
    baseKey: site.kind.baseKey,
    headersKey: site.kind.headersKey,
    ...(site.kind.provider === 'azure' ? { azureEndpointKey: 'azure_endpoint' } : {}),
    // LangChain's clients are pydantic models whose fields read OPENAI_API_BASE etc. only when the keyword is absent.
    ...(site.kind.library.startsWith('langchain') ? { explicitNone: true } : {}),
  };
}

export function pythonOptions(text: string, site: PythonSite): { withKey: SymValue; withoutKey: SymValue } {
  return { withKey: evalPythonArgs(text, site.args, WITH_KEY), withoutKey: evalPythonArgs(text, site.args, WITHOUT_KEY) };
}
