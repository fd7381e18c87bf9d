/**
 * Python libraries configured at module level rather than through a client object: LiteLLM (Helicone's logging
 * callback, which reads HELICONE_API_KEY itself) and the legacy `openai<1.0` API (`openai.api_base` plus a
 * `headers=` argument on each call, since that version has no default headers).
 */
import type { SyntaxNode, Tree } from '@lezer/common';
import type { TextEdit } from '../apply-edits';
import { HELICONE_AUTH_HEADER, HELICONE_BASE_URL, HELICONE_KEY_ENV, isDefaultProviderUrl, isHeliconeUrl } from '../helicone-targets';
import { children, keywordArgs } from './find-python-sites';

export interface ModuleStyleSite {
  library: 'litellm' | 'openai-legacy';
  line: number;
  /** The module's local name (`import litellm as ll` gives `ll`). */
  alias: string;
  verdict: { outcome: 'changed'; edits: TextEdit[] } | { outcome: 'already-integrated' | 'skipped'; reason: string };
  routed: boolean;
}

const LEGACY_CALL = (alias: string) => new RegExp(`\\b${alias}\\.(ChatCompletion|Completion|Embedding)\\.a?create$`);

export function findModuleStyleSites(text: string, tree: Tree, quote: '"' | "'"): ModuleStyleSite[] {
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
  const afterImports = lastTopImport ? lineEnd(text, lastTopImport.to) : 0;
  const line = (n: SyntaxNode) => text.slice(0, n.from).split('\n').length;
  const inner = quote === '"' ? "'" : '"';
  const sites: ModuleStyleSite[] = [];

  const litellm = imports.find((i) => i.module === 'litellm');
  if (litellm) {
    const a = litellm.alias;
    const callback = assignment(text, tree, `${a}.success_callback`);
    const base = assignment(text, tree, `${a}.api_base`);
    const routed = (callback && /helicone/i.test(src(callback))) || (base && isHeliconeUrl(src(base)));
    let verdict: ModuleStyleSite['verdict'];
    if (routed) verdict = { outcome: 'already-integrated', reason: 'LiteLLM already logs to Helicone' };
    else if (callback?.name === 'ArrayExpression') {
      const close = callback.to - 1;
      const empty = !children(callback).some((c) => c.name !== '[' && c.name !== ']');
      verdict = { outcome: 'changed', edits: [{ start: close, end: close, text: `${empty ? '' : ', '}${quote}helicone${quote}` }] };
    } else if (callback) verdict = { outcome: 'skipped', reason: 'success_callback is not a list literal' };
    else verdict = { outcome: 'changed', edits: [{ start: afterImports, end: afterImports, text: `\n${a}.success_callback = [${quote}helicone${quote}]\n` }] };
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
      const header = `${quote}${HELICONE_AUTH_HEADER}${quote}: f${quote}Bearer {os.environ.get(${inner}${HELICONE_KEY_ENV}${inner})}${quote}`;
      const edits: TextEdit[] = [];
      let reason: string | undefined;
      const baseLiteral = base?.name === 'String' ? src(base).slice(1, -1) : undefined;
      if (base && isHeliconeUrl(src(base))) {
        // keep
      } else if (base && (baseLiteral === undefined || !isDefaultProviderUrl('openai', baseLiteral))) {
        reason = `openai.api_base is ${src(base).slice(0, 60)}, not the default API`;
      } else if (base) edits.push({ start: base.from, end: base.to, text: `${quote}${HELICONE_BASE_URL.openai}${quote}` });
      else edits.push({ start: afterImports, end: afterImports, text: `\n${a}.api_base = ${quote}${HELICONE_BASE_URL.openai}${quote}\n` });
      let allHeaders = true;
      for (const call of calls) {
        const args = call.getChild('ArgList');
        if (!args) continue;
        const headers = keywordArgs(args, text).get('headers');
        if (headers && /Helicone-Auth/i.test(src(headers.value))) continue;
        allHeaders = false;
        if (headers) {
          if (headers.value.name !== 'DictionaryExpression') continue;
          edits.push({ start: headers.value.to - 1, end: headers.value.to - 1, text: `, ${header}` });
        } else {
          const close = args.to - 1;
          const hasArgs = children(args).some((c) => c.name !== '(' && c.name !== ')');
          edits.push({ start: close, end: close, text: `${hasArgs ? ', ' : ''}headers={${header}}` });
        }
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

/** The value of a top-level `target = value` statement (the last one wins, as at run time). */
function assignment(text: string, tree: Tree, target: string): SyntaxNode | undefined {
  let found: SyntaxNode | undefined;
  for (let n = tree.topNode.firstChild; n; n = n.nextSibling) {
    if (n.name !== 'AssignStatement') continue;
    const parts = children(n);
    if (parts.length >= 3 && text.slice(parts[0]!.from, parts[0]!.to).replace(/\s+/g, '') === target && parts[1]!.name === 'AssignOp') found = parts[2];
  }
  return found;
}

function lineEnd(text: string, pos: number): number {
  const i = text.indexOf('\n', pos);
  return i === -1 ? text.length : i + 1;
}
