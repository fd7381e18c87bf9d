/**
 * The dashboard's static files, served under a content hash (`/static/<hash>/<name>`) with
 * `Cache-Control: public, max-age=31536000, immutable`: a browser fetches each version once, and a new version has
 * a new URL. Files are read once per process.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../adapters/temporal/find-server';

const FILES: Record<string, { file: () => string; type: string }> = {
  'app.js': { file: () => path.join(projectRoot(__dirname), 'src', 'dashboard', 'static', 'app.js'), type: 'text/javascript' },
  'app.css': { file: () => path.join(projectRoot(__dirname), 'src', 'dashboard', 'static', 'app.css'), type: 'text/css' },
  'diff2html.min.css': { file: () => path.join(diff2htmlDir(), 'bundles', 'css', 'diff2html.min.css'), type: 'text/css' },
  'diff2html-ui.min.js': { file: () => path.join(diff2htmlDir(), 'bundles', 'js', 'diff2html-ui.min.js'), type: 'text/javascript' },
};

export type AssetName = keyof typeof FILES;

interface Loaded {
  /** A Uint8Array over its own ArrayBuffer: what a Web Response body takes as it is. */
  body: Uint8Array<ArrayBuffer>;
  hash: string;
  type: string;
}

const loaded = new Map<string, Loaded>();

function diff2htmlDir(): string {
  return path.dirname(require.resolve('diff2html/package.json'));
}

function load(name: string): Loaded | undefined {
  const entry = FILES[name];
  if (!entry) return undefined;
  let l = loaded.get(name);
  if (!l) {
    const body = new Uint8Array(fs.readFileSync(entry.file()));
    l = { body, hash: createHash('sha256').update(body).digest('hex').slice(0, 16), type: entry.type };
    loaded.set(name, l);
  }
  return l;
}

/** The URL of a static file's current version. */
export function assetUrl(name: AssetName): string {
  return `/static/${load(name)!.hash}/${name}`;
}

/**
 * A static file for `/static/<hash>/<name>` (immutable) or the old `/static/<name>` (not cached); undefined when
 * there is no such file or the hash is not the current one.
 */
export function asset(pathname: string): { body: Uint8Array<ArrayBuffer>; type: string; cache: string } | undefined {
  const m = /^\/static\/(?:([0-9a-f]{16})\/)?([\w.-]+)$/.exec(pathname);
  if (!m) return undefined;
  const l = load(m[2]!);
  if (!l || (m[1] && m[1] !== l.hash)) return undefined;
  return { body: l.body, type: l.type, cache: m[1] ? 'public, max-age=31536000, immutable' : 'no-store' };
}
