/**
 * Python libraries configured at module level rather than through a client object: LiteLLM (Helicone's logging
 * callback, which reads HELICONE_API_KEY itself), the legacy `openai<1.0` API (`openai.api_base` plus a
 * `headers=` argument on each call, since that version has no default headers) and the OpenAI Agents SDK (its
 * default client, and LiteLLM behind `LitellmModel`; see agents-sdk.ts). `optional` routing puts each
 * module-level statement under `if os.environ.get("HELICONE_API_KEY"):` (or the file's way of reading the key)
 * and makes each value a conditional.
 */
import type { SyntaxNode, Tree } from '@lezer/common';
import type { TextEdit } from '../apply-edits';
import type { RoutingMode } from '../../../../shared/types';
import { HELICONE_BASE_URL, HELICONE_KEY_ENV, isDefaultProviderUrl, isHeliconeUrl } from '../helicone-targets';
import { agentsUsage } from './agents-sdk';
import { children, keywordArgs } from './find-python-sites';
import type { ImportSpec } from './imports';
import { pyForms, type PythonStyle } from './python-forms';
import { appendItems, flat, render, replaceNode, type PyExpr } from './python-layout';
import { mergeHeaders } from './rewrite-python-call';

export type ModuleStyleLibrary = 'litellm' | 'openai-legacy' | 'openai-agents-python' | 'openai-agents-litellm';

export interface ModuleStyleSite {
  library: ModuleStyleLibrary;
  line: number;
  /** The module's local name (`import litellm as ll` gives `ll`; `litellm` when the file does not import it yet). */
  alias: string;
  verdict:
    { outcome: 'changed'; edits: TextEdit[]; imports?: ImportSpec[] } | { outcome: 'already-integrated' | 'skipped'; reason: string };
  routed: boolean;
}

/** What the whole repository says about the Agents SDK's default client, for one file that uses the SDK. */
export interface AgentsRepoFacts {
  /** This file gets the default-client statement (the first by path that calls Runner). */
  entry: boolean;
  /** The file that gets (or has) it. */
  entryFile?: string;
  /** Why the app's default client cannot be routed (it sets the SDK's key itself, builds its own provider). */
  skip?: string;
  /** No default client is used: the app sets its own, or every Agent gets a model object. */
  unused?: boolean;
}

export interface ModuleStyleOptions {
  /** The rest of the file's style: indentation, line length, how it reads the key. */
  style?: Omit<PythonStyle, 'quote' | 'routing'>;
}

const LEGACY_CALL = (alias: string) => new RegExp(`\\b${alias}\\.(ChatCompletion|Completion|Embedding)\\.a?create$`);

