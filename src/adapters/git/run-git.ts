/**
 * Spawns git with an argument array (never a shell string) and turns failures into errors that name the command
 * and show git's own words, with every secret (tokens in auth headers) replaced by `***`.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { runInHelper } from './git-runner-process';

export interface RunGitOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
  /** Strings to redact from the error message, args and stderr. */
  secrets?: string[];
  /** Written to git's stdin (e.g. a commit message for `commit -F -`). */
  input?: string;
}

export class GitError extends Error {
  override readonly name = 'GitError';
  constructor(
    message: string,
    /** The arguments, redacted. */
    readonly args: string[],
    /** git's exit code; null when it was killed (timeout) or could not start. */
    readonly exitCode: number | null,
    /** git's stderr, redacted. */
    readonly stderr: string,
  ) {
    super(message);
  }
}

const DEFAULT_TIMEOUT_MS = 10 * 60_000;
/** Diffs and logs of big repositories can be large; the default 1 MB would fail them half-way. */
const MAX_BUFFER = 256 * 1024 * 1024;
/** Options that take a separate value before the subcommand (`git -c k=v -C dir commit`). */
const OPTIONS_WITH_VALUE = new Set(['-c', '-C', '--git-dir', '--work-tree', '--namespace', '--config-env']);
/**
 * Variables that point git at some other repository. A worker started from inside a git hook (a test run in a
 * pre-push hook, say) inherits them, and every command would then act on the wrong repository. Callers that mean
 * it pass them explicitly in `opts.env`.
 */
const INHERITED_REPO_VARS = ['GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE', 'GIT_PREFIX', 'GIT_OBJECT_DIRECTORY', 'GIT_COMMON_DIR'];

export function redact(text: string, secrets: string[] = []): string {
  let out = text;
  // Longest first, so a secret that contains a shorter one is replaced whole rather than leaving its remainder.
  for (const s of [...secrets].filter(Boolean).sort((a, b) => b.length - a.length)) out = out.split(s).join('***');
  return out;
}

/** The git subcommand (`clone`, `push`…) in an argument list, skipping global options and their values. */
export function subcommandOf(args: string[]): string {
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (OPTIONS_WITH_VALUE.has(a)) i++;
    else if (!a.startsWith('-')) return a;
  }
  return 'git';
}

function gitEnv(extra: NodeJS.ProcessEnv | undefined): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of INHERITED_REPO_VARS) delete env[name];
  return {
    ...env,
    ...extra,
    // Never wait for a password prompt or an editor: a worker has no terminal, and a prompt would hang until timeout.
    GIT_TERMINAL_PROMPT: '0',
    GIT_EDITOR: 'true',
    GIT_SEQUENCE_EDITOR: 'true',
    GIT_ASKPASS: 'echo',
    GIT_MERGE_AUTOEDIT: 'no',
  };
}

/** The git commands run inside a `countGitCommands` scope (per call, so concurrent activities do not mix). */
const commandScope = new AsyncLocalStorage<string[]>();

/** Runs `fn` and lists the git subcommands it ran (tests and benchmarks measure git processes per step with it). */
export async function countGitCommands<T>(fn: () => Promise<T>): Promise<{ result: T; commands: string[] }> {
  const commands: string[] = [];
  const result = await commandScope.run(commands, fn);
  return { result, commands };
}

export async function runGit(args: string[], opts: RunGitOptions = {}): Promise<{ stdout: string; stderr: string }> {
  commandScope.getStore()?.push(subcommandOf(args));
  const timeout = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  // The helper closes stdin after writing the input: a command that unexpectedly reads it would otherwise wait for
  // the timeout.
  const { stdout, stderr, error } = await runInHelper({
    args,
    cwd: opts.cwd,
    env: gitEnv(opts.env),
    timeout,
    maxBuffer: MAX_BUFFER,
    input: opts.input ?? '',
  });
  if (error) throw toGitError(args, Object.assign(new Error(error.message), error), stderr, timeout, opts.secrets);
  return { stdout, stderr };
}

type ExecError = Error & { code?: number | string | null; killed?: boolean; signal?: NodeJS.Signals | null };

function toGitError(args: string[], error: ExecError, stderr: string, timeout: number, secrets?: string[]): GitError {
  const safeArgs = args.map((a) => redact(a, secrets));
  // error.message repeats the whole command line, so it too goes through redaction.
  const safeStderr = redact(String(stderr || error.message), secrets);
  const sub = subcommandOf(safeArgs);
  const code = typeof error.code === 'number' ? error.code : null;
  const why =
    error.killed && error.signal
      ? `killed by ${error.signal}${error.signal === 'SIGTERM' ? ` after the ${timeout} ms timeout` : ''}`
      : code !== null
        ? `exit ${code}`
        : undefined;
  const tail = safeStderr.trim().split('\n').slice(-5).join('\n');
  return new GitError(`git ${sub} failed${why ? ` (${why})` : ''}: ${tail || '(no output)'}`, safeArgs, code, safeStderr);
}
