/**
 * Azure OpenAI goes through `https://oai.helicone.ai/openai` (the SDK appends `/deployments/<deployment>`), with
 * the resource's own endpoint in Helicone-OpenAI-Api-Base. The SDK refuses `baseURL` together with `endpoint`, so
 * with optional routing the `endpoint` property becomes `...(key ? { baseURL, defaultHeaders } : { endpoint })`
 * where it stands (with always routing, the baseURL); `apiVersion`, `deployment` and the key stay as they are.
 * Without an endpoint the SDK reads AZURE_OPENAI_ENDPOINT, so the header does too.
 */
import ts from 'typescript';
import { AZURE_ENDPOINT_ENV, HELICONE_AZURE_BASE_HEADER, HELICONE_BASE_URL_FOR, isHeliconeUrl, splitAzureUrl } from './helicone-targets';
import {
  alreadyRouted,
  done,
  findProperty,
  literalText,
  noOptions,
  planHeaders,
  unresolved,
  type Forms,
  type SiteVerdict,
} from './js-forms';
import { cond, obj, prop, spread, text, type Code } from './js-layout';
import { emptyPlan, renderArgs } from './object-plan';
import { resolveObject, spreadProblem } from './resolve-options';
import { clipCode } from '../../../shared/clip-code';

export function planAzure(sf: ts.SourceFile, call: ts.NewExpression | ts.CallExpression, f: Forms): SiteVerdict {
  const args = call.arguments!;
  const baseProp = prop('baseURL', f.str(HELICONE_BASE_URL_FOR['openai-azure']));
  const apiBase = (value: Code) => f.header(HELICONE_AZURE_BASE_HEADER, value);
  const envEndpoint = text(`process.env.${AZURE_ENDPOINT_ENV}`);
  if (args.length === 0) {
    const routed = noOptions([baseProp, prop('defaultHeaders', obj([f.auth.code, apiBase(envEndpoint).code]))], f);
    return { outcome: 'changed', edits: [renderArgs(sf, call, routed, f.style)] };
  }
  const resolved = resolveObject(sf, args[0]!);
  if ('why' in resolved) return unresolved(sf, args[0]!, resolved.why);
  const o = resolved.obj;
  const routed = alreadyRouted(sf, o, 'baseURL');
  if (routed) return routed;
  const spreads = spreadProblem(sf, o, ['baseURL', 'endpoint', 'defaultHeaders']);
  if (spreads) return { outcome: 'skipped', reason: spreads };
  const plan = emptyPlan(o);
  const added: Code[] = [];
  let endpointValue: Code;
  const base = findProperty(o, 'baseURL');
  const endpoint = findProperty(o, 'endpoint');
  if (base) {
    if (!ts.isPropertyAssignment(base)) return { outcome: 'skipped', reason: 'baseURL comes from a variable' };
    const init = base.initializer;
    const literal = literalText(init);
    const azure = literal === undefined ? undefined : splitAzureUrl(literal);
    if (!azure)
      return {
        outcome: 'skipped',
        reason: `baseURL is ${literal === undefined ? `computed (\`${clipCode(init.getText(sf))}\`)` : `${literal}, not an Azure OpenAI resource`}`,
      };
    plan.replace.set(init, f.when(f.str(`https://oai.helicone.ai${azure.path}`), text(init.getText(sf))));
    endpointValue = f.str(azure.origin);
  } else if (endpoint && (ts.isPropertyAssignment(endpoint) || ts.isShorthandPropertyAssignment(endpoint))) {
    const value = ts.isPropertyAssignment(endpoint) ? endpoint.initializer.getText(sf) : endpoint.name.text;
    if (isHeliconeUrl(value)) return { outcome: 'already-integrated', reason: 'endpoint already points at Helicone' };
    endpointValue = text(value);
  } else if (endpoint) {
    return { outcome: 'skipped', reason: 'endpoint is not a plain property' };
  } else {
    added.push(baseProp);
    endpointValue = envEndpoint;
  }
  const headers = planHeaders(sf, plan, 'defaultHeaders', [f.auth, apiBase(endpointValue)], f);
  if ('reason' in headers) return { outcome: 'skipped', reason: headers.reason };
  if (endpoint && !base) {
    // The endpoint is what the client is given without the key, so it moves into the conditional's else branch.
    plan.replace.set(
      endpoint,
      f.optional ? spread(cond(f.test, obj([baseProp, ...headers]), obj([text(endpoint.getText(sf))]))) : baseProp,
    );
    if (!f.optional) plan.append.push(...headers);
  } else plan.append.push(...f.added([...added, ...headers]));
  return done(sf, plan, f.style);
}
