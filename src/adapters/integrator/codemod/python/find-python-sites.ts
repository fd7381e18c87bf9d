/**
 * Finds Python LLM client constructions with the Lezer Python parser (pure JavaScript: no Python needed on the
 * machine). Names are resolved through the file's imports: `from openai import OpenAI`, `import anthropic` then
 * `anthropic.AsyncAnthropic(...)`, aliases included.
 */
import { TreeFragment, type ChangedRange, type SyntaxNode, type Tree } from '@lezer/common';
import type { TextEdit } from '../apply-edits';
import { parser } from '@lezer/python';
import { PY_CLIENTS, type PythonClientKind } from './python-catalog';

export interface PythonSite {
  call: SyntaxNode;
  args: SyntaxNode;
  kind: PythonClientKind;
  line: number;
}

export function parsePython(text: string): Tree {
  return parser.parse(text);
}

/**
 * The tree of `text`, which is `previous`'s text with `edits` applied: Lezer reuses the unchanged parts of the old
 * tree, so the rewrite's re-parses after each step cost a fraction of a full parse (the result is the same tree).
 */
export function reparsePython(previous: Tree, edits: readonly TextEdit[], text: string): Tree {
  const changes: ChangedRange[] = [];
  let shift = 0;
  for (const e of [...edits].sort((a, b) => a.start - b.start)) {
    const fromB = e.start + shift;
    changes.push({ fromA: e.start, toA: e.end, fromB, toB: fromB + e.text.length });
    shift += e.text.length - (e.end - e.start);
  }
  return parser.parse(text, TreeFragment.applyChanges(TreeFragment.addTree(previous), changes));
}

/** Lezer recovers from syntax errors by inserting error nodes: their presence means the file does not parse. */
export function pythonParseErrors(tree: Tree): number {
  let errors = 0;
  tree.iterate({ enter: (n) => void (n.type.isError && errors++) });
  return errors;
}

export function findPythonSites(text: string, tree: Tree = parsePython(text)): PythonSite[] {
  const classes = new Map<string, PythonClientKind>();
  const modules = new Map<string, string>();
  // Names of the OpenAI Agents SDK that take a client (`set_default_openai_client`, `OpenAIChatCompletionsModel`...).
  const agents = new Map<string, string>();
  const src = (n: SyntaxNode) => text.slice(n.from, n.to);
  tree.iterate({
    enter: (ref) => {
      if (ref.name !== 'ImportStatement') return;
      const node = ref.node;
      const parts = children(node);
      if (parts[0]?.name === 'from') {
        // from <module> import A, B as C
        const importAt = parts.findIndex((p) => p.name === 'import');
        const module = parts.slice(1, importAt).map(src).join('');
        if (module === 'agents' || module.startsWith('agents.')) {
          for (const [name, alias] of importedNames(parts.slice(importAt + 1), src)) if (AGENTS_TAKERS.has(name)) agents.set(alias, name);
        }
        const catalog = PY_CLIENTS[module];
        if (!catalog) return false;
        const names = parts.slice(importAt + 1);
        for (let i = 0; i < names.length; i++) {
          if (names[i]!.name !== 'VariableName') continue;
          const imported = src(names[i]!);
          const alias = names[i + 1]?.name === 'as' && names[i + 2] ? src(names[i + 2]!) : imported;
          if (names[i + 1]?.name === 'as') i += 2;
          if (catalog[imported]) classes.set(alias, catalog[imported]!);
        }
      } else {
        // import <module> [as alias], ...
        const names = parts.slice(1);
        for (let i = 0; i < names.length; i++) {
          if (names[i]!.name !== 'VariableName') continue;
          const module = src(names[i]!);
          const alias = names[i + 1]?.name === 'as' && names[i + 2] ? src(names[i + 2]!) : module;
          if (names[i + 1]?.name === 'as') i += 2;
          if (PY_CLIENTS[module]) modules.set(alias, module);
          if (module === 'agents') for (const name of AGENTS_TAKERS) agents.set(`${alias}.${name}`, name);
        }
      }
      return false;
    },
  });
  if (!classes.size && !modules.size) return [];
  const sites: PythonSite[] = [];
  tree.iterate({
    enter: (ref) => {
      if (ref.name !== 'CallExpression') return;
      const call = ref.node;
      const callee = call.firstChild;
      const args = call.getChild('ArgList');
      if (!callee || !args) return;
      let kind: PythonClientKind | undefined;
      if (callee.name === 'VariableName') kind = classes.get(src(callee));
      else if (callee.name === 'MemberExpression') {
        const [obj, , prop] = children(callee);
        if (obj?.name === 'VariableName' && prop?.name === 'PropertyName') {
          const module = modules.get(src(obj));
          if (module) kind = PY_CLIENTS[module]![src(prop)];
        }
      }
      if (kind && kind.provider === 'openai' && agents.size && handedToAgents(text, call, agents)) kind = AGENTS_CLIENT;
      if (kind) sites.push({ call, args, kind, line: text.slice(0, call.from).split('\n').length });
    },
  });
  return sites;
}

