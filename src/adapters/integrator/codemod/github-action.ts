/**
 * A repository that is a GitHub Action: its users configure it through inputs, not through environment variables
 * of their own, so the key becomes an optional input (`helicone-api-key`, named like the action's other inputs) in
 * action.yml, in the file's own YAML style and documented in the README's inputs table when it has one.
 *
 * - A JavaScript action (`runs.using: node20`) reads it in code: `core.getInput('helicone-api-key')` where the file
 *   imports @actions/core, else `process.env['INPUT_HELICONE-API-KEY']` (the runner's variable for the input).
 * - A composite action passes `HELICONE_API_KEY: ${{ inputs.helicone-api-key }}` in the `env` of the steps that run
 *   code, and a Docker action in `runs.env`; the code keeps reading HELICONE_API_KEY.
 *
 * action.yml is parsed with `yaml` only to find where things are; the change is a text insertion of whole lines.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import ts from 'typescript';
import { type Node, type Pair, type Scalar, isMap, isPair, isScalar, isSeq, parseDocument, type YAMLMap } from 'yaml';
import type { RepositoryAnalysis } from '../../../shared/types';
import type { TextEdit } from './apply-edits';
import { HELICONE_KEY_ENV } from './helicone-targets';
import { addNamedImport, importsOf, usesName } from './js-imports';

export interface ActionInfo {
  file: string;
  using: string;
  kind: 'node' | 'composite' | 'docker';
  /** The input's name, in the style of the action's other inputs. */
  input: string;
  /** What the action runs (`dist/index.js`), for a JavaScript action. */
  main?: string;
}

export const INPUT_DESCRIPTION = 'Helicone API key (optional): when set, LLM requests are logged to Helicone';

/** The action at the root of the working copy, when the analysis or an action.yml says the repository is one. */
export async function readAction(workdir: string, analysis?: RepositoryAnalysis): Promise<ActionInfo | undefined> {
  if (analysis?.kind && analysis.kind !== 'github-action') return undefined;
  for (const file of ['action.yml', 'action.yaml']) {
    const text = await fs.readFile(path.join(workdir, file), 'utf8').catch(() => undefined);
    if (text === undefined) continue;
    const doc = parseDocument(text);
    if (doc.errors.length) continue;
    const runs = doc.get('runs', true);
    if (!isMap(runs)) continue;
    const using = String(runs.get('using') ?? '');
    const kind = /^node\d*$/i.test(using) ? 'node' : using === 'composite' ? 'composite' : using === 'docker' ? 'docker' : undefined;
    if (!kind) continue;
    const main = runs.get('main');
    return { file, using, kind, input: inputName(doc.get('inputs', true)), ...(typeof main === 'string' ? { main } : {}) };
  }
  return undefined;
}

/** `helicone-api-key`, or `helicone_api_key` / `heliconeApiKey` when the other inputs are named so. */
function inputName(inputs: unknown): string {
  const names = isMap(inputs) ? inputs.items.map((p) => String(isScalar(p.key) ? p.key.value : p.key)) : [];
  if (names.some((n) => n.includes('_')) && !names.some((n) => n.includes('-'))) return 'helicone_api_key';
  if (names.some((n) => /[a-z][A-Z]/.test(n)) && !names.some((n) => /[-_]/.test(n))) return 'heliconeApiKey';
  return 'helicone-api-key';
}

/** The variable the runner sets for an input: `INPUT_` and the name upper-cased, spaces as underscores. */
export function inputEnvName(input: string): string {
  return `INPUT_${input.replace(/ /g, '_').toUpperCase()}`;
}

/** How a JavaScript action's file reads the input, and the import edit it needs for it. */
export function actionKeyRead(sf: ts.SourceFile, info: ActionInfo, quote: string): { expr: string; edits: TextEdit[] } {
  const core = importsOf(sf).filter((b) => b.specifier === '@actions/core');
  const arg = `${quote}${info.input}${quote}`;
  const getInput = core.find((b) => b.kind === 'named' && b.imported === 'getInput');
  if (getInput) return { expr: `${getInput.local}(${arg})`, edits: [] };
  const whole = core.find((b) => b.kind !== 'named');
  if (whole) return { expr: `${whole.local}.getInput(${arg})`, edits: [] };
  const named = core.find((b) => b.kind === 'named' && ts.isImportDeclaration(b.statement));
  const add = named && !usesName(sf, 'getInput') ? addNamedImport(sf, named.statement as ts.ImportDeclaration, 'getInput') : undefined;
  if (add) return { expr: `getInput(${arg})`, edits: [add] };
  return { expr: `process.env[${quote}${inputEnvName(info.input)}${quote}]`, edits: [] };
}

