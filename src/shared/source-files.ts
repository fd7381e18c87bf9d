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

/**
 * Every file under `root` that `keep` accepts, in depth-first order with siblings sorted by name. Directories are
 * read concurrently and only files whose path passes `wanted` are stat'ed: on a large tree the walk is bound by
 * the file system, not by waiting on one call at a time.
 */
export async function listFiles(
  root: string,
  keep: (rel: string, size: number) => boolean = () => true,
  wanted: (rel: string) => boolean = () => true,
): Promise<string[]> {
  const out: string[] = [];
  const walk = async (rel: string): Promise<void> => {
    const entries = await fs.readdir(path.join(root, rel), { withFileTypes: true }).catch(() => []);
    const work: Promise<void>[] = [];
    for (const e of entries) {
      const p = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        if (!SKIP_DIRS.has(e.name)) work.push(walk(p));
      } else if (e.isFile() && wanted(p)) {
        work.push(
          fs.stat(path.join(root, p)).then(
            ({ size }) => void (keep(p, size) && out.push(p)),
            () => undefined,
          ),
        );
      }
    }
    await Promise.all(work);
  };
  await walk('');
  return out.sort(byPathSegments);
}

/** Depth-first order: compares paths segment by segment, each by name. */
function byPathSegments(a: string, b: string): number {
  const x = a.split('/');
  const y = b.split('/');
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const c = x[i]!.localeCompare(y[i]!);
    if (c) return c;
  }
  return x.length - y.length;
}

/** The files the integrator and the verifier read. */
export function listClientSources(root: string): Promise<string[]> {
  return listFiles(
    root,
    (_rel, size) => size <= MAX_SOURCE_BYTES,
    (rel) => CLIENT_SOURCE_RE.test(rel) && !/\.d\.[cm]?ts$/.test(rel) && !/\.min\.js$/.test(rel),
  );
}