/** What the Agents SDK calls the clients an app hands it: `openai-agents-python` sites, routed like openai-python's. */
const AGENTS_CLIENT: PythonClientKind = {
  library: 'openai-agents-python',
  provider: 'openai',
  baseKey: 'base_url',
  headersKey: 'default_headers',
};
/** The SDK's functions and classes that take an AsyncOpenAI: first argument or `openai_client=`. */
const AGENTS_TAKERS = new Set(['set_default_openai_client', 'OpenAIChatCompletionsModel', 'OpenAIResponsesModel', 'OpenAIProvider']);

function importedNames(names: SyntaxNode[], src: (n: SyntaxNode) => string): [string, string][] {
  const out: [string, string][] = [];
  for (let i = 0; i < names.length; i++) {
    if (names[i]!.name !== 'VariableName') continue;
    const imported = src(names[i]!);
    const alias = names[i + 1]?.name === 'as' && names[i + 2] ? src(names[i + 2]!) : imported;
    if (names[i + 1]?.name === 'as') i += 2;
    out.push([imported, alias]);
  }
  return out;
}

/**
 * True when the client construction is handed straight to the Agents SDK: `set_default_openai_client(AsyncOpenAI(...))`
 * (its first argument or `client=`), `OpenAIChatCompletionsModel(..., openai_client=AsyncOpenAI(...))`.
 */
function handedToAgents(text: string, call: SyntaxNode, agents: Map<string, string>): boolean {
  const args = call.parent;
  const outer = args?.name === 'ArgList' ? args.parent : null;
  if (!args || outer?.name !== 'CallExpression' || !outer.firstChild) return false;
  const taker = agents.get(text.slice(outer.firstChild.from, outer.firstChild.to).replace(/\s+/g, ''));
  if (!taker) return false;
  const before = children(args).filter((c) => c.to <= call.from && c.name !== '(' && c.name !== 'Comment');
  const keyword =
    before.length >= 2 && before[before.length - 1]!.name === 'AssignOp'
      ? text.slice(before[before.length - 2]!.from, before[before.length - 2]!.to)
      : undefined;
  if (keyword) return keyword === 'openai_client' || (taker === 'set_default_openai_client' && keyword === 'client');
  return taker === 'set_default_openai_client' && before.length === 0;
}

export function children(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling) out.push(c);
  return out;
}

/** Keyword arguments of an ArgList: name → value node (and the name node, for positions). */
export function keywordArgs(args: SyntaxNode, text: string): Map<string, { name: SyntaxNode; value: SyntaxNode }> {
  const out = new Map<string, { name: SyntaxNode; value: SyntaxNode }>();
  const parts = children(args);
  for (let i = 0; i + 2 < parts.length; i++) {
    if (parts[i]!.name === 'VariableName' && parts[i + 1]!.name === 'AssignOp') {
      out.set(text.slice(parts[i]!.from, parts[i]!.to), { name: parts[i]!, value: parts[i + 2]! });
    }
  }
  return out;
}

/** True when the call passes `**kwargs` (which may already hold a base URL). */
export function hasDoubleStar(args: SyntaxNode, text: string): boolean {
  return children(args).some((c) => text.slice(c.from, c.to) === '**');
}
