/**
 * Python libraries configured at module level rather than through a client object: LiteLLM (Helicone's logging
 * callback, which reads HELICONE_API_KEY itself) and the legacy `openai<1.0` API (`openai.api_base` plus a
 * `headers=` argument on each call, since that version has no default headers). `optional` routing puts each
 * module-level statement under `if os.environ.get("HELICONE_API_KEY"):` and makes each value a conditional.
 */
import type { SyntaxNode, Tree } from '@lezer/common';
import type { TextEdit } from '../apply-edits';
import type { RoutingMode } from '../../../../shared/types';
import { HELICONE_BASE_URL, HELICONE_KEY_ENV, isDefaultProviderUrl, isHeliconeUrl } from '../helicone-targets';
import { children, keywordArgs } from './find-python-sites';
import { pyForms } from './python-forms';
import { appendItems, flat, replaceNode, type PyExpr } from './python-layout';
import { mergeHeaders } from './rewrite-python-call';

export interface ModuleStyleSite {
  library: 'litellm' | 'openai-legacy';
  line: number;
  /** The module's local name (`import litellm as ll` gives `ll`). */
  alias: string;
  verdict: { outcome: 'changed'; edits: TextEdit[] } | { outcome: 'already-integrated' | 'skipped'; reason: string };
  routed: boolean;
}

const LEGACY_CALL = (alias: string) => new RegExp(`\\b${alias}\\.(ChatCompletion|Completion|Embedding)\\.a?create$`);

export function findModuleStyleSites(text: string, tree: Tree, quote: '"' | "'", routing: RoutingMode = 'optional'): ModuleStyleSite[] {
  const f = pyForms(text, { quote, routing });
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
  const importsEnd = lastTopImport ? lineEnd(text, lastTopImport.to) : 0;
  // A new module-level statement, after the imports (a blank line before it); guarded by the key when optional.
  const afterImports = (statement: string): TextEdit => ({ start: importsEnd, end: importsEnd, text: `${importsEnd && !text.slice(0, importsEnd).endsWith('\n') ? '\n' : ''}\n${statement}\n` });
  const guarded = (statement: string) => (f.optional ? f.guardedStatement(statement) : statement);
  const line = (n: SyntaxNode) => text.slice(0, n.from).split('\n').length;
  const sites: ModuleStyleSite[] = [];

  const litellm = imports.find((i) => i.module === 'litellm');
  if (litellm) {
    const a = litellm.alias;
    const callback = assignment(text, tree, `${a}.success_callback`);
    const base = assignment(text, tree, `${a}.api_base`);
    // Also our own guarded `.append("helicone")` / assignment from an earlier run.
    const logs = new RegExp(`^[ \\t]*${escape(a)}\\.success_callback\\b.*helicone`, 'im').test(text);
    const routed = logs || (callback && /helicone/i.test(src(callback))) || (base && isHeliconeUrl(src(base)));
    let verdict: ModuleStyleSite['verdict'];
    if (routed) verdict = { outcome: 'already-integrated', reason: 'LiteLLM already logs to Helicone' };
    else if (callback?.name === 'ArrayExpression') {
      // Optional: the list stays as it is; Helicone joins it only with the key, right after the assignment.
      const eol = text.indexOf('\n', callback.parent!.to);
      const at = eol === -1 ? text.length : eol;
      const edits = f.optional
        ? [{ start: at, end: at, text: `\n${f.guardedStatement(`${a}.success_callback.append(${f.str('helicone')})`)}` }]
        : appendItems(text, callback, [{ prefix: '', expr: f.str('helicone') }], f.unit);
      verdict = { outcome: 'changed', edits };
    } else if (callback) verdict = { outcome: 'skipped', reason: 'success_callback is not a list literal' };
    else verdict = { outcome: 'changed', edits: [afterImports(guarded(`${a}.success_callback = [${f.str('helicone')}]`))] };
    sites.push({ library: 'litellm', line: line(litellm.node), alias: a, verdict, routed: !!routed });
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
      } else if (base) edits.push(replaceNode(text, base, f.optional ? f.withKey(helicone, src(base)) : helicone, f.unit));
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
        edits.push(...appendItems(text, args, [{ prefix: 'headers=', expr: value }], f.unit));
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
 * The value of a top-level `target = value` statement (the last one wins, as at run time), also under a top-level
 * `if` on HELICONE_API_KEY (the optional form of an earlier run).
 */
function assignment(text: string, tree: Tree, target: string): SyntaxNode | undefined {
  let found: SyntaxNode | undefined;
  const visit = (n: SyntaxNode) => {
    if (n.name === 'IfStatement' && text.slice(n.from, n.getChild('Body')?.from ?? n.from).includes(HELICONE_KEY_ENV)) {
      for (let s = n.getChild('Body')?.firstChild; s; s = s.nextSibling) visit(s);
    }
    if (n.name !== 'AssignStatement') return;
    const parts = children(n);
    if (parts.length >= 3 && text.slice(parts[0]!.from, parts[0]!.to).replace(/\s+/g, '') === target && parts[1]!.name === 'AssignOp') found = parts[2];
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
