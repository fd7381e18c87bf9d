/**
 * Walks a working copy the way every scanner here needs it (integrator, verifier, analysis): vendored, generated
 * and dependency folders skipped, files listed in a stable order as POSIX paths relative to the root.
 */
import path from 'node:path';
import { fileSize, listDir, turn } from './blocking-fs';

export const SKIP_DIRS = new Set([
  'node_modules',
  '.git',
  'dist',
  'build',
  'out',
  'coverage',
  'vendor',
  '.next',
  '.turbo',
  '.venv',
  'venv',
  '__pycache__',
  'site-packages',
]);

/** Client code lives in files far smaller than this; bigger ones are bundles or data. */
export const MAX_SOURCE_BYTES = 1024 * 1024;

/** JS/TS and Python sources that may construct LLM clients (declaration and minified files excluded). */
export const CLIENT_SOURCE_RE = /\.(ts|tsx|mts|cts|js|jsx|mjs|cjs|py)$/i;

/**
 * Every file under `root` that `keep` accepts, in depth-first order with siblings sorted by name. Only files whose
 * path passes `wanted` are stat'ed, and the calls are synchronous, in turns (see blocking-fs: on a large tree the
 * walk is bound by the cost of each call, which the promise API multiplies).
 */
export async function listFiles(
  root: string,
  keep: (rel: string, size: number) => boolean = () => true,
  wanted: (rel: string) => boolean = () => true,
): Promise<string[]> {
  const out: string[] = [];
  const walk = async (rel: string): Promise<void> => {
    await turn();
    for (const e of listDir(path.join(root, rel))) {
      const p = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        if (!SKIP_DIRS.has(e.name)) await walk(p);
      } else if (e.isFile() && wanted(p)) {
        const size = fileSize(path.join(root, p));
        if (size !== undefined && keep(p, size)) out.push(p);
      }
    }
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

/**
 * The files the integrator and the verifier read: client sources that are in scope (see outOfScopeReason; a file
 * whose header says it is generated is the second check, applied by the codemod once it has the text).
 */
export function listClientSources(root: string): Promise<string[]> {
  return listFiles(root, (_rel, size) => size <= MAX_SOURCE_BYTES, isClientSource);
}

/** Whether a path is one listClientSources lists (size aside), for walks that collect more than client sources. */
export function isClientSource(rel: string): boolean {
  return CLIENT_SOURCE_RE.test(rel) && !/\.d\.[cm]?ts$/.test(rel) && !/\.min\.js$/.test(rel) && !outOfScopeReason(rel);
}

/**
 * Folders whose code the codemod never edits, in any repository kind, with the reason it gives. Matched against
 * every folder of the path (case-insensitive), so `packages/core/tests/x.ts` is a test like `tests/x.ts`.
 * Examples and reproductions document or demonstrate a project; they do not run in its production.
 */
const OUT_OF_SCOPE_DIRS: [RegExp, string][] = [
  [/^(tests?|__tests__|spec|specs|e2e)$/i, 'tests'],
  [/^(fixtures?|__fixtures__|testdata|test-data|test_data)$/i, 'test fixtures'],
  [/^(mocks?|__mocks__)$/i, 'mocks'],
  [/^(generated|__generated__)$/i, 'generated code'],
  [/^(vendor|vendored|third[-_]party)$/i, 'vendored code'],
  [/^(examples?|samples|cookbooks?)$/i, 'examples'],
  [/^repro/i, 'reproductions'],
];

/** File names that are tests or generated code wherever they live. */
const OUT_OF_SCOPE_FILES: [RegExp, string][] = [
  [/\.(test|spec)\.[^/]+$/i, 'tests'],
  [/^(test_[^/]*\.py|[^/]*_test\.py|conftest\.py)$/i, 'tests'],
  [/(_pb2|_pb2_grpc)\.pyi?$|\.generated\.[^/]+$/i, 'generated code'],
];

/**
 * Why the codemod must leave a file alone because of where it is (tests, fixtures, mocks, generated or vendored
 * code, examples and reproductions), e.g. "tests (`tests/`)", or undefined when it is in scope. `rel` is a POSIX
 * path relative to the repository root.
 */
export function outOfScopeReason(rel: string): string | undefined {
  const parts = rel.split('/');
  const name = parts.pop()!;
  for (let i = 0; i < parts.length; i++) {
    for (const [re, what] of OUT_OF_SCOPE_DIRS) {
      if (re.test(parts[i]!)) return `${what} (\`${parts.slice(0, i + 1).join('/')}/\`)`;
    }
  }
  for (const [re, what] of OUT_OF_SCOPE_FILES) if (re.test(name)) return `${what} (\`${name}\`)`;
  return undefined;
}

/** Markers that tools write at the top of the files they generate ("// @generated", "Code generated … DO NOT EDIT."). */
const GENERATED_HEADER_RE = /@generated\b|\bDO NOT EDIT\b/;

/** Why a file's text says it is generated (a marker in its first 5 lines), or undefined. */
export function generatedHeaderReason(text: string): string | undefined {
  const head = text.split('\n', 5).join('\n');
  const m = GENERATED_HEADER_RE.exec(head);
  return m ? `generated code (its header says \`${m[0]}\`)` : undefined;
}
