/**
 * README.md and docs pages: HELICONE_API_KEY added to the list where the page documents the app's environment
 * variables — a table, a bullet list or a fenced block of `KEY=value` lines — in that list's format, once per file.
 * A list qualifies when it already holds an LLM provider key, or sits under an environment/configuration heading
 * and holds nothing but variables. Nothing is added to prose, and no section is invented.
 */
import { type Line, eolOf, insertLinesAfter, isEnvName, isProviderKey, splitLines } from './common';
import { envLines } from './env-file';
import { BULLET_RE, planBullet } from './markdown-list';
import { isDelimiterRow, planTableRow } from './markdown-table';

/** Headings (or a page title) that say the section is about environment variables or configuration. */
const ENV_HEADING_RE =
  /\benv(ironment)?\b|\benv[ _-]?vars?\b|\benvironment[ _-]variables?\b|\bconfig(uration|uring|ure)?\b|\bsettings\b|\bvariables\b|\.env\b|\bsecrets?\b|\bapi[ _-]?keys?\b|\bcredentials\b/i;

/** Fenced block languages that hold `KEY=value` lines. */
const ENV_FENCE_LANGS = new Set([
  '',
  'env',
  'dotenv',
  'sh',
  'bash',
  'shell',
  'zsh',
  'ini',
  'properties',
  'text',
  'txt',
  'plaintext',
  'conf',
]);

const THEMATIC_BREAK_RE = /^ {0,3}([-*_])( *\1){2,} *$/;

interface Heading {
  level: number;
  text: string;
  /** The README's own title (its first heading, level 1): says nothing about a section. */
  title: boolean;
}

interface Candidate {
  provider: boolean;
  apply: () => string;
}

export function isEnvHeading(text: string): boolean {
  return ENV_HEADING_RE.test(text);
}

/**
 * The page with HELICONE_API_KEY added, or undefined when it has no qualifying list. A docs page (`docsPage`)
 * qualifies only when its title or a heading speaks of environment variables or configuration.
 */
export function declareInMarkdown(text: string, opts: { docsPage?: boolean } = {}): string | undefined {
  const eol = eolOf(text);
  const lines = splitLines(text);
  const candidates: Candidate[] = [];
  const stack: Heading[] = [];
  let anyEnvHeading = false;
  const push = (h: Heading) => {
    while (stack.length && stack[stack.length - 1]!.level >= h.level) stack.pop();
    stack.push(h);
    if (isEnvHeading(h.text)) anyEnvHeading = true;
  };
  const underEnvHeading = () => stack.some((h) => !h.title && isEnvHeading(h.text));
  let seenHeading = false;
  const heading = (level: number, t: string) => {
    push({ level, text: t, title: !opts.docsPage && !seenHeading && level === 1 });
    seenHeading = true;
  };

  let i = 0;
  if (lines[0]?.text === '---') {
    const close = lines.findIndex((l, k) => k > 0 && (l.text === '---' || l.text === '...'));
    if (close !== -1) {
      const title = lines
        .slice(1, close)
        .map((l) => /^title:\s*(.*)$/.exec(l.text)?.[1])
        .find((t) => t !== undefined);
      if (title !== undefined) push({ level: 0, text: title, title: false });
      i = close + 1;
    }
  }

  while (i < lines.length) {
    const t = lines[i]!.text;
    const fence = /^( {0,3})(`{3,}|~{3,})\s*([^`\s]*)/.exec(t);
    if (fence) {
      const mark = fence[2]!;
      let close = i + 1;
      while (close < lines.length && !new RegExp(`^ {0,3}${mark[0] === '`' ? '`' : '~'}{${mark.length},}\\s*$`).test(lines[close]!.text))
        close++;
      if (close === lines.length) break;
      const c = codeCandidate(lines.slice(i + 1, close), fence[3]!.toLowerCase(), underEnvHeading(), eol, text);
      if (c) candidates.push(c);
      i = close + 1;
      continue;
    }
    const atx = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/.exec(t);
    if (atx) {
      heading(atx[1]!.length, atx[2] ?? '');
      i++;
      continue;
    }
    const nextText = lines[i + 1]?.text;
    if (nextText !== undefined && t.trim() && !BULLET_RE.test(t) && !t.includes('|') && /^ {0,3}(=+|-+)\s*$/.test(nextText)) {
      heading(nextText.trim()[0] === '=' ? 1 : 2, t.trim());
      i += 2;
      continue;
    }
    if (t.includes('|') && nextText !== undefined && isDelimiterRow(nextText)) {
      let end = i + 2;
      while (end < lines.length && lines[end]!.text.trim() && lines[end]!.text.includes('|')) end++;
      const table = lines.slice(i, end);
      const plan = planTableRow(
        table.map((l) => l.text),
        underEnvHeading(),
      );
      if (plan) candidates.push({ provider: plan.provider, apply: () => insertLinesAfter(text, table[plan.after]!, [plan.row], eol) });
      i = end;
      continue;
    }
    if (BULLET_RE.test(t) && !THEMATIC_BREAK_RE.test(t)) {
      const list = readList(lines, i);
      const plan = planBullet(
        list.items.map((it) => lines[it.first]!.text),
        underEnvHeading(),
      );
      if (plan) {
        const last = lines[list.items[plan.after]!.last]!;
        candidates.push({
          provider: plan.provider,
          apply: () => insertLinesAfter(text, last, list.loose ? ['', plan.line] : [plan.line], eol),
        });
      }
      i = list.end;
      continue;
    }
    i++;
  }
  if (opts.docsPage && !anyEnvHeading) return undefined;
  const chosen = candidates.find((c) => c.provider) ?? candidates[0];
  return chosen?.apply();
}

