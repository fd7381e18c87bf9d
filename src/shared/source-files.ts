/**
 * Walks a working copy the way every scanner here needs it (integrator, verifier, analysis): vendored, generated
 * and dependency folders skipped, files listed in a stable order as POSIX paths relative to the root.
 */
import fs from 'node:fs/promises';
import path from 'node:path';

export const SKIP_DIRS = new Set([
  'node_modules', '.git', 'dist', 'build', 'out', 'coverage', 'vendor', '.next', '.turbo', '.venv', 'venv', '__pycache__', 'site-packages',
]);

/** Client code lives in files far smaller than this; bigger ones are bundles or data. */
export const MAX_SOURCE_BYTES = 1024 * 1024;

/** JS/TS and Python sources that may construct LLM clients (declaration and minified files excluded). */
export const CLIENT_SOURCE_RE = /\.(ts|tsx|mts|cts|js|jsx|mjs|cjs|py)$/i;

export async function listFiles(root: string, keep: (rel: string, size: number) => boolean = () => true): Promise<string[]> {
  const out: string[] = [];
  const walk = async (rel: string) => {
    const entries = await fs.readdir(path.join(root, rel), { withFileTypes: true }).catch(() => []);
    for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      const p = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        if (!SKIP_DIRS.has(e.name)) await walk(p);
      } else if (e.isFile()) {
        const { size } = await fs.stat(path.join(root, p));
        if (keep(p, size)) out.push(p);
      }
    }
  };
  await walk('');
  return out;
}

/** The files the integrator and the verifier read. */
export function listClientSources(root: string): Promise<string[]> {
  return listFiles(
    root,
    (rel, size) => CLIENT_SOURCE_RE.test(rel) && !/\.d\.[cm]?ts$/.test(rel) && !/\.min\.js$/.test(rel) && size <= MAX_SOURCE_BYTES,
  );
}
