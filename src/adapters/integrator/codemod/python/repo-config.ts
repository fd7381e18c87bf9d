/**
 * What a repository's Python tooling expects of the code we write, read from its configuration files the way the
 * tools find them (the nearest file up from the edited one): the line length (black's `[tool.black] line-length`,
 * ruff's `line-length` in pyproject.toml / ruff.toml / .ruff.toml, flake8's `max-line-length` in setup.cfg /
 * tox.ini / .flake8), whether import sorting is checked (an isort configuration, or ruff's `I` rules selected) and
 * with which basics, and the oldest Python the project supports (`requires-python`, `target-version`).
 * TOML is parsed with smol-toml; the INI files with the small parser below.
 */
import { parse as parseToml } from 'smol-toml';

export interface ImportSorting {
  /** Which tool: the isort section or ruff's rules. */
  tool: 'isort' | 'ruff';
  /** `import x` and `from x import y` sorted together by module (isort's google / open_stack / plone profiles). */
  forceSortWithinSections: boolean;
  /** Blank lines between the `import x` and the `from x import y` lines of one section. */
  linesBetweenTypes: number;
}

export interface PythonToolConfig {
  /** The line length generated code is laid out in (black's 88 when nothing says otherwise). */
  lineLength: number;
  /** A formatter (black, ruff) or a line-length check (flake8, ruff's E501) is configured: a one-line statement the rewrite makes too long is laid out over several lines. */
  wrap: boolean;
  /** Where the line length comes from, e.g. "`[tool.ruff] line-length` in pyproject.toml". */
  lineLengthSource?: string;
  formatter?: 'black' | 'ruff';
  /** Import sorting is checked: `import os` goes where isort would put it. */
  importSorting?: ImportSorting;
  /** The oldest Python the project supports, when its configuration says: [3, 9]. */
  minPython?: [number, number];
}

type Read = (rel: string) => string | undefined;
type Table = Record<string, unknown>;

const BLACK_DEFAULT = 88;
const FLAKE8_DEFAULT = 79;

