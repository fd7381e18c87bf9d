/**
 * A Markdown table of environment variables (a header column like Variable / Name / Env, optionally Description,
 * Required, Default): one row for HELICONE_API_KEY in the same column order and cell padding. A column-aligned
 * table gets a row padded to its columns; no other row is re-padded.
 */
import { HELICONE_KEY_ENV, isEnvName, isProviderKey, optionalDescription } from './common';

type Align = 'left' | 'right' | 'center';
type Role = 'env' | 'required' | 'default' | 'description' | 'label' | 'other';

interface Row {
  indent: string;
  lead: boolean;
  trail: boolean;
  /** Raw cells, spaces included. */
  cells: string[];
  /** Offsets of the cell separators, for the alignment check. */
  pipes: number[];
}

export interface TablePlan {
  /** The table lists a provider key. */
  provider: boolean;
  /** Index (among the table's lines) of the row the new one follows. */
  after: number;
  row: string;
}

/** Whether a line is a table's delimiter row (`| --- | :---: |`). */
export function isDelimiterRow(line: string): boolean {
  return line.includes('|') && /^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$/.test(line);
}

/** The row to add to the table made of `lines` (header, delimiter, rows), or undefined when it is not a list of variables. */
export function planTableRow(lines: readonly string[], envHeading: boolean): TablePlan | undefined {
  if (lines.length < 3) return undefined;
  const [header, delimiter, ...body] = lines.map(splitRow);
  const columns = header!.cells.length;
  const aligns: Align[] = delimiter!.cells.map((c) => {
    const t = c.trim();
    return t.startsWith(':') && t.endsWith(':') ? 'center' : t.endsWith(':') ? 'right' : 'left';
  });
  const titles = header!.cells.map((c) => strip(c).toLowerCase());
  const envCol = titles.findIndex(
    (t, i) =>
      /\b(variables?|name|env|environment|key|setting)\b/.test(t) && body.filter((r) => envNameOf(r.cells[i])).length * 2 >= body.length,
  );
  if (envCol === -1) return undefined;
  const names = body.map((r) => envNameOf(r.cells[envCol]));
  const provider = names.some((n) => n !== undefined && isProviderKey(n));
  if (!provider && !envHeading) return undefined;
  const roles: Role[] = titles.map((t, i) =>
    i === envCol
      ? 'env'
      : /required|mandatory|optional/.test(t)
        ? 'required'
        : /default/.test(t)
          ? 'default'
          : /desc|purpose|meaning|notes?\b|details|usage|explanation|comment|what/.test(t)
            ? 'description'
            : /^(name|provider|service|title|label|integration)$/.test(t)
              ? 'label'
              : 'other',
  );
  // The new row follows the last provider key (or the last variable).
  let at = -1;
  names.forEach((n, i) => {
    if (n !== undefined && (!provider || isProviderKey(n))) at = i;
  });
  const template = body[at]!;
  const column = (i: number) => body.map((r) => (r.cells[i] ?? '').trim());
  const hasRequired = roles.includes('required');

  const contents = roles.map((role, i): string => {
    const tpl = (template.cells[i] ?? '').trim();
    switch (role) {
      case 'env':
        return envCell(tpl, names[at]!);
      case 'required':
        return negativeCell(column(i));
      case 'description':
        return optionalDescription({ optionalWord: !hasRequired, lowerCase: /^[a-z]/.test(tpl), period: !tpl || tpl.endsWith('.') });
      case 'label':
        return 'Helicone';
      default:
        return noneMarker(column(i));
    }
  });

  const aligned = [header!, delimiter!, ...body].every((r) => sameNumbers(r.pipes, header!.pipes));
  // In a column-aligned table each cell is padded to its column; a cell wider than its column pushes the next
  // separator right, and the following cells give up padding to bring the row back into line.
  let debt = 0;
  const cells = contents.map((c, i) => {
    const raw = template.cells[i] ?? header!.cells[i]!;
    const last = i === columns - 1 && !header!.trail;
    const left = /^\s/.test(raw) ? 1 : 0;
    const right = last ? 0 : /\s$/.test(raw) ? 1 : 0;
    if (!aligned) return `${' '.repeat(left)}${c}${' '.repeat(right)}`;
    const width = header!.cells[i]!.length - debt;
    const space = Math.max(0, width - left - right - c.length);
    debt = Math.max(0, left + right + c.length - width);
    const align = aligns[i] ?? 'left';
    const before = align === 'right' ? space : align === 'center' ? Math.floor(space / 2) : 0;
    const after = last ? 0 : space - before;
    return `${' '.repeat(left + before)}${c}${' '.repeat(after + right)}`;
  });
  const row = `${template.indent}${template.lead ? '|' : ''}${cells.join('|')}${template.trail ? '|' : ''}`;
  return { provider, after: at + 2, row: row.trimEnd() };
}

