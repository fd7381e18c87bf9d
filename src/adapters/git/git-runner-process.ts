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

/** A running helper and the commands sent to it that have not been answered yet. */
interface Helper {
  child: ChildProcess;
  pending: Map<number, (o: GitOutcome) => void>;
}

let helper: Helper | undefined;
let nextId = 1;

/** The outcome of a command the helper could not run or answer: like a killed git, with the reason as its output. */
function helperFailure(why: string): GitOutcome {
  return { stdout: '', stderr: why, error: { message: why, code: null, killed: true, signal: null } };
}

function start(): Helper {
  const child = spawn(process.execPath, ['-e', HELPER_SOURCE], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'], env: {} });
  // Per helper: a dying helper fails only its own commands, never those already sent to its successor.
  const h: Helper = { child, pending: new Map() };
  child.on('message', (m: { id: number; out: GitOutcome }) => {
    const resolve = h.pending.get(m.id);
    if (!resolve) return;
    h.pending.delete(m.id);
    resolve(m.out);
    if (h.pending.size === 0) setRef(child, false);
  });
  const fail = (why: string) => {
    if (helper === h) helper = undefined;
    for (const resolve of h.pending.values()) resolve(helperFailure(why));
    h.pending.clear();
  };
  child.on('exit', (code, signal) => fail(`the git helper process exited (${signal ?? `code ${code}`})`));
  child.on('error', (err) => fail(`the git helper process failed: ${err.message}`));
  return h;
}

/** With nothing in flight the helper must not keep the worker (or a CLI) alive. */
function setRef(child: ChildProcess, on: boolean): void {
  const channel = child.channel as { ref?: () => void; unref?: () => void } | undefined;
  if (on) {
    child.ref();
    channel?.ref?.();
  } else {
    child.unref();
    channel?.unref?.();
  }
}

export function runInHelper(req: GitRequest): Promise<GitOutcome> {
  helper ??= start();
  const h = helper;
  setRef(h.child, true);
  const id = nextId++;
  return new Promise((resolve) => {
    h.pending.set(id, resolve);
    h.child.send({ id, req }, (err) => {
      if (!err || !h.pending.delete(id)) return;
      resolve(helperFailure(`could not reach the git helper process: ${err.message}`));
    });
  });
}

/** The helper's pid while one runs (for tests and diagnostics). */
export function gitHelperPid(): number | undefined {
  return helper?.child.pid;
}