// ---- action.yml ----------------------------------------------------------------------------------------------------

interface Lines {
  text: string;
  eol: string;
  /** Offsets where each line starts. */
  starts: number[];
}

function lines(text: string): Lines {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  return { text, eol: text.includes('\r\n') ? '\r\n' : '\n', starts };
}

function lineOf(l: Lines, at: number): number {
  let lo = 0;
  let hi = l.starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (l.starts[mid]! <= at) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

function column(l: Lines, at: number): number {
  return at - l.starts[lineOf(l, at)]!;
}

/** The offset just after the last line of a node (its last non-space character's line, line break included). */
function afterNode(l: Lines, node: Node | Pair): number {
  const range = isPair(node) ? ((node.value as Node | null)?.range ?? (node.key as Node).range) : node.range;
  let end = range![1];
  while (end > 0 && /\s/.test(l.text[end - 1]!)) end--;
  const next = l.starts[lineOf(l, Math.max(0, end - 1)) + 1];
  return next ?? l.text.length;
}

/** A scalar written like `like` (plain stays plain unless the value needs quotes). */
function scalarLike(like: Scalar | undefined, value: string): string {
  const needsQuotes = /: |^[\s'"&*!|>%@`{[]|#|\s$/.test(value);
  if (like?.type === 'QUOTE_DOUBLE') return JSON.stringify(value);
  if (like?.type === 'QUOTE_SINGLE' || needsQuotes) return `'${value.replace(/'/g, "''")}'`;
  return value;
}

/** The first scalar found under `key` in the maps of `items`. */
function sample(items: unknown[], key: string): Scalar | undefined {
  for (const it of items) {
    const v = isPair(it) && isMap(it.value) ? it.value.get(key, true) : undefined;
    if (isScalar(v)) return v;
  }
  return undefined;
}

/**
 * action.yml with the optional input added after the last input (an `inputs:` section before `outputs:` / `runs:`
 * when there is none); composite and Docker actions also pass it as HELICONE_API_KEY. Undefined when the file
 * already has it or cannot be read.
 */
export function declareActionInput(text: string, info: ActionInfo, changed: readonly string[] = []): string | undefined {
  const doc = parseDocument(text);
  if (doc.errors.length || !isMap(doc.contents)) return undefined;
  const root = doc.contents;
  const l = lines(text);
  const edits: TextEdit[] = [];
  const inputs = root.get('inputs', true);
  const indentUnit = guessIndent(root, l);
  if (isMap(inputs) && inputs.items.some((p) => isScalar(p.key) && String(p.key.value).toLowerCase() === info.input.toLowerCase()))
    return undefined;
  const description = (like?: Scalar) => scalarLike(like, INPUT_DESCRIPTION);
  const required = (like?: Scalar) => (like?.type === 'QUOTE_SINGLE' ? "'false'" : like?.type === 'QUOTE_DOUBLE' ? '"false"' : 'false');
  if (isMap(inputs) && inputs.items.length && !inputs.flow) {
    const last = inputs.items[inputs.items.length - 1]!;
    const keyIndent = ' '.repeat(column(l, (last.key as Node).range![0]));
    const value = last.value;
    const desc = sample(inputs.items, 'description');
    const req = sample(inputs.items, 'required');
    let entry: string[];
    if (isMap(value) && value.flow) {
      entry = [`${keyIndent}${info.input}: { description: ${description(desc)}, required: ${required(req)} }`];
    } else {
      const first = isMap(value) ? value.items[0] : undefined;
      const inner = first ? ' '.repeat(column(l, (first.key as Node).range![0])) : keyIndent + indentUnit;
      entry = [`${keyIndent}${info.input}:`, `${inner}description: ${description(desc)}`, `${inner}required: ${required(req)}`];
    }
    const at = afterNode(l, last);
    edits.push({ start: at, end: at, text: withEol(entry, l, at) });
  } else if (!inputs) {
    // A new section before `outputs:` or `runs:`.
    const before = root.items.find((p) => isScalar(p.key) && /^(outputs|runs)$/.test(String(p.key.value)));
    const entry = [
      'inputs:',
      `${indentUnit}${info.input}:`,
      `${indentUnit}${indentUnit}description: ${description()}`,
      `${indentUnit}${indentUnit}required: false`,
    ];
    const at = before ? l.starts[lineOf(l, (before.key as Node).range![0])]! : l.text.length;
    edits.push({ start: at, end: at, text: withEol(entry, l, at) });
  } else return undefined;

  const runs = root.get('runs', true);
  const pass = `${HELICONE_KEY_ENV}: \${{ inputs.${info.input} }}`;
  if (info.kind === 'composite' && isMap(runs)) {
    const steps = runs.get('steps', true);
    if (isSeq(steps)) {
      const maps = steps.items.filter((s): s is YAMLMap => isMap(s) && !s.flow && s.has('run'));
      const script = (s: YAMLMap) => String(s.get('run') ?? '');
      // The steps that name a changed file, else those that start a program.
      const naming = maps.filter((s) => changed.some((f) => script(s).includes(path.posix.basename(f))));
      const running = naming.length ? naming : maps.filter((s) => RUNS_CODE_RE.test(script(s)));
      for (const step of running.length ? running : maps) {
        const edit = addEnvEntry(l, step, pass, indentUnit);
        if (edit) edits.push(edit);
      }
    }
  } else if (info.kind === 'docker' && isMap(runs) && !runs.flow) {
    const edit = addEnvEntry(l, runs, pass, indentUnit);
    if (edit) edits.push(edit);
  }
  return applyAll(text, edits);
}

/** Steps whose script starts a program (Node, Python, a package script), not those that only install. */
const RUNS_CODE_RE =
  /\b(node|npx|tsx|ts-node|deno|bun|python3?)\s|\b(npm|pnpm|yarn)\s+(run|start|exec|dlx|test)\b|\b(uv|poetry|pipenv)\s+run\b/;

/** An entry in a map's `env` (added after its last entry, or as a new `env:` after the map's last key). */
function addEnvEntry(l: Lines, map: YAMLMap, entry: string, indentUnit: string): TextEdit | undefined {
  const env = map.get('env', true);
  const firstKey = map.items[0]?.key as Node | undefined;
  if (!firstKey?.range) return undefined;
  const keyIndent = ' '.repeat(column(l, firstKey.range[0]));
  if (isMap(env)) {
    if (env.flow || !env.items.length) return undefined;
    if (env.items.some((p) => isScalar(p.key) && p.key.value === HELICONE_KEY_ENV)) return undefined;
    const last = env.items[env.items.length - 1]!;
    const at = afterNode(l, last);
    return { start: at, end: at, text: withEol([`${' '.repeat(column(l, (last.key as Node).range![0]))}${entry}`], l, at) };
  }
  if (env !== undefined) return undefined;
  const last = map.items[map.items.length - 1]!;
  const at = afterNode(l, last);
  return { start: at, end: at, text: withEol([`${keyIndent}env:`, `${keyIndent}${indentUnit}${entry}`], l, at) };
}

/** The indentation unit of the file's nested maps (2 when it shows none). */
function guessIndent(root: YAMLMap, l: Lines): string {
  for (const p of root.items) {
    if (isMap(p.value) && !p.value.flow && p.value.items[0]) {
      const c = column(l, (p.value.items[0].key as Node).range![0]) - column(l, (p.key as Node).range![0]);
      if (c > 0) return ' '.repeat(c);
    }
  }
  return '  ';
}

/** Lines inserted at a line start (a file that does not end with a line break gets one first). */
function withEol(entry: string[], l: Lines, at: number): string {
  const lead = at === l.text.length && l.text.length && !l.text.endsWith('\n') ? l.eol : '';
  return lead + entry.map((e) => e + l.eol).join('');
}

function applyAll(text: string, edits: TextEdit[]): string {
  return [...edits].sort((a, b) => b.start - a.start).reduce((out, e) => out.slice(0, e.start) + e.text + out.slice(e.end), text);
}

// ---- README ----------------------------------------------------------------------------------------------------------

/**
 * The README's inputs table with a row for the new input, in the format of its other rows (name cell quoting,
 * the negative of its Required column, its marker for no default). Undefined when it has no such table.
 */
export function documentInputInReadme(readme: string, actionText: string, info: ActionInfo): string | undefined {
  const doc = parseDocument(actionText);
  const inputs = doc.get('inputs', true);
  const names = isMap(inputs) ? inputs.items.map((p) => String(isScalar(p.key) ? p.key.value : p.key)).filter((n) => n !== info.input) : [];
  if (!names.length || readme.includes(info.input)) return undefined;
  const eol = readme.includes('\r\n') ? '\r\n' : '\n';
  const all = readme.split(/\r?\n/);
  for (let i = 0; i + 2 < all.length; i++) {
    if (!all[i]!.includes('|') || !/^\s*\|?\s*:?-{2,}/.test(all[i + 1]!)) continue;
    let end = i + 2;
    while (end < all.length && all[end]!.includes('|') && all[end]!.trim()) end++;
    const body = all.slice(i + 2, end);
    const cellsOf = (row: string) =>
      row
        .trim()
        .replace(/^\|/, '')
        .replace(/\|$/, '')
        .split('|')
        .map((c) => c.trim());
    const header = cellsOf(all[i]!).map((c) => c.replace(/[*_`]/g, '').toLowerCase());
    const nameCol = body.length
      ? cellsOf(body[0]!).findIndex((_, col) => body.filter((r) => names.includes(plain(cellsOf(r)[col] ?? ''))).length * 2 >= body.length)
      : -1;
    if (nameCol === -1) continue;
    const rows = body.map(cellsOf);
    const template = rows[rows.length - 1]!;
    const cells = header.map((h, col) => {
      if (col === nameCol) return template[col]!.replace(plain(template[col]!), info.input);
      if (/required|mandatory/.test(h)) return negative(rows.map((r) => r[col] ?? ''));
      if (/default/.test(h)) return noneMarker(rows.map((r) => r[col] ?? ''));
      if (/desc/.test(h)) {
        // With a Required column saying so, the description need not.
        const d = header.some((x) => /required|mandatory/.test(x)) ? INPUT_DESCRIPTION.replace(' (optional)', '') : INPUT_DESCRIPTION;
        return template[col]!.endsWith('.') ? `${d}.` : d;
      }
      return '';
    });
    const lead = /^\s*\|/.test(body[body.length - 1]!);
    const trail = /\|\s*$/.test(body[body.length - 1]!);
    const row = `${lead ? '|' : ''}${cells.map((c, k) => (c ? `${k || lead ? ' ' : ''}${c} ` : ' ')).join('|')}${trail ? '|' : ''}`.replace(
      / $/,
      trail ? ' ' : '',
    );
    all.splice(end, 0, row);
    return all.join(eol);
  }
  return documentInList(all, names, info, eol);
}

/** A bullet list of the inputs (`` - `tag`: the tag to write notes for ``): an item after its last one, in its format. */
function documentInList(all: string[], names: string[], info: ActionInfo, eol: string): string | undefined {
  const item = /^(\s*[-*+]\s+)(\**`)([^`]+)(`\**)(.*)$/;
  for (let i = 0; i < all.length; i++) {
    let end = i;
    while (end < all.length && item.test(all[end]!) && names.includes(item.exec(all[end]!)![3]!)) end++;
    if (end - i < Math.min(2, names.length)) continue;
    const items = all.slice(i, end).map((l) => item.exec(l)!);
    // An optional input's item is the template: its separator (`: `, ` - `) and its final period.
    const template = [...items].reverse().find((m) => !/required/i.test(m[5]!)) ?? items[items.length - 1]!;
    const sep = /^(\s*(?:\([^)]*\))?\s*[:\u2014\u2013-]?\s*)/.exec(template[5]!)![1]!.replace(/\([^)]*\)\s*/, '');
    const rest = template[5]!.slice(/^(\s*(?:\([^)]*\))?\s*[:\u2014\u2013-]?\s*)/.exec(template[5]!)![1]!.length);
    all.splice(
      end,
      0,
      `${template[1]}${template[2]}${info.input}${template[4]}${sep || ': '}${INPUT_DESCRIPTION}${rest.endsWith('.') ? '.' : ''}`,
    );
    return all.join(eol);
  }
  return undefined;
}

/** The text of a name cell without backticks, quotes or emphasis. */
function plain(cell: string): string {
  return cell.replace(/[`*_'"]/g, '').trim();
}

/** The column's own word for "not required" (`false`, `No`, `` `false` ``), `false` when it shows none. */
function negative(column: string[]): string {
  const found = column.find((c) => /^[`*_]*(false|no|optional|n)[`*_]*$/i.test(c));
  if (found) return found;
  const yes = column.find((c) => /^[`*_]*(true|yes|required|y)[`*_]*$/i.test(c));
  if (!yes) return 'false';
  const word = plain(yes).toLowerCase();
  const neg = word === 'true' ? 'false' : word === 'yes' ? 'no' : word === 'y' ? 'n' : 'optional';
  const cased = /^[A-Z]/.test(plain(yes)) ? neg[0]!.toUpperCase() + neg.slice(1) : neg;
  return yes.replace(plain(yes), cased);
}

/** The column's marker for no default (`-`, `''`, `n/a`, empty). */
function noneMarker(column: string[]): string {
  return column.find((c) => /^([-—–]|n\/a|none|`?''`?|`?""`?|)$/i.test(c)) ?? '';
}
