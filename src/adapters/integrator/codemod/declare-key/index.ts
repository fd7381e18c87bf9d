/**
 * Declares HELICONE_API_KEY, marked optional, where the repository documents its environment variables, in each
 * place's own format: env example files (`.env.example` and siblings), the README and docs pages that list
 * variables, Docker Compose `environment:` blocks and Helm values `env:` lists that pass a provider key. A
 * repository with no such place gets nothing (inventing a convention is not a minimal change), and a file that
 * already mentions HELICONE_API_KEY is never touched.
 *
 * Where: env example and Compose files at the root and in every directory above a changed source file (the
 * package of a monorepo whose code was changed), README.md at the root, `docs/*.md`, and the `values.yaml` of
 * every Helm chart (a directory with a Chart.yaml).
 */
import type { Dirent } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { listFiles } from '../../../../shared/source-files';
import { mentionsKey } from './common';
import { declareInCompose, isComposeName } from './compose';
import { declareInEnvFile, isEnvExampleName } from './env-file';
import { declareInHelmValues } from './helm';
import { declareInMarkdown } from './markdown';

export type DeclarationFormat = 'env-file' | 'readme' | 'docs-page' | 'compose' | 'helm-values';

export interface KeyDeclaration {
  /** POSIX path relative to the working copy. */
  file: string;
  format: DeclarationFormat;
  /** The file's new text. */
  text: string;
}

/** Documentation and config files larger than this are not documentation anyone edits by hand. */
const MAX_BYTES = 512 * 1024;

/** Where the key would be declared, with each file's new text; nothing is written. */
export async function planKeyDeclarations(
  workdir: string,
  changedFiles: readonly string[] = [],
  opts: { files?: readonly string[] } = {},
): Promise<KeyDeclaration[]> {
  const out: KeyDeclaration[] = [];
  for (const place of await findPlaces(workdir, changedFiles, opts.files)) {
    const text = await readSmall(path.join(workdir, place.file));
    if (text === undefined || mentionsKey(text)) continue;
    const next = declare(place.format, text);
    if (next !== undefined && next !== text) out.push({ ...place, text: next });
  }
  return out.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}

/** Declares the key in every place found; returns the files changed, sorted. */
export async function declareHeliconeKey(
  workdir: string,
  changedFiles: readonly string[] = [],
  opts: { files?: readonly string[] } = {},
): Promise<string[]> {
  const plans = await planKeyDeclarations(workdir, changedFiles, opts);
  for (const p of plans) await fs.writeFile(path.join(workdir, p.file), p.text);
  return plans.map((p) => p.file);
}

/**
 * The files that document the repository's environment variables in a form the codemod extends (whether or not
 * they already declare HELICONE_API_KEY), sorted. `files` (every file of the working copy, or at least every one
 * isKeyPlace accepts) spares the walk and the directory listings.
 */
export async function findEnvDocs(workdir: string, files?: readonly string[]): Promise<string[]> {
  const found: string[] = [];
  for (const place of await findPlaces(workdir, [], files)) {
    const text = await readSmall(path.join(workdir, place.file));
    if (text !== undefined && declare(place.format, text) !== undefined) found.push(place.file);
  }
  return found.sort();
}

function declare(format: DeclarationFormat, text: string): string | undefined {
  switch (format) {
    case 'env-file':
      return declareInEnvFile(text);
    case 'readme':
      return declareInMarkdown(text);
    case 'docs-page':
      return declareInMarkdown(text, { docsPage: true });
    case 'compose':
      return declareInCompose(text);
    case 'helm-values':
      return declareInHelmValues(text);
  }
}

async function findPlaces(
  workdir: string,
  changedFiles: readonly string[],
  files?: readonly string[],
): Promise<{ file: string; format: DeclarationFormat }[]> {
  const places = new Map<string, DeclarationFormat>();
  const dirs = new Set<string>(['']);
  for (const f of changedFiles) {
    for (let d = path.posix.dirname(f); d !== '.' && d !== '/' && d !== ''; d = path.posix.dirname(d)) dirs.add(d);
  }
  const join = (dir: string, name: string) => (dir ? `${dir}/${name}` : name);
  const readDir = dirReader(workdir, files);
  for (const dir of dirs) {
    for (const e of await readDir(dir)) {
      if (isEnvExampleName(e.name)) places.set(join(dir, e.name), 'env-file');
      else if (isComposeName(e.name)) places.set(join(dir, e.name), 'compose');
    }
  }
  for (const e of await readDir('')) if (/^readme\.md$/i.test(e.name)) places.set(e.name, 'readme');
  for (const e of await readDir('docs')) if (/\.md$/i.test(e.name)) places.set(`docs/${e.name}`, 'docs-page');
  const charts = files
    ? files.filter((f) => path.posix.basename(f) === 'Chart.yaml')
    : await listFiles(
        workdir,
        () => true,
        (rel) => path.posix.basename(rel) === 'Chart.yaml',
      );
  for (const chart of charts) {
    const dir = path.posix.dirname(chart);
    for (const e of await readDir(dir === '.' ? '' : dir))
      if (/^values\.ya?ml$/.test(e.name)) places.set(join(dir === '.' ? '' : dir, e.name), 'helm-values');
  }
  return [...places].map(([file, format]) => ({ file, format }));
}

/**
 * A directory's regular files, by name (symlinks are never followed or written through): from `files` when the
 * caller listed the working copy (a listing holds regular files only; it must hold every name isKeyPlace
 * accepts), else from the file system.
 */
function dirReader(workdir: string, files: readonly string[] | undefined): (dir: string) => Promise<{ name: string }[]> {
  const byName = (a: { name: string }, b: { name: string }) => (a.name < b.name ? -1 : 1);
  if (files) {
    const inDir = new Map<string, { name: string }[]>();
    for (const f of files) {
      const at = f.lastIndexOf('/');
      const dir = at === -1 ? '' : f.slice(0, at);
      if (!inDir.has(dir)) inDir.set(dir, []);
      inDir.get(dir)!.push({ name: f.slice(at + 1) });
    }
    return (dir) => Promise.resolve([...(inDir.get(dir) ?? [])].sort(byName));
  }
  return async (dir) => {
    const entries = await fs.readdir(path.join(workdir, dir), { withFileTypes: true }).catch(() => [] as Dirent[]);
    return entries.filter((e) => e.isFile()).sort(byName);
  };
}

/** The files findPlaces may look at, by path: a caller that lists the working copy for it lists at least these. */
export function isKeyPlace(rel: string): boolean {
  const at = rel.lastIndexOf('/');
  const name = rel.slice(at + 1);
  const dir = at === -1 ? '' : rel.slice(0, at);
  return (
    isEnvExampleName(name) ||
    isComposeName(name) ||
    name === 'Chart.yaml' ||
    /^values\.ya?ml$/.test(name) ||
    (dir === '' && /^readme\.md$/i.test(name)) ||
    (dir === 'docs' && /\.md$/i.test(name))
  );
}

async function readSmall(file: string): Promise<string | undefined> {
  const stat = await fs.lstat(file).catch(() => undefined);
  if (!stat?.isFile() || stat.size > MAX_BYTES) return undefined;
  return fs.readFile(file, 'utf8').catch(() => undefined);
}