export function findModuleStyleSites(
  text: string,
  tree: Tree,
  quote: '"' | "'",
  routing: RoutingMode = 'optional',
  opts: ModuleStyleOptions = {},
): ModuleStyleSite[] {
  const f = pyForms(text, { ...opts.style, quote, routing });
  // A key read from a settings object is not in os.environ, where LiteLLM's Helicone logger looks for it.
  const exportKey = f.optional && opts.style?.key?.kind === 'expr' ? [`os.environ.setdefault(${f.str(HELICONE_KEY_ENV)}, ${f.key})`] : [];
  const src = (n: SyntaxNode) => text.slice(n.from, n.to);
  const { imports, afterImports } = moduleLayout(text, tree);
  const guarded = (statement: string, ...more: string[]) =>
    f.optional ? `if ${f.guard}:\n${[...more, statement].map((l) => f.unit + l).join('\n')}` : [...more, statement].join('\n');
  const line = (n: SyntaxNode) => text.slice(0, n.from).split('\n').length;
  const sites: ModuleStyleSite[] = [];

  const agents = agentsUsage(text, tree);
  const litellm = imports.find((i) => i.module === 'litellm');
  // LitellmModel (the Agents SDK's LiteLLM model) calls litellm: its callback is LiteLLM's own.
  const viaAgents = !!agents?.litellm.length;
  if (litellm || viaAgents) {
    const a = litellm?.alias ?? 'litellm';
    const callback = litellm ? assignment(text, tree, `${a}.success_callback`) : undefined;
    const base = litellm ? assignment(text, tree, `${a}.api_base`) : undefined;
    // Also our own guarded `.append("helicone")` / assignment from an earlier run.
    const logs = !!litellm && new RegExp(`^[ \\t]*${escape(a)}\\.success_callback\\b.*helicone`, 'im').test(text);
    const routed = logs || (callback && /helicone/i.test(src(callback))) || (base && isHeliconeUrl(src(base)));
    const imports: ImportSpec[] = litellm ? [] : [{ module: 'litellm' }];
    let verdict: ModuleStyleSite['verdict'];
    if (routed) verdict = { outcome: 'already-integrated', reason: 'LiteLLM already logs to Helicone' };
    else if (callback?.name === 'ArrayExpression') {
      // Optional: the list stays as it is; Helicone joins it only with the key, right after the assignment.
      const eol = text.indexOf('\n', callback.parent!.to);
      const at = eol === -1 ? text.length : eol;
      const edits = f.optional
        ? [{ start: at, end: at, text: `\n${guarded(`${a}.success_callback.append(${f.str('helicone')})`, ...exportKey)}` }]
        : appendItems(text, callback, [{ prefix: '', expr: f.str('helicone') }], f.lay);
      verdict = { outcome: 'changed', edits };
    } else if (callback) verdict = { outcome: 'skipped', reason: 'success_callback is not a list literal' };
    else
      verdict = {
        outcome: 'changed',
        edits: [afterImports(guarded(`${a}.success_callback = [${f.str('helicone')}]`, ...exportKey))],
        imports,
      };
    const at = litellm?.node ?? agents!.litellm[0]!;
    sites.push({ library: viaAgents ? 'openai-agents-litellm' : 'litellm', line: line(at), alias: a, verdict, routed: !!routed });
  }

  const legacy = imports.find((i) => i.module === 'openai');
  if (legacy) {
    const a = legacy.alias;
    const calls: SyntaxNode[] = [];
    tree.iterate({
      enter: (ref) => {
        if (ref.name !== 'CallExpression') return;
        const callee = ref.node.firstChild;
        if (callee && LEGACY_CALL(a).test(src(callee))) calls.push(ref.node);
      },
    });
    if (calls.length) {
      const base = assignment(text, tree, `${a}.api_base`);
      const edits: TextEdit[] = [];
      let reason: string | undefined;
      const baseLiteral = base?.name === 'String' ? src(base).slice(1, -1) : undefined;
      const helicone = f.str(HELICONE_BASE_URL.openai);
      if (base && isHeliconeUrl(src(base))) {
        // keep
      } else if (base && (baseLiteral === undefined || !isDefaultProviderUrl('openai', baseLiteral))) {
        reason = `openai.api_base is ${src(base).slice(0, 60)}, not the default API`;
      } else if (base) edits.push(replaceNode(text, base, f.optional ? f.withKey(helicone, src(base)) : helicone, f.lay));
      else edits.push(afterImports(guarded(`${a}.api_base = ${helicone}`)));
      let allHeaders = true;
      for (const call of calls) {
        const args = call.getChild('ArgList');
        if (!args) continue;
        const headers = keywordArgs(args, text).get('headers');
        if (headers && /Helicone-Auth/i.test(src(headers.value))) continue;
        allHeaders = false;
        const add: { key: string; value: PyExpr }[] = [];
        mergeHeaders(text, headers, 'headers', [f.auth], f, edits, add);
        if (!add.length) continue;
        // No headers yet: None is that version's default, so the call without the key is the call it was.
        const value = f.optional ? f.withKey(add[0]!.value, 'None') : flat(add[0]!.value);
        edits.push(...appendItems(text, args, [{ prefix: 'headers=', expr: value }], f.lay));
      }
      const routed = !!base && isHeliconeUrl(src(base)) && allHeaders;
      const verdict: ModuleStyleSite['verdict'] = routed
        ? { outcome: 'already-integrated', reason: 'openai.api_base and headers already go through Helicone' }
        : reason
          ? { outcome: 'skipped', reason }
          : { outcome: 'changed', edits };
      sites.push({ library: 'openai-legacy', line: line(legacy.node), alias: a, verdict, routed });
    }
  }
  return sites;
}

/**
 * The file's top-level `import x [as y]` statements, and the edit adding a module-level statement after the
 * imports (and after a module-level `load_dotenv()` that follows them), a blank line before it.
 */
