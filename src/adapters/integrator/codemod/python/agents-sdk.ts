/**
 * The OpenAI Agents SDK (PyPI `openai-agents`, module `agents`). Its traffic goes through:
 * - an `AsyncOpenAI` the app builds (`set_default_openai_client(AsyncOpenAI(...))`,
 *   `OpenAIChatCompletionsModel(model=..., openai_client=AsyncOpenAI(...))`): a client site like openai-python's,
 *   reported as `openai-agents-python` (find-python-sites.ts);
 * - the SDK's default client, which it builds itself when an `Agent` has no model object (`Agent(...)` with no
 *   `model=` or a model name): routed by a guarded `set_default_openai_client(AsyncOpenAI(base_url=...,
 *   default_headers=...), use_for_tracing=False)` after the imports of the module that runs the agents (tracing
 *   keeps the key it had), whose AsyncOpenAI is then an `openai-agents-python` client site too
 *   (module-style.ts: planAgentsDefaultClient);
 * - LiteLLM (`LitellmModel(...)` from agents.extensions.models.litellm_model, or a `"litellm/..."` model name):
 *   Helicone's LiteLLM callback, registered as for a LiteLLM app.
 */
import type { SyntaxNode, Tree } from '@lezer/common';
import { isHeliconeUrl } from '../helicone-targets';
import { children, keywordArgs } from './find-python-sites';

export interface AgentsUsage {
  /** Local name → the SDK's name, for everything imported from `agents` and its submodules. */
  names: Map<string, string>;
  /** The local name of `import agents`, if any. */
  moduleAlias?: string;
  /** The first import of the SDK. */
  importNode: SyntaxNode;
  /** `Runner.run(...)`, `Runner.run_sync(...)`, `Runner.run_streamed(...)` calls. */
  runnerCalls: SyntaxNode[];
  /** `Agent(...)` constructions that use the SDK's default model provider (and so its default client). */
  defaultModelAgents: SyntaxNode[];
  /** `set_default_openai_client(...)` calls, the codemod's own included. */
  setClientCalls: SyntaxNode[];
  /** The codemod's own `set_default_openai_client(AsyncOpenAI(base_url=<Helicone>, ...))`. */
  routedDefault?: SyntaxNode;
  /** `set_default_openai_key(...)` calls: the default client takes its key from there. */
  setKeyCalls: SyntaxNode[];
  /** `OpenAIProvider(...)` / `RunConfig(model_provider=...)`: a provider the app builds (no default headers). */
  providers: SyntaxNode[];
  /** `LitellmModel(...)` calls and `"litellm/..."` model names: traffic through LiteLLM. */
  litellm: SyntaxNode[];
}

const SDK_NAMES = new Set([
  'Agent',
  'Runner',
  'set_default_openai_client',
  'set_default_openai_key',
  'set_default_openai_api',
  'function_tool',
  'OpenAIChatCompletionsModel',
  'OpenAIResponsesModel',
  'OpenAIProvider',
  'RunConfig',
  'ModelSettings',
  'handoff',
  'trace',
  'AgentOutputSchema',
  'WebSearchTool',
  'FunctionTool',
  'MultiProvider',
]);