/** The configuration that applies to `rel` (a POSIX path from the repository root), reading files with `read`. */
export function resolveToolConfig(rel: string, read: Read): PythonToolConfig {
  const dirs = ancestors(rel);
  const toml = (file: string): Table | undefined => {
    const t = read(file);
    if (t === undefined) return undefined;
    try {
      return parseToml(t) as Table;
    } catch {
      return undefined; // a file the tools could not read either
    }
  };
  const ini = (file: string) => {
    const t = read(file);
    return t === undefined ? undefined : parseIni(t);
  };
  const at = (dir: string, name: string) => (dir ? `${dir}/${name}` : name);

  // black: the nearest pyproject.toml (black's project root), its [tool.black] table.
  let black: { table: Table; file: string } | undefined;
  // ruff: the nearest .ruff.toml, ruff.toml, or pyproject.toml with a [tool.ruff] table.
  let ruff: { table: Table; file: string; pyproject: boolean } | undefined;
  let isort: { table: Table; file: string; ini: boolean } | undefined;
  let flake8: { table: Table; file: string } | undefined;
  let project: Table | undefined;
  let pyprojectSeen = false;
  for (const dir of dirs) {
    const py = toml(at(dir, 'pyproject.toml'));
    const tool = (py?.tool ?? {}) as Table;
    if (py && !pyprojectSeen) {
      pyprojectSeen = true;
      if (isTable(tool.black)) black = { table: tool.black, file: at(dir, 'pyproject.toml') };
      project = py;
    }
    if (!ruff) {
      for (const name of ['.ruff.toml', 'ruff.toml']) {
        const t = toml(at(dir, name));
        if (t && !ruff) ruff = { table: t, file: at(dir, name), pyproject: false };
      }
      if (!ruff && isTable(tool.ruff)) ruff = { table: tool.ruff, file: at(dir, 'pyproject.toml'), pyproject: true };
    }
    if (!isort) {
      const cfg = ini(at(dir, '.isort.cfg'))?.settings;
      const setup = ini(at(dir, 'setup.cfg'));
      const tox = ini(at(dir, 'tox.ini'));
      if (cfg) isort = { table: cfg, file: at(dir, '.isort.cfg'), ini: true };
      else if (isTable(tool.isort)) isort = { table: tool.isort, file: at(dir, 'pyproject.toml'), ini: false };
      else if (setup?.isort ?? setup?.['tool:isort'])
        isort = { table: (setup.isort ?? setup['tool:isort'])!, file: at(dir, 'setup.cfg'), ini: true };
      else if (tox?.isort) isort = { table: tox.isort, file: at(dir, 'tox.ini'), ini: true };
    }
    if (!flake8) {
      for (const name of ['.flake8', 'setup.cfg', 'tox.ini']) {
        const s = ini(at(dir, name));
        const table = s?.flake8 ?? s?.pycodestyle;
        if (table && !flake8) flake8 = { table, file: at(dir, name) };
      }
    }
  }

  const out: PythonToolConfig = { lineLength: BLACK_DEFAULT, wrap: false };
  const lengthOf = (v: unknown) =>
    typeof v === 'number' && v > 0 ? v : typeof v === 'string' && /^\d+$/.test(v.trim()) ? Number(v) : undefined;
  let checkLength: { length: number; source: string } | undefined;
  if (ruff) {
    const t = ruff.table;
    const lint = (isTable(t.lint) ? t.lint : {}) as Table;
    const section = ruff.pyproject ? '[tool.ruff]' : `${basename(ruff.file)}`;
    const length = lengthOf(t['line-length']) ?? BLACK_DEFAULT;
    const codes = (k: string) => [...strings(lint[k]), ...strings(t[k])];
    const select = codes('select').length ? codes('select') : ['E4', 'E7', 'E9', 'F'];
    const selected = [...select, ...codes('extend-select')];
    const ignored = [...codes('ignore'), ...codes('extend-ignore')];
    const on = (code: string) => selected.some((s) => s === 'ALL' || code.startsWith(s)) && !ignored.some((s) => code.startsWith(s));
    out.formatter = 'ruff';
    out.lineLength = length;
    out.lineLengthSource = `\`${section} line-length\` in ${ruff.file}`;
    if (on('E501'))
      checkLength = {
        length:
          lengthOf(((isTable(lint.pycodestyle) ? lint.pycodestyle : t.pycodestyle) as Table | undefined)?.['max-line-length']) ?? length,
        source: out.lineLengthSource,
      };
    if (on('I001')) {
      const is = ((isTable(lint.isort) ? lint.isort : t.isort) ?? {}) as Table;
      out.importSorting = {
        tool: 'ruff',
        forceSortWithinSections: is['force-sort-within-sections'] === true,
        linesBetweenTypes: lengthOf(is['lines-between-types']) ?? 0,
      };
    }
    out.minPython = pythonVersion(t['target-version']);
  }
  if (black) {
    // black formats the file: its length wins over ruff's for the layout.
    out.formatter = 'black';
    out.lineLength = lengthOf(black.table['line-length']) ?? BLACK_DEFAULT;
    out.lineLengthSource = black.table['line-length']
      ? `\`[tool.black] line-length\` in ${black.file}`
      : `black's default (${black.file} has [tool.black])`;
    out.minPython ??= strings(black.table['target-version'])
      .map(pythonVersion)
      .filter((v) => v !== undefined)
      .sort(compareVersion)[0];
  }
  if (flake8) {
    const ignored = [...splitList(flake8.table.ignore), ...splitList(flake8.table['extend-ignore'])];
    if (!ignored.some((c) => c && 'E501'.startsWith(c))) {
      const length = lengthOf(flake8.table['max-line-length'] ?? flake8.table.max_line_length) ?? FLAKE8_DEFAULT;
      checkLength ??= { length, source: `\`max-line-length\` in ${flake8.file}` };
    }
  }
  if (!out.formatter && checkLength) {
    out.lineLength = checkLength.length;
    out.lineLengthSource = checkLength.source;
  }
  out.wrap = !!out.formatter || !!checkLength;
  if (isort) {
    const t = isort.table;
    const flag = (k: string) => t[k] === true || (typeof t[k] === 'string' && /^(true|1|yes)$/i.test(String(t[k]).trim()));
    const profile = typeof t.profile === 'string' ? t.profile.trim() : '';
    out.importSorting = {
      tool: 'isort',
      forceSortWithinSections:
        flag('force_sort_within_sections') || flag('force-sort-within-sections') || ['google', 'open_stack', 'plone'].includes(profile),
      linesBetweenTypes: lengthOf(t.lines_between_types ?? t['lines-between-types']) ?? 0,
    };
  }
  if (project) {
    const req =
      ((project.project ?? {}) as Table)['requires-python'] ??
      (((project.tool as Table | undefined)?.poetry as Table | undefined)?.dependencies as Table | undefined)?.python;
    if (typeof req === 'string') out.minPython ??= lowestPython(req);
  }
  return out;
}

