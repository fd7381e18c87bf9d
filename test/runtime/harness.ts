/**
 * The runtime suite's machinery: installs the real SDKs (scripts/install-runtime-sdks.mjs), runs an app as a child
 * process with the in-process HTTP interceptor preloaded (preload/intercept.mjs for Node, preload/sitecustomize.py
 * for Python), and reads back what it sent.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { RuntimeApp } from './cases';

export const ROOT = path.resolve(__dirname, '..', '..');
const PRELOAD = path.join(__dirname, 'preload');
const INSTALLER = path.join(ROOT, 'scripts', 'install-runtime-sdks.mjs');
const INSTALL_COMMAND = 'node scripts/install-runtime-sdks.mjs';
const requireRoot = createRequire(path.join(ROOT, 'package.json'));
const TSX_LOADER = pathToFileURL(requireRoot.resolve('tsx')).href;
export const TSC = requireRoot.resolve('typescript/bin/tsc');
export const NODE_TYPES = path.dirname(path.dirname(requireRoot.resolve('@types/node/package.json')));

export interface RuntimeSdks {
  nodeModules: string;
  /** The proof fixtures' wheels (pytest, flake8). */
  wheelhouse: string;
  python: { sdks: string; legacy: string };
}

/** One recorded request (or a refused connection: `blocked` set, the rest absent). */
export interface Captured {
  via: string;
  method?: string;
  url?: string;
  headers?: Record<string, string>;
  body?: string | null;
  blocked?: string;
}

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  requests: Captured[];
  ms: number;
}

/**
 * Runs the installer (a no-op when everything is installed from the current locks; otherwise npm ci and pip into
 * cached venvs, a few minutes). A failure fails the suite with the installer's output and the command to run.
 */
export async function installRuntimeSdks(): Promise<RuntimeSdks> {
  const { code, stdout, stderr } = await runProcess(process.execPath, [INSTALLER], { cwd: ROOT, env: process.env, timeoutMs: 14 * 60_000 });
  const line = stdout.split('\n').find((l) => l.startsWith('RUNTIME_SDKS '));
  if (code !== 0 || !line) {
    const tail = `${stdout}\n${stderr}`.trim().split('\n').slice(-40).join('\n');
    throw new Error(
      `The runtime suite's SDKs could not be installed (exit ${code}). Run \`${INSTALL_COMMAND}\` and see its output:\n${tail}`,
    );
  }
  return JSON.parse(line.slice('RUNTIME_SDKS '.length)) as RuntimeSdks;
}

export interface RunOptions {
  sdks: RuntimeSdks;
  /** The app's folder (original or rewritten copy). */
  dir: string;
  /** Where the interceptor writes the requests. */
  capture: string;
  /** The whole environment of the child (nothing is inherited). */
  env: Record<string, string>;
}

export async function runApp(app: RuntimeApp, opts: RunOptions): Promise<RunResult> {
  fs.rmSync(opts.capture, { force: true });
  const env: Record<string, string> = { ...opts.env, RUNTIME_CAPTURE: opts.capture };
  let cmd: string;
  let args: string[];
  if (app.python) {
    cmd = opts.sdks.python[app.python];
    args = [app.entry];
    env.PYTHONPATH = PRELOAD;
  } else {
    cmd = process.execPath;
    const intercept = pathToFileURL(path.join(PRELOAD, 'intercept.mjs')).href;
    // TypeScript apps run through tsx (transpile only; tsc checks them separately); JavaScript runs as it is.
    args = ['--import', intercept, ...(/\.[cm]?ts$/.test(app.entry) ? ['--import', TSX_LOADER] : []), app.entry];
  }
  const started = Date.now();
  const r = await runProcess(cmd, args, { cwd: opts.dir, env, timeoutMs: 90_000 });
  return { ...r, requests: readCapture(opts.capture), ms: Date.now() - started };
}

export function readCapture(file: string): Captured[] {
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Captured);
}

export function runProcess(
  cmd: string,
  args: string[],
  opts: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs: number },
): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: opts.cwd, env: opts.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => {
      stderr += `\n[runtime suite: killed after ${opts.timeoutMs} ms]`;
      child.kill('SIGKILL');
    }, opts.timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** Runs `tasks` with at most `limit` at once (the machine has 2 cores), results in order. */
export async function pool<T>(limit: number, tasks: (() => Promise<T>)[]): Promise<T[]> {
  const out: T[] = new Array(tasks.length);
  let next = 0;
  const lane = async () => {
    for (let i = next++; i < tasks.length; i = next++) out[i] = await tasks[i]!();
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, lane));
  return out;
}

/** Helicone's hosts (the proxies, the logging API, the legacy domain). */
export const isHeliconeUrl = (url: string | undefined): boolean =>
  !!url && /^https?:\/\/([^/]*\.)?(helicone\.ai|hconeai\.com)(:\d+)?(\/|$)/i.test(url);

/**
 * Headers left out of every comparison because they may differ between two runs of the very same app. Measured
 * with the locked SDK versions: two runs of an unmodified app send byte-identical requests, user-agent and
 * x-stainless-* platform headers included (no SDK here adds a request id or an idempotency key to these calls); the
 * suite checks that on every app, whose original must send the same with and without HELICONE_API_KEY. The one
 * listed changes when an SDK retries (the attempt number), which a slow CI machine could trigger.
 */
export const VOLATILE_HEADERS = ['x-stainless-retry-count'] as const;

/** A request reduced to what must match between two runs: method, URL, headers less the volatile ones, body. */
export function comparable(r: Captured): Captured {
  if (r.blocked) return r;
  const headers = Object.fromEntries(
    Object.entries(r.headers ?? {})
      .filter(([k]) => !(VOLATILE_HEADERS as readonly string[]).includes(k))
      .sort(([a], [b]) => a.localeCompare(b)),
  );
  return { via: r.via, method: r.method, url: r.url, headers, body: r.body ?? null };
}

/** The child environment: nothing of the developer's (no real keys, no OPENAI_BASE_URL, no proxies of theirs). */
export function childEnv(home: string, proxyPort: number, extra: Record<string, string>): Record<string, string> {
  const proxy = `http://127.0.0.1:${proxyPort}`;
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home,
    TMPDIR: home,
    LANG: 'C.UTF-8',
    // Backstop: a request the preload missed goes to a closed loopback port and fails instead of leaving the machine.
    HTTP_PROXY: proxy,
    HTTPS_PROXY: proxy,
    http_proxy: proxy,
    https_proxy: proxy,
    ALL_PROXY: proxy,
    NO_PROXY: '',
    PYTHONNOUSERSITE: '1',
    PYTHONDONTWRITEBYTECODE: '1',
    // LiteLLM downloads its model price map at import unless told to use the copy it ships.
    LITELLM_LOCAL_MODEL_COST_MAP: 'True',
    ...extra,
  };
}
