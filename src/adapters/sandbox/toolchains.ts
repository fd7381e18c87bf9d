/**
 * The toolchains a proof can use, found on the worker once: its own node (with npm, npx and corepack beside it),
 * pnpm, yarn and bun when installed, and a Python 3 interpreter. Each is mounted read-only into the sandbox at the
 * same path (an install under /usr is already there); nothing else of the worker's file system is.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export interface Toolchains {
  node: { bin: string; version: string };
  /** Executables beside node or on the worker's PATH, by name (npm, npx, corepack, pnpm, yarn, bun). */
  tools: Partial<Record<'npm' | 'npx' | 'corepack' | 'pnpm' | 'yarn' | 'bun', string>>;
  /** The base interpreter (never a venv: proofs make their own), or why there is none. A version manager's shim
   * (pyenv) is resolved to the real interpreter by asking it; one the sandbox user cannot reach is passed over. */
  python?: { bin: string; version: string };
  pythonMissing?: string;
  /** Directories outside /usr to mount read-only (toolchain prefixes). */
  mounts: string[];
  /** PATH inside the sandbox. */
  path: string[];
}

const SYSTEM_PREFIXES = ['/usr/', '/bin/', '/lib/', '/lib64/', '/sbin/'];
const underSystem = (p: string) => SYSTEM_PREFIXES.some((s) => p.startsWith(s));

function isExecutable(p: string): boolean {
  try {
    fs.accessSync(p, fs.constants.X_OK);
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

function which(name: string, dirs: string[]): string | undefined {
  return whichAll(name, dirs)[0];
}

function whichAll(name: string, dirs: string[]): string[] {
  return dirs.map((d) => path.join(d, name)).filter(isExecutable);
}

/** The install prefix of an executable: `/opt/node/bin/node` → `/opt/node`. */
function prefixOf(bin: string): string {
  return path.dirname(path.dirname(fs.realpathSync(bin)));
}

function run(file: string, args: string[]): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile(
      file,
      args,
      { timeout: 20_000, env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/' } },
      (err, stdout) => resolve(err ? undefined : stdout.trim()),
    );
  });
}

/**
 * Finds the toolchains. `python` is PROOF_PYTHON (a path or a name on PATH, default `python3`); version managers'
 * shims (pyenv) are resolved to the real interpreter by asking it.
 */
export async function discoverToolchains(
  opts: { python?: string; searchPath?: string; reachable?: (dir: string) => boolean } = {},
): Promise<Toolchains> {
  const dirs = (opts.searchPath ?? process.env.PATH ?? '').split(':').filter((d) => d && path.isAbsolute(d));
  const nodeBin = fs.realpathSync(process.execPath);
  const nodeDir = path.dirname(process.execPath);
  const mounts = new Set<string>();
  const pathDirs: string[] = [];
  const addPrefix = (bin: string) => {
    const real = fs.realpathSync(bin);
    if (!underSystem(real)) mounts.add(prefixOf(bin));
    if (!underSystem(bin) && !pathDirs.includes(path.dirname(bin))) pathDirs.push(path.dirname(bin));
  };
  addPrefix(process.execPath);
  if (!underSystem(nodeDir) && !pathDirs.includes(nodeDir)) pathDirs.push(nodeDir);
  const tools: Toolchains['tools'] = {};
  for (const name of ['npm', 'npx', 'corepack'] as const) {
    const beside = path.join(nodeDir, name);
    const found = isExecutable(beside) ? beside : which(name, dirs);
    if (found) {
      tools[name] = found;
      addPrefix(found);
    }
  }
  for (const name of ['pnpm', 'yarn', 'bun'] as const) {
    const found = which(name, dirs);
    if (found) {
      tools[name] = found;
      addPrefix(found);
    }
  }
  const version = process.version;

  let python: Toolchains['python'];
  let pythonMissing: string | undefined;
  const skipped: string[] = [];
  const requested = opts.python ?? 'python3';
  const candidates = path.isAbsolute(requested)
    ? [requested]
    : [...whichAll(requested, dirs), ...(opts.python ? [] : ['/usr/bin/python3'])];
  for (const candidate of [...new Set(candidates)]) {
    const out = await run(candidate, [
      '-c',
      'import sys, json; print(json.dumps([getattr(sys, "_base_executable", sys.executable), sys.base_prefix, sys.version.split()[0]]))',
    ]);
    const parsed = out ? (JSON.parse(out.split('\n').pop() ?? 'null') as [string, string, string] | null) : null;
    if (!parsed) continue;
    const [exe, prefix, v] = parsed;
    const system = underSystem(fs.realpathSync(exe));
    const realPrefix = fs.realpathSync(prefix);
    // A version manager's interpreter under a private home (pyenv in /root) cannot be mounted for the sandbox user.
    if (!system && opts.reachable && !opts.reachable(realPrefix)) {
      skipped.push(`${exe} (under ${realPrefix}, which the sandbox user cannot reach)`);
      continue;
    }
    python = { bin: exe, version: v };
    if (!system) {
      mounts.add(realPrefix);
      pathDirs.unshift(path.dirname(exe));
    }
    break;
  }
  if (!python)
    pythonMissing = skipped.length
      ? `no usable ${requested} on this worker: ${skipped.join('; ')}`
      : `${requested} is not installed on this worker`;
  return {
    node: { bin: nodeBin, version },
    tools,
    ...(python ? { python } : {}),
    ...(pythonMissing ? { pythonMissing } : {}),
    mounts: [...mounts].filter((m) => !underSystem(`${m}/`)),
    path: [...pathDirs, '/usr/local/bin', '/usr/bin', '/bin'],
  };
}