/** The directories a tool looks in for `rel`, nearest first: its own folder up to the repository root (""). */
function ancestors(rel: string): string[] {
  const parts = rel.split('/').slice(0, -1);
  const out: string[] = [];
  for (let i = parts.length; i >= 0; i--) out.push(parts.slice(0, i).join('/'));
  return out;
}

function basename(p: string): string {
  return p.slice(p.lastIndexOf('/') + 1);
}

function isTable(v: unknown): v is Table {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function strings(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

function splitList(v: unknown): string[] {
  return typeof v === 'string'
    ? v
        .split(/[\s,]+/)
        .map((s) => s.trim())
        .filter(Boolean)
    : strings(v);
}

/** `py39` / `3.9` → [3, 9]. */
function pythonVersion(v: unknown): [number, number] | undefined {
  if (typeof v !== 'string') return undefined;
  const m = /^py(\d)(\d+)$/.exec(v.trim()) ?? /^(\d+)\.(\d+)/.exec(v.trim());
  return m ? [Number(m[1]), Number(m[2])] : undefined;
}

function compareVersion(a: [number, number] | undefined, b: [number, number] | undefined): number {
  return (a?.[0] ?? 0) - (b?.[0] ?? 0) || (a?.[1] ?? 0) - (b?.[1] ?? 0);
}

/** The lowest version a `requires-python` / poetry constraint admits: `>=3.9`, `^3.8`, `~=3.10`, `>=3.9,<4`. */
function lowestPython(spec: string): [number, number] | undefined {
  const m = /(?:>=|\^|~=|~|==)\s*(\d+)\.(\d+)/.exec(spec);
  return m ? [Number(m[1]), Number(m[2])] : undefined;
}

/**
 * A small INI reader for setup.cfg / tox.ini / .flake8 / .isort.cfg: `[section]`, `key = value` or `key: value`,
 * indented continuation lines, `#` / `;` comment lines. Section and key names as written (values trimmed).
 */
export function parseIni(text: string): Record<string, Table> {
  const out: Record<string, Table> = {};
  let section: Table | undefined;
  let lastKey: string | undefined;
  for (const raw of text.split(/\r?\n/)) {
    if (/^\s*([#;].*)?$/.test(raw)) continue;
    const header = /^\[([^\]]+)\]\s*$/.exec(raw);
    if (header) {
      section = out[header[1]!.trim()] ??= {};
      lastKey = undefined;
      continue;
    }
    if (!section) continue;
    if (/^\s/.test(raw) && lastKey) {
      section[lastKey] = `${String(section[lastKey])}\n${raw.trim()}`.trim();
      continue;
    }
    const kv = /^([^=:]+)[=:](.*)$/.exec(raw);
    if (!kv) continue;
    lastKey = kv[1]!.trim();
    section[lastKey] = kv[2]!.replace(/\s[#;].*$/, '').trim();
  }
  return out;
}
