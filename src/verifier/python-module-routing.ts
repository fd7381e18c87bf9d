/**
 * Judges the two Python libraries configured at module level rather than through a client object, in both worlds:
 * - LiteLLM: Helicone's logging callback must be registered when HELICONE_API_KEY is set and not otherwise (without
 *   a key it would post every prompt and reply to Helicone for nothing);
 * - legacy `openai<1.0`: `openai.api_base` must be a Helicone host with the key and each call must send
 *   Helicone-Auth; without the key, api_base and every call's arguments must be what they were.
 * A statement counts in a world when every `if` around it takes its branch there (evaluated like the options).
 */
import type { SyntaxNode, Tree } from '@lezer/common';
import { children } from '../adapters/integrator/codemod/python/find-python-sites';
import type { RoutingMode } from '../shared/types';
import type { ClientJudgement } from './judge-client';
import { evalPython, evalPythonArgs } from './python-eval';
import { isHeliconeHost, urlJoinProblem } from './route-rules';
import { WITHOUT_KEY, WITH_KEY, WORLD_KEY, canonical, prop, truthy, type SymValue, type World } from './symbolic';

export interface ModuleFacts {
  /** Is Helicone's callback registered (LiteLLM) / what api_base is and what each call sends (legacy). */
  litellmCallback: (world: World) => boolean | undefined;
  legacy: (world: World) => { apiBase: SymValue | undefined; calls: SymValue[] };
}

