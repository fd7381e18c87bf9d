/**
 * `.env.example` and its siblings: HELICONE_API_KEY appended in the file's format (a comment line when the file
 * uses comments, `export ` when it does, the empty value the provider keys use). Also used for a Markdown fenced
 * block of `KEY=value` lines, which is the same format.
 */
import { HELICONE_KEY_ENV, OPTIONAL_COMMENT, eolOf, isProviderKey } from './common';

/** `.env.example`, `.env.sample`, `.env.template`, `.env.dist`, `.env.local.example`, `example.env`, `env.example`… */
export function isEnvExampleName(name: string): boolean {
  return (
    /^\.env(\.[A-Za-z0-9_-]+)*\.(example|sample|template|dist)$/i.test(name) ||
    /^(example|sample|template)\.env$/i.test(name) ||
    /^env\.(example|sample|template)$/i.test(name)
  );
}

const ASSIGNMENT_RE = /^\s*(export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=(.*)$/;

/** The lines to add to a body of `KEY=value` lines (without the separating blank line). */
export function envLines(lines: readonly string[]): string[] {
  const usesComments = lines.some((l) => /^\s*#/.test(l));
  const usesExport = lines.some((l) => /^\s*export\s+\w+\s*=/.test(l));
  // The empty value in the form the provider keys use (`KEY=""` when they are written that way).
  const providerValues = lines
    .map((l) => ASSIGNMENT_RE.exec(l))
    .filter((m) => m && isProviderKey(m[2]!))
    .map((m) => m![3]!.trim());
  const empty = providerValues.find((v) => v === '""' || v === "''") ?? '';
  return [...(usesComments ? [`# ${OPTIONAL_COMMENT}`] : []), `${usesExport ? 'export ' : ''}${HELICONE_KEY_ENV}=${empty}`];
}

/** The file with HELICONE_API_KEY appended at its end (after a blank line when a comment introduces it). */
export function declareInEnvFile(text: string): string {
  const eol = eolOf(text);
  const lines = text.split(/\r?\n/);
  const add = envLines(lines);
  const sep = text.length === 0 || text.endsWith('\n') ? '' : eol;
  const blank = add.length > 1 && text.trim() && !/(\r?\n){2}$/.test(text) ? eol : '';
  return `${text}${sep}${blank}${add.join(eol)}${eol}`;
}
