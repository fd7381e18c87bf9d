/**
 * Adds an import to a Python file. When the repository checks import sorting (isort, or ruff's `I` rules), the
 * import goes where isort would put it: its section (`__future__`, standard library, third party, first party,
 * relative; a blank line between sections), sorted by module within it, `import x` lines before `from x import y`
 * lines unless `force-sort-within-sections`, a name joining an existing `from x import ...` in isort's member order
 * (constants, classes, then the rest), wrapped in parentheses one name per line, as black's profile and ruff do,
 * when the line gets too long. Without import sorting: a standard-library `import x` before the first import,
 * after `from __future__` (as the codemod always placed `import os`), a name appended to an existing
 * `from x import ...`, any other new import in its section as isort's defaults would place it.
 */
import type { SyntaxNode, Tree } from '@lezer/common';
import type { TextEdit } from '../apply-edits';
import { lineIndent } from '../file-style';
import { children } from './find-python-sites';
import type { ImportSorting } from './repo-config';

/** `import module` (no name) or `from module import name`. */
export interface ImportSpec {
  module: string;
  name?: string;
}

export interface ImportContext {
  sorting?: ImportSorting;
  /** The repository's own top-level packages and modules (isort's first-party section). */
  firstParty?: ReadonlySet<string>;
  lineLength: number;
}

type Section = 0 | 1 | 2 | 3 | 4; // future, stdlib, third party, first party, local

interface TopImport {
  node: SyntaxNode;
  module: string;
  from: boolean;
  section: Section;
}

/** sys.stdlib_module_names of Python 3.11 (public names) and the few added since. */
const STDLIB = new Set(
  (
    'abc aifc annotationlib antigravity argparse array ast asynchat asyncio asyncore atexit audioop base64 bdb binascii bisect builtins bz2 ' +
    'cProfile calendar cgi cgitb chunk cmath cmd code codecs codeop collections colorsys compileall compression concurrent configparser ' +
    'contextlib contextvars copy copyreg crypt csv ctypes curses dataclasses datetime dbm decimal difflib dis distutils doctest email ' +
    'encodings ensurepip enum errno faulthandler fcntl filecmp fileinput fnmatch fractions ftplib functools gc genericpath getopt getpass ' +
    'gettext glob graphlib grp gzip hashlib heapq hmac html http idlelib imaplib imghdr imp importlib inspect io ipaddress itertools json ' +
    'keyword lib2to3 linecache locale logging lzma mailbox mailcap marshal math mimetypes mmap modulefinder msilib msvcrt multiprocessing ' +
    'netrc nis nntplib nt ntpath nturl2path numbers opcode operator optparse os ossaudiodev pathlib pdb pickle pickletools pipes pkgutil ' +
    'platform plistlib poplib posix posixpath pprint profile pstats pty pwd py_compile pyclbr pydoc pydoc_data pyexpat queue quopri random ' +
    're readline reprlib resource rlcompleter runpy sched secrets select selectors shelve shlex shutil signal site smtpd smtplib sndhdr ' +
    'socket socketserver spwd sqlite3 sre_compile sre_constants sre_parse ssl stat statistics string stringprep struct subprocess sunau ' +
    'symtable sys sysconfig syslog tabnanny tarfile telnetlib tempfile termios textwrap this threading time timeit tkinter token tokenize ' +
    'tomllib trace traceback tracemalloc tty turtle turtledemo types typing unicodedata unittest urllib uu uuid venv warnings wave weakref ' +
    'webbrowser winreg winsound wsgiref xdrlib xml xmlrpc zipapp zipfile zipimport zlib zoneinfo _thread'
  ).split(' '),
);

function sectionOf(module: string, firstParty: ReadonlySet<string> | undefined): Section {
  if (module === '__future__') return 0;
  if (module.startsWith('.')) return 4;
  const top = module.split('.')[0]!;
  if (STDLIB.has(top)) return 1;
  return firstParty?.has(top) ? 3 : 2;
}

/** The top-level imports of the file's import block (before its first other statement), in order. */
function topImports(text: string, tree: Tree, firstParty: ReadonlySet<string> | undefined): TopImport[] {
  const out: TopImport[] = [];
  let first = true;
  for (let n = tree.topNode.firstChild; n; n = n.nextSibling) {
    if (n.name === 'Comment') continue;
    // A module docstring comes before the imports.
    if (first && n.name === 'ExpressionStatement' && n.firstChild?.name === 'String' && !out.length) {
      first = false;
      continue;
    }
    first = false;
    if (n.name !== 'ImportStatement') {
      if (out.length) break;
      continue;
    }
    const parts = children(n);
    const isFrom = parts[0]?.name === 'from';
    const module = isFrom
      ? text.slice(parts[1]!.from, parts[parts.findIndex((p) => p.name === 'import')]!.from).replace(/\s+/g, '')
      : text.slice(parts[1]?.from ?? n.from, parts[1]?.to ?? n.from);
    out.push({ node: n, module, from: isFrom, section: sectionOf(module, firstParty) });
  }
  return out;
}