export function moduleFacts(text: string, tree: Tree, alias: { litellm?: string; openai?: string }): ModuleFacts {
  const src = (n: SyntaxNode) => text.slice(n.from, n.to).replace(/\s+/g, '');
  const registrations: SyntaxNode[] = [];
  const apiBases: { node: SyntaxNode; value: SyntaxNode }[] = [];
  const calls: SyntaxNode[] = [];
  const legacyCall = alias.openai ? new RegExp(`^${alias.openai}\\.(ChatCompletion|Completion|Embedding)\\.a?create$`) : undefined;
  tree.iterate({
    enter: (ref) => {
      const n = ref.node;
      if (n.name === 'AssignStatement' || n.name === 'UpdateStatement') {
        const [target, op, value] = children(n);
        if (!target || !op || !value) return;
        const t = src(target);
        if (
          alias.litellm &&
          (t === `${alias.litellm}.success_callback` || t === `${alias.litellm}.callbacks`) &&
          /["']helicone["']/i.test(text.slice(value.from, value.to))
        ) {
          registrations.push(n);
        }
        if (alias.openai && t === `${alias.openai}.api_base` && op.name === 'AssignOp') apiBases.push({ node: n, value });
      } else if (n.name === 'CallExpression') {
        const callee = n.firstChild;
        if (!callee) return;
        const c = src(callee);
        if (
          alias.litellm &&
          /^(success_callback|callbacks)\.(append|extend|insert)$/.test(c.replace(`${alias.litellm}.`, '')) &&
          c.startsWith(`${alias.litellm}.`)
        ) {
          const args = n.getChild('ArgList');
          if (args && /["']helicone["']/i.test(text.slice(args.from, args.to))) registrations.push(n);
        }
        if (legacyCall?.test(c)) calls.push(n);
      }
    },
  });
  return {
    litellmCallback: (world) => {
      let any: boolean | undefined = false;
      for (const r of registrations) {
        const active = guardActive(text, r, world);
        if (active === true) return true;
        if (active === undefined) any = undefined;
      }
      return any;
    },
    legacy: (world) => {
      let apiBase: SymValue | undefined;
      for (const a of apiBases) if (guardActive(text, a.node, world) !== false) apiBase = evalPython(text, a.value, world);
      return { apiBase, calls: calls.map((c) => evalPythonArgs(text, c.getChild('ArgList')!, world)) };
    },
  };
}

/** LiteLLM: routed when the callback is on with the key and off without it (or as it was in the original). */
export function judgeLitellm(facts: ModuleFacts, original: ModuleFacts | undefined, routing: RoutingMode): ClientJudgement {
  const withKey = facts.litellmCallback(WITH_KEY);
  if (withKey !== true)
    return {
      verdict: 'not-routed',
      why:
        withKey === undefined
          ? 'the Helicone callback is registered under a condition the verifier cannot evaluate'
          : 'LiteLLM is not configured to log to Helicone',
    };
  if (routing === 'always') return { verdict: 'routed' };
  const withoutKey = facts.litellmCallback(WITHOUT_KEY);
  if (withoutKey === false || (original && original.litellmCallback(WITHOUT_KEY) === withoutKey)) return { verdict: 'routed' };
  return {
    verdict: 'unconditional',
    why: 'without HELICONE_API_KEY the Helicone callback is still registered, so every prompt and reply is posted to Helicone',
  };
}

/** Legacy openai<1.0: api_base and per-call headers through Helicone with the key; the original without it. */
export function judgeLegacy(facts: ModuleFacts, original: ModuleFacts | undefined, routing: RoutingMode): ClientJudgement {
  const k = facts.legacy(WITH_KEY);
  const base = k.apiBase;
  if (!base || base.k !== 'str' || !isHeliconeHost(base.v))
    return { verdict: 'not-routed', why: 'openai.api_base or the per-call headers do not go through Helicone' };
  const join = urlJoinProblem('openai-legacy', base.v);
  if (join) return { verdict: 'misrouted', why: join };
  const unsent = k.calls.findIndex((c) => {
    const auth = prop(prop(c, 'headers'), 'Helicone-Auth', true);
    return !(auth?.k === 'str' && auth.v === `Bearer ${WORLD_KEY}`);
  });
  if (unsent !== -1)
    return { verdict: 'not-routed', why: `call ${unsent + 1} of ${k.calls.length} does not send the Helicone-Auth header` };
  if (routing === 'always') return { verdict: 'routed' };
  const n = facts.legacy(WITHOUT_KEY);
  if (original) {
    const o = original.legacy(WITHOUT_KEY);
    const same =
      canonical(n.apiBase) === canonical(o.apiBase) &&
      n.calls.length === o.calls.length &&
      n.calls.every((c, i) => canonical(c) === canonical(o.calls[i]));
    if (same) return { verdict: 'routed' };
  }
  if (n.apiBase?.k === 'str' && isHeliconeHost(n.apiBase.v))
    return { verdict: 'unconditional', why: `without HELICONE_API_KEY openai.api_base is still ${n.apiBase.v}` };
  const sends = n.calls.findIndex((c) => {
    const auth = prop(prop(c, 'headers'), 'Helicone-Auth', true);
    return auth !== undefined && auth.k !== 'none';
  });
  if (sends !== -1) return { verdict: 'unconditional', why: `without HELICONE_API_KEY call ${sends + 1} still sends Helicone-Auth` };
  if (original) return { verdict: 'unconditional', why: 'without HELICONE_API_KEY the calls are not the original ones' };
  return { verdict: 'routed' };
}

/** Whether every `if` / `elif` / `else` around `node` takes the branch that holds it in `world`. */
export function guardActive(text: string, node: SyntaxNode, world: World): boolean | undefined {
  let result: boolean | undefined = true;
  for (let child = node, parent = node.parent; parent; child = parent, parent = parent.parent) {
    if (parent.name !== 'IfStatement') continue;
    const parts = children(parent);
    const at = parts.findIndex((p) => p.from === child.from && p.to === child.to);
    // if <c0> Body0 (elif <ci> Bodyi)* (else BodyN)?: the Body at `at` runs when its condition holds and none before.
    for (let i = 0; i < at; i++) {
      const p = parts[i]!;
      if (p.name !== 'if' && p.name !== 'elif') continue;
      const t = truthy(evalPython(text, parts[i + 1]!, world));
      const holdsOurs = i + 2 === at;
      if (t === undefined) result = undefined;
      else if (holdsOurs ? !t : t) return false;
    }
  }
  return result;
}