/** A bullet list starting at line `start`: its top-level items (first and last non-blank line) and where it ends. */
function readList(lines: Line[], start: number): { items: { first: number; last: number }[]; loose: boolean; end: number } {
  const m = BULLET_RE.exec(lines[start]!.text)!;
  const indent = m[1]!.length;
  const marker = m[2]!;
  const items = [{ first: start, last: start }];
  let loose = false;
  let j = start + 1;
  const indentOf = (s: string) => /^\s*/.exec(s)![0].length;
  const sibling = (s: string) => {
    const b = BULLET_RE.exec(s);
    return !!b && b[1]!.length === indent && b[2] === marker && !THEMATIC_BREAK_RE.test(s);
  };
  while (j < lines.length) {
    const s = lines[j]!.text;
    if (!s.trim()) {
      let k = j;
      while (k < lines.length && !lines[k]!.text.trim()) k++;
      if (k < lines.length && sibling(lines[k]!.text)) loose = true;
      else if (k === lines.length || indentOf(lines[k]!.text) <= indent) break;
      j = k;
      continue;
    }
    if (sibling(s)) items.push({ first: j, last: j });
    else if (indentOf(s) > indent) items[items.length - 1]!.last = j;
    else break;
    j++;
  }
  return { items, loose, end: j };
}

const ASSIGNMENT_RE = /^\s*(export\s+)?([A-Za-z_][A-Za-z0-9_]*)=/;

/** A fenced block of `KEY=value` lines under an environment heading: the env-file lines go before its fence. */
function codeCandidate(body: Line[], lang: string, envHeading: boolean, eol: string, text: string): Candidate | undefined {
  if (!envHeading || !ENV_FENCE_LANGS.has(lang)) return undefined;
  const content = body.filter((l) => l.text.trim());
  if (!content.length) return undefined;
  const names: string[] = [];
  for (const l of content) {
    if (/^\s*#/.test(l.text)) continue;
    const m = ASSIGNMENT_RE.exec(l.text);
    if (!m || !isEnvName(m[2]!)) return undefined;
    names.push(m[2]!);
  }
  if (!names.length) return undefined;
  const indent = /^\s*/.exec(content[content.length - 1]!.text)![0];
  const add = envLines(body.map((l) => l.text)).map((l) => indent + l);
  const last = body[body.length - 1]!;
  const blank = add.length > 1 && last.text.trim() ? [''] : [];
  return { provider: names.some(isProviderKey), apply: () => insertLinesAfter(text, last, [...blank, ...add], eol) };
}
