/**
 * Finds Python LLM client constructions with the Lezer Python parser (pure JavaScript: no Python needed on the
 * machine). Names are resolved through the file's imports: `from openai import OpenAI`, `import anthropic` then
 * `anthropic.AsyncAnthropic(...)`, aliases included.
 */
import type { SyntaxNode, Tree } from '@lezer/common';
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

/** Lezer recovers from syntax errors by inserting error nodes: their presence means the file does not parse. */
export function pythonParseErrors(tree: Tree): number {
  let errors = 0;
  tree.iterate({ enter: (n) => void (n.type.isError && errors++) });
  return errors;
}

export function findPythonSites(text: string, tree: Tree = parsePython(text)): PythonSite[] {
  const classes = new Map<string, PythonClientKind>();
  const modules = new Map<string, string>();
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
      if (kind) sites.push({ call, args, kind, line: text.slice(0, call.from).split('\n').length });
    },
  });
  return sites;
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