function moduleLayout(
  text: string,
  tree: Tree,
): { imports: { module: string; alias: string; node: SyntaxNode }[]; afterImports: (statement: string) => TextEdit } {
  const src = (n: SyntaxNode) => text.slice(n.from, n.to);
  const imports: { module: string; alias: string; node: SyntaxNode }[] = [];
  let lastTopImport: SyntaxNode | undefined;
  for (let n = tree.topNode.firstChild; n; n = n.nextSibling) {
    if (n.name !== 'ImportStatement') continue;
    lastTopImport = n;
    const parts = children(n);
    if (parts[0]?.name !== 'import') continue;
    for (let i = 1; i < parts.length; i++) {
      if (parts[i]!.name !== 'VariableName') continue;
      const module = src(parts[i]!);
      const alias = parts[i + 1]?.name === 'as' && parts[i + 2] ? src(parts[i + 2]!) : module;
      imports.push({ module, alias, node: n });
    }
  }
  let importsEnd = lastTopImport ? lineEnd(text, lastTopImport.to) : 0;
  // After a module-level `load_dotenv()` that follows the imports: the key may come from the .env it loads.
  for (let n = tree.topNode.firstChild; n; n = n.nextSibling) {
    if (
      n.from >= importsEnd &&
      /^(\w+\s*=\s*)?(\w+\.)?load_dotenv\(/.test(src(n)) &&
      (n.name === 'ExpressionStatement' || n.name === 'AssignStatement')
    )
      importsEnd = lineEnd(text, n.to);
  }
  const afterImports = (statement: string): TextEdit => ({
    start: importsEnd,
    end: importsEnd,
    text: `${importsEnd && !text.slice(0, importsEnd).endsWith('\n') ? '\n' : ''}\n${statement}\n`,
  });
  return { imports, afterImports };
}

/**
 * The Agents SDK's default client, for the integrator (which knows the repository: `facts`): in the module that
 * runs the agents, a guarded `set_default_openai_client(AsyncOpenAI(base_url=..., default_headers=...),
 * use_for_tracing=False)` after the imports, or the reason it is left alone. Undefined when the module has nothing
 * to do with it: it is not that module, or the default client is not used (the app sets its own, every Agent has a
 * model object), or the statement is there already (its AsyncOpenAI is an `openai-agents-python` client site).
 */
export function planAgentsDefaultClient(
  text: string,
  tree: Tree,
  quote: '"' | "'",
  routing: RoutingMode,
  facts: AgentsRepoFacts,
  style: ModuleStyleOptions['style'] = {},
): ModuleStyleSite | undefined {
  const agents = agentsUsage(text, tree);
  if (!agents?.runnerCalls.length || agents.setClientCalls.length || facts.unused || !facts.entry) return undefined;
  const f = pyForms(text, { ...style, quote, routing });
  const { imports, afterImports } = moduleLayout(text, tree);
  const line = (n: SyntaxNode) => text.slice(0, n.from).split('\n').length;
  let verdict: ModuleStyleSite['verdict'];
  if (facts.skip) verdict = { outcome: 'skipped', reason: facts.skip };
  else {
    const fn =
      agents.moduleAlias && ![...agents.names.values()].includes('set_default_openai_client')
        ? `${agents.moduleAlias}.set_default_openai_client`
        : ([...agents.names].find(([, n]) => n === 'set_default_openai_client')?.[0] ?? 'set_default_openai_client');
    const openaiModule = imports.find((i) => i.module === 'openai');
    const asyncOpenAI = /^from\s+openai\s+import\s+[^\n]*\bAsyncOpenAI\b/m.test(text)
      ? 'AsyncOpenAI'
      : openaiModule
        ? `${openaiModule.alias}.AsyncOpenAI`
        : 'AsyncOpenAI';
    const needs: ImportSpec[] = [];
    if (fn === 'set_default_openai_client') needs.push({ module: 'agents', name: 'set_default_openai_client' });
    if (asyncOpenAI === 'AsyncOpenAI') needs.push({ module: 'openai', name: 'AsyncOpenAI' });
    const client: PyExpr = {
      call: asyncOpenAI,
      args: [
        { prefix: 'base_url=', expr: f.str(HELICONE_BASE_URL.openai) },
        { prefix: 'default_headers=', expr: { dict: [f.auth.entry] } },
      ],
    };
    // use_for_tracing=False: traces keep going where they went (the SDK's tracing reads OPENAI_API_KEY).
    const statement: PyExpr = {
      call: fn,
      args: [
        { prefix: '', expr: client },
        { prefix: 'use_for_tracing=', expr: 'False' },
      ],
    };
    const body = render('', statement, '', f.optional ? f.unit : '', f.lay);
    verdict = { outcome: 'changed', edits: [afterImports(f.optional ? `if ${f.guard}:\n${f.unit}${body}` : body)], imports: needs };
  }
  return {
    library: 'openai-agents-python',
    line: line(agents.runnerCalls[0]!),
    alias: agents.moduleAlias ?? 'agents',
    verdict,
    routed: false,
  };
}

/**
 * The value of a top-level `target = value` statement (the last one wins, as at run time), also under a top-level
 * `if` on HELICONE_API_KEY (the optional form of an earlier run).
 */
function assignment(text: string, tree: Tree, target: string): SyntaxNode | undefined {
  let found: SyntaxNode | undefined;
  const visit = (n: SyntaxNode) => {
    if (
      n.name === 'IfStatement' &&
      /HELICONE_API_KEY|helicone_?(api_?)?key/i.test(text.slice(n.from, n.getChild('Body')?.from ?? n.from))
    ) {
      for (let s = n.getChild('Body')?.firstChild; s; s = s.nextSibling) visit(s);
    }
    if (n.name !== 'AssignStatement') return;
    const parts = children(n);
    if (parts.length >= 3 && text.slice(parts[0]!.from, parts[0]!.to).replace(/\s+/g, '') === target && parts[1]!.name === 'AssignOp')
      found = parts[2];
  };
  for (let n = tree.topNode.firstChild; n; n = n.nextSibling) visit(n);
  return found;
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function lineEnd(text: string, pos: number): number {
  const i = text.indexOf('\n', pos);
  return i === -1 ? text.length : i + 1;
}
