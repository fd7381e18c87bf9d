/**
 * Runs git commands from a small helper process instead of the worker itself.
 *
 * Why: starting a process forks the parent, and fork's cost grows with the parent's memory. A Temporal worker holds
 * hundreds of MiB (workflow cache, native runtime), where each spawn takes ~28 ms instead of ~3 ms, and the fork runs
 * on the worker's one JavaScript thread, so every git command stalled every other activity: with 100 integrations
 * at once, spawning git took 74 of the worker's 127 busy seconds. The helper is a bare Node process (~40 MiB) that
 * receives `{ args, cwd, env, input, timeout }` over IPC, runs `execFile('git', …)` and sends the outcome back.
 *
 * If the helper dies, commands in flight fail (as a killed git would) and the next command starts a new one.
 */
import { spawn, type ChildProcess } from 'node:child_process';

export interface GitRequest {
  args: string[];
  cwd?: string;
  env: NodeJS.ProcessEnv;
  timeout: number;
  maxBuffer: number;
  input: string;
}

export interface GitOutcome {
  stdout: string;
  stderr: string;
  /** null when git succeeded. */
  error: { message: string; code?: number | string | null; killed?: boolean; signal?: NodeJS.Signals | null } | null;
}

/** The helper's whole program, run with `node -e` so that it needs no loader and no file on disk. */
const HELPER_SOURCE = `
const { execFile } = require('node:child_process');
process.on('disconnect', () => process.exit(0));
const reply = (id, stdout, stderr, error) => {
  const e = error ? { message: error.message, code: error.code, killed: error.killed, signal: error.signal } : null;
  if (process.connected) process.send({ id, out: { stdout, stderr, error: e } });
};
process.on('message', ({ id, req }) => {
  try {
    const child = execFile('git', req.args, { cwd: req.cwd, env: req.env, timeout: req.timeout, maxBuffer: req.maxBuffer, encoding: 'utf8' }, (error, stdout, stderr) => reply(id, stdout, stderr, error));
    child.stdin && child.stdin.on('error', () => undefined);
    child.stdin && child.stdin.end(req.input);
  } catch (error) {
    reply(id, '', String(error && error.message), error);
  }
});
`;

interface Pending {
  resolve: (o: GitOutcome) => void;
}

let helper: ChildProcess | undefined;
let nextId = 1;
const pending = new Map<number, Pending>();

function start(): ChildProcess {
  const child = spawn(process.execPath, ['-e', HELPER_SOURCE], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'], env: {} });
  child.on('message', (m: { id: number; out: GitOutcome }) => {
    const p = pending.get(m.id);
    if (!p) return;
    pending.delete(m.id);
    p.resolve(m.out);
    idle(child);
  });
  const fail = (why: string) => {
    if (helper === child) helper = undefined;
    for (const [id, p] of pending) {
      pending.delete(id);
      p.resolve({ stdout: '', stderr: why, error: { message: why, code: null, killed: true, signal: null } });
    }
  };
  child.on('exit', (code, signal) => fail(`the git helper process exited (${signal ?? `code ${code}`})`));
  child.on('error', (err) => fail(`the git helper process failed: ${err.message}`));
  return child;
}

/** With nothing in flight the helper must not keep the worker (or a CLI) alive. */
function idle(child: ChildProcess): void {
  if (pending.size === 0) {
    child.unref();
    (child.channel as { unref?: () => void } | undefined)?.unref?.();
  }
}

export function runInHelper(req: GitRequest): Promise<GitOutcome> {
  helper ??= start();
  const child = helper;
  child.ref();
  (child.channel as { ref?: () => void } | undefined)?.ref?.();
  const id = nextId++;
  return new Promise((resolve) => {
    pending.set(id, { resolve });
    child.send({ id, req }, (err) => {
      if (!err || !pending.has(id)) return;
      pending.delete(id);
      resolve({ stdout: '', stderr: err.message, error: { message: `could not reach the git helper process: ${err.message}`, code: null, killed: true, signal: null } });
    });
  });
}

/** The helper's pid while one runs (for tests and diagnostics). */
export function gitHelperPid(): number | undefined {
  return helper?.pid;
}