/** How the file uses the Agents SDK, or undefined when it does not import it. */
export function agentsUsage(text: string, tree: Tree): AgentsUsage | undefined {
  if (!/\bagents\b/.test(text)) return undefined;
  const src = (n: SyntaxNode) => text.slice(n.from, n.to);
  const names = new Map<string, string>();
  let moduleAlias: string | undefined;
  let importNode: SyntaxNode | undefined;
  for (let n = tree.topNode.firstChild; n; n = n.nextSibling) {
    if (n.name !== 'ImportStatement') continue;
    const t = src(n).replace(/\s+/g, ' ');
    const from = /^from (agents(?:\.[\w.]+)?) import \(?(.*?),?\)?$/.exec(t);
    if (from) {
      const found = from[2]!
        .split(',')
        .map((p) => p.trim().split(' as '))
        .filter(([name]) => name);
      // A local package named `agents` is not the SDK: at least one of the SDK's own names must come from it.
      if (from[1] === 'agents' && !found.some(([name]) => SDK_NAMES.has(name!))) continue;
      for (const [name, alias] of found) names.set((alias ?? name)!, name!);
      importNode ??= n;
    }
    const plain = /^import agents(?: as (\w+))?$/.exec(t);
    if (plain) {
      moduleAlias = plain[1] ?? 'agents';
      importNode ??= n;
    }
  }
  if (!importNode) return undefined;
  const sdkName = (callee: SyntaxNode): string | undefined => {
    const c = src(callee)
      .replace(/\s+/g, '')
      .replace(/\[.*\]$/, '');
    if (names.has(c)) return names.get(c);
    if (moduleAlias && c.startsWith(`${moduleAlias}.`)) return c.slice(moduleAlias.length + 1);
    const dot = c.indexOf('.');
    if (dot > 0 && names.get(c.slice(0, dot)) === 'Runner') return `Runner${c.slice(dot)}`;
    return undefined;
  };
  const usage: AgentsUsage = {
    names,
    importNode,
    runnerCalls: [],
    defaultModelAgents: [],
    setClientCalls: [],
    setKeyCalls: [],
    providers: [],
    litellm: [],
    ...(moduleAlias ? { moduleAlias } : {}),
  };
  tree.iterate({
    enter: (ref) => {
      const n = ref.node;
      if (n.name === 'String' && /^["']litellm\//.test(src(n))) {
        usage.litellm.push(n);
        return;
      }
      if (n.name !== 'CallExpression') return;
      const callee = n.firstChild;
      const args = n.getChild('ArgList');
      if (!callee || !args) return;
      const name = sdkName(callee);
      if (!name) return;
      if (/^Runner\.run(_sync|_streamed)?$/.test(name)) usage.runnerCalls.push(n);
      else if (name === 'set_default_openai_client') {
        usage.setClientCalls.push(n);
        if (isRoutedDefaultClient(text, n)) usage.routedDefault = n;
      } else if (name === 'set_default_openai_key') usage.setKeyCalls.push(n);
      else if (name === 'OpenAIProvider' || name === 'MultiProvider') usage.providers.push(n);
      else if (name === 'RunConfig' && keywordArgs(args, text).has('model_provider')) usage.providers.push(n);
      else if (name === 'LitellmModel') usage.litellm.push(n);
      else if (name === 'Agent') {
        const model = keywordArgs(args, text).get('model')?.value;
        // A model object (a call) brings its own client; a name (or nothing) goes to the default provider.
        if (!model || (model.name !== 'CallExpression' && !/^["']litellm\//.test(src(model)))) usage.defaultModelAgents.push(n);
      }
    },
  });
  return usage;
}

/**
 * The codemod's default-client statement: `set_default_openai_client(AsyncOpenAI(base_url=<Helicone URL>,
 * default_headers=...), use_for_tracing=False)`.
 */
export function isRoutedDefaultClient(text: string, call: SyntaxNode): boolean {
  const args = call.getChild('ArgList');
  if (!args) return false;
  const parts = children(args).filter((c) => !['(', ')', ',', 'Comment'].includes(c.name));
  const client = parts[0];
  if (client?.name !== 'CallExpression' || !/^(\w+\.)?AsyncOpenAI$/.test(text.slice(client.from, client.firstChild?.to ?? client.from)))
    return false;
  const inner = client.getChild('ArgList');
  if (!inner) return false;
  const kw = keywordArgs(inner, text);
  const base = kw.get('base_url');
  return (
    !!base &&
    kw.size === 2 &&
    kw.has('default_headers') &&
    isHeliconeUrl(text.slice(base.value.from, base.value.to)) &&
    /use_for_tracing\s*=\s*False/.test(text.slice(args.from, args.to))
  );
}
