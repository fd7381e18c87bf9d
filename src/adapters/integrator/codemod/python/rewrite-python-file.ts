/**
 * Rewrites the Python client constructions of one file, keeping every other byte, and checks it still parses.
 * `routing` (default `optional`): route through Helicone only when HELICONE_API_KEY is set at run time, or `always`.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { DEFAULT_ROUTING, type ClientSite, type RoutingMode } from '../../../../shared/types';
import { applyEdits, type TextEdit } from '../apply-edits';
import { findPythonSites, parsePython, pythonParseErrors } from './find-python-sites';
import { findModuleStyleSites } from './module-style';
import { detectPythonIndent } from './python-layout';
import { addImportOs, detectPythonQuote, planPythonRewrite, type PythonStyle } from './rewrite-python-call';

export async function rewritePythonFile(workdir: string, rel: string, opts: { write?: boolean; routing?: RoutingMode } = {}): Promise<{ changed: boolean; sites: ClientSite[] }> {
  const abs = path.join(workdir, rel);
  const text = await fs.readFile(abs, 'utf8');
  if (!/openai|anthropic|litellm/i.test(text)) return { changed: false, sites: [] };
  const tree = parsePython(text);
  const found = findPythonSites(text, tree);
  const style: PythonStyle = { quote: detectPythonQuote(text), routing: opts.routing ?? DEFAULT_ROUTING, indentUnit: detectPythonIndent(text) };
  const moduleSites = findModuleStyleSites(text, tree, style.quote, style.routing);
  if (!found.length && !moduleSites.length) return { changed: false, sites: [] };
  const edits: TextEdit[] = [];
  const sites: ClientSite[] = found.map((site) => {
    const verdict = planPythonRewrite(text, site, style);
    if (verdict.outcome === 'changed') edits.push(...verdict.edits);
    return { file: rel, line: site.line, library: site.kind.library, outcome: verdict.outcome, ...(verdict.outcome === 'changed' ? {} : { reason: verdict.reason }) };
  });
  for (const m of moduleSites) {
    if (m.verdict.outcome === 'changed') edits.push(...m.verdict.edits);
    sites.push({ file: rel, line: m.line, library: m.library, outcome: m.verdict.outcome, ...(m.verdict.outcome === 'changed' ? {} : { reason: m.verdict.reason }) });
  }
  if (!edits.length) return { changed: false, sites };
  const importOs = edits.some((e) => e.text.includes('os.environ')) ? addImportOs(text) : undefined;
  const output = applyEdits(text, importOs ? [...edits, importOs] : edits);
  if (pythonParseErrors(parsePython(output)) > pythonParseErrors(tree)) {
    return { changed: false, sites: sites.map((s) => (s.outcome === 'changed' ? { ...s, outcome: 'skipped', reason: 'the rewrite did not parse; left unchanged' } : s)) };
  }
  if (opts.write !== false) await fs.writeFile(abs, output);
  return { changed: true, sites };
}