function splitRow(line: string): Row {
  const pipes: number[] = [];
  for (let i = 0; i < line.length; i++) if (line[i] === '|' && line[i - 1] !== '\\') pipes.push(i);
  const indent = /^\s*/.exec(line)![0];
  const lead = pipes[0] === indent.length;
  const trimmedEnd = line.replace(/\s+$/, '').length;
  const trail = pipes.length > (lead ? 1 : 0) && pipes[pipes.length - 1] === trimmedEnd - 1;
  const bounds = [
    lead ? pipes[0]! : indent.length - 1,
    ...pipes.slice(lead ? 1 : 0, trail ? -1 : undefined),
    trail ? pipes[pipes.length - 1]! : trimmedEnd,
  ];
  const cells: string[] = [];
  for (let i = 0; i + 1 < bounds.length; i++) cells.push(line.slice(bounds[i]! + 1, bounds[i + 1]));
  return { indent, lead, trail, cells, pipes };
}

function sameNumbers(a: number[], b: number[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** A cell's text without the emphasis, code ticks and spaces around it. */
function strip(cell: string | undefined): string {
  return (cell ?? '').replace(/^[\s`*_~]+|[\s`*_~]+$/g, '');
}

function envNameOf(cell: string | undefined): string | undefined {
  const s = strip(cell);
  return isEnvName(s) ? s : undefined;
}

/** The template's name cell with HELICONE_API_KEY in place of its name, keeping its code ticks or emphasis. */
function envCell(tpl: string, name: string): string {
  const i = tpl.indexOf(name);
  const before = tpl.slice(0, i);
  const after = tpl.slice(i + name.length);
  if (i !== -1 && /^[`*_~]*$/.test(before) && /^[`*_~]*$/.test(after)) return `${before}${HELICONE_KEY_ENV}${after}`;
  return tpl.includes('`') ? `\`${HELICONE_KEY_ENV}\`` : HELICONE_KEY_ENV;
}

const NEGATIVE_RE = /^(no|false|optional|not required|n|❌|✗|✘|-|—|–)$/i;

/** "Not required" in the column's own words (an existing "No", "optional", "❌"…), else "No" in its case. */
function negativeCell(column: string[]): string {
  const existing = column.find((c) => NEGATIVE_RE.test(strip(c)));
  if (existing) return existing;
  const positive = column.find((c) => /^(yes|required|true|y)$/i.test(strip(c)));
  if (positive) {
    const word = strip(positive);
    const no = /^required$/i.test(word) ? 'optional' : /^true$/i.test(word) ? 'false' : 'no';
    const cased = word === word.toUpperCase() ? no.toUpperCase() : /^[A-Z]/.test(word) ? no[0]!.toUpperCase() + no.slice(1) : no;
    return positive.replace(word, cased);
  }
  return 'No';
}

const NONE_RE = /^(-|—|–|none|\(none\)|n\/a|""|''|\(empty\)|empty|unset|\(unset\))$/i;

/** The column's own "nothing here" marker (`-`, `none`, `""`…), else an empty cell. */
function noneMarker(column: string[]): string {
  return column.find((c) => NONE_RE.test(strip(c))) ?? '';
}