/** isort's key for a module (case-insensitive). */
const moduleKey = (m: string) => m.toLowerCase();

/** isort's member order: CONSTANTS, then Classes, then everything else, each case-insensitively. */
function memberKey(name: string): string {
  const rank = name.length > 1 && name === name.toUpperCase() && /[A-Z]/.test(name) ? 'A' : /^[A-Z]/.test(name) ? 'B' : 'C';
  return rank + name.toLowerCase();
}

function lineStartOf(text: string, pos: number): number {
  return text.lastIndexOf('\n', pos - 1) + 1;
}

function lineEndOf(text: string, pos: number): number {
  const i = text.indexOf('\n', pos);
  return i === -1 ? text.length : i + 1;
}

/** Where a line inserted before `node` goes: above the comment lines right on top of it (they belong to it). */
function before(text: string, node: SyntaxNode): number {
  let at = lineStartOf(text, node.from);
  for (;;) {
    const prev = lineStartOf(text, at - 1);
    if (at === 0 || !/^[ \t]*#/.test(text.slice(prev, at - 1))) return at;
    at = prev;
  }
}

function after(text: string, node: SyntaxNode): number {
  return lineEndOf(text, node.to);
}

/** True when the file already imports `spec` at top level (`import os`, `from agents import Runner`). */
export function hasImport(text: string, tree: Tree, spec: ImportSpec): boolean {
  for (let n = tree.topNode.firstChild; n; n = n.nextSibling) {
    if (n.name !== 'ImportStatement') continue;
    const parts = children(n);
    if (parts[0]?.name === 'from') {
      if (!spec.name) continue;
      const importAt = parts.findIndex((p) => p.name === 'import');
      if (text.slice(parts[1]!.from, parts[importAt]!.from).replace(/\s+/g, '') !== spec.module) continue;
      if (names(text, n).some((x) => x.name === spec.name && !x.alias)) return true;
    } else if (!spec.name) {
      for (let i = 1; i < parts.length; i++) {
        if (parts[i]!.name === 'VariableName' && text.slice(parts[i]!.from, parts[i]!.to) === spec.module && parts[i + 1]?.name !== 'as') {
          // `import a.b` is not `import a`; `import os.path` does bind `os`, though.
          const dotted = text.slice(parts[i]!.from, parts[i + 1]?.name === '.' ? parts[i + 2]!.to : parts[i]!.to);
          if (dotted === spec.module || spec.module === 'os') return true;
        }
      }
    }
  }
  return false;
}

/** The names of a `from x import a, b as c` statement. */
function names(text: string, node: SyntaxNode): { name: string; alias?: string; node: SyntaxNode }[] {
  const parts = children(node);
  const importAt = parts.findIndex((p) => p.name === 'import');
  const out: { name: string; alias?: string; node: SyntaxNode }[] = [];
  for (let i = importAt + 1; i < parts.length; i++) {
    if (parts[i]!.name !== 'VariableName') continue;
    const alias = parts[i + 1]?.name === 'as' && parts[i + 2] ? text.slice(parts[i + 2]!.from, parts[i + 2]!.to) : undefined;
    out.push({ name: text.slice(parts[i]!.from, parts[i]!.to), ...(alias ? { alias } : {}), node: parts[i]! });
    if (alias) i += 2;
  }
  return out;
}

/** The edits adding `spec` (none when it is there). Several specs: call once per spec on the same original text and apply the edits together (each lands in its own place; edits at one position are merged by `mergeInserts`). */
export function importEdits(text: string, tree: Tree, spec: ImportSpec, ctx: ImportContext): TextEdit[] {
  if (hasImport(text, tree, spec)) return [];
  const all = topImports(text, tree, ctx.firstParty);
  const statement = spec.name ? `from ${spec.module} import ${spec.name}` : `import ${spec.module}`;
  // A name joins an existing single `from module import ...` (no `*`, no relative dots mismatch).
  if (spec.name) {
    const existing = all.find((i) => i.from && i.module === spec.module && !/\*/.test(text.slice(i.node.from, i.node.to)));
    if (existing) return addName(text, existing.node, spec.name, ctx);
  }
  // Without import sorting, `import os` (and any standard-library module) goes where the codemod always put it;
  // other imports go to their section as isort's defaults would (the file's imports are most often sorted anyway).
  if (!ctx.sorting && !spec.name && sectionOf(spec.module, ctx.firstParty) === 1) {
    const firstOther = all.find((i) => i.section !== 0);
    if (firstOther)
      return [{ start: lineStartOf(text, firstOther.node.from), end: lineStartOf(text, firstOther.node.from), text: `${statement}\n` }];
  }
  const sorting = ctx.sorting ?? { tool: 'isort', forceSortWithinSections: false, linesBetweenTypes: 0 };
  const section = sectionOf(spec.module, ctx.firstParty);
  const mine = all.filter((i) => i.section === section);
  const key = moduleKey(spec.module);
  const isFrom = !!spec.name;
  const blank = '\n'.repeat(sorting.linesBetweenTypes);
  if (mine.length) {
    const sameType = sorting.forceSortWithinSections ? mine : mine.filter((i) => i.from === isFrom);
    // The first import the new one sorts before (`import x` before `from x` for the same module).
    const next = sameType.find((i) => moduleKey(i.module) > key || (moduleKey(i.module) === key && i.from && !isFrom));
    if (next) return [insertLine(text, before(text, next.node), statement)];
    const lastSame = sameType[sameType.length - 1];
    if (lastSame) return [insertLine(text, after(text, lastSame.node), statement, true)];
    // The section holds only the other type: `import x` lines go first, `from` lines last.
    if (isFrom) return [insertLine(text, after(text, mine[mine.length - 1]!.node), `${blank}${statement}`, true)];
    return [insertLine(text, before(text, mine[0]!.node), `${statement}\n${blank}`.replace(/\n$/, ''))];
  }
  // A new section, a blank line on each side: before the next section, or after the previous one.
  const next = all.find((i) => i.section > section);
  if (next) return [insertLine(text, before(text, next.node), `${statement}\n`)];
  const prev = all[all.length - 1];
  if (prev) return [insertLine(text, after(text, prev.node), `\n${statement}`, true)];
  return [atTop(text, tree, statement)];
}

function insertLine(text: string, at: number, line: string, afterLine = false): TextEdit {
  const lead = afterLine && at > 0 && !text.slice(0, at).endsWith('\n') ? '\n' : '';
  return { start: at, end: at, text: `${lead}${line}\n` };
}

/** A file without imports: the new one after the module docstring and `from __future__` lines, or first. */
function atTop(text: string, tree: Tree, statement: string): TextEdit {
  const first = tree.topNode.firstChild;
  const at = first && first.name === 'ExpressionStatement' && first.firstChild?.name === 'String' ? lineEndOf(text, first.to) : 0;
  return { start: at, end: at, text: `${statement}\n` };
}

/** `from m import a, c` + `b` → `from m import a, b, c` (isort's order when sorting is checked; else at the end). */
function addName(text: string, node: SyntaxNode, name: string, ctx: ImportContext): TextEdit[] {
  const list = names(text, node);
  const src = text.slice(node.from, node.to);
  const parenthesized = /import\s*\(/.test(src);
  const key = memberKey(name);
  const nextName = ctx.sorting ? list.find((n) => memberKey(n.name) > key) : undefined;
  if (parenthesized && src.includes('\n')) {
    // One name per line: a line of its own, before the name it sorts before or after the last one.
    if (nextName && lineIndent(text, nextName.node.from).length === nextName.node.from - lineStartOf(text, nextName.node.from)) {
      const at = lineStartOf(text, nextName.node.from);
      return [{ start: at, end: at, text: `${lineIndent(text, nextName.node.from)}${name},\n` }];
    }
    const last = list[list.length - 1]!;
    const end = last.alias
      ? (children(node).find((c) => c.from >= last.node.to && c.name === 'VariableName')?.to ?? last.node.to)
      : last.node.to;
    const comma = text[end] === ',' ? '' : ',';
    return [
      {
        start: end + (comma ? 0 : 1),
        end: end + (comma ? 0 : 1),
        text: `${comma}\n${lineIndent(text, last.node.from)}${name}${comma ? '' : ','}`,
      },
    ];
  }
  if (src.includes('\n') || src.includes('\\')) {
    const last = list[list.length - 1]!;
    return [{ start: last.node.to, end: last.node.to, text: `, ${name}` }];
  }
  // One line: rebuilt with the name in its place; over the line length it gets black's / ruff's parenthesized layout.
  const entries = list.map((n) => (n.alias ? `${n.name} as ${n.alias}` : n.name));
  const at = nextName ? list.indexOf(nextName) : list.length;
  entries.splice(at, 0, name);
  const parts = children(node);
  const importAt = parts.findIndex((p) => p.name === 'import');
  const head = text.slice(node.from, parts[importAt]!.to);
  const one = `${head} ${entries.join(', ')}`;
  const indent = lineIndent(text, node.from);
  const out =
    !ctx.sorting || indent.length + one.length <= ctx.lineLength
      ? one
      : `${head} (\n${entries.map((e) => `${indent}    ${e},`).join('\n')}\n${indent})`;
  return [{ start: node.from, end: node.to, text: out }];
}
