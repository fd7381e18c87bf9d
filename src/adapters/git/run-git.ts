/**
 * Spawns git with an argument array (never a shell string) and turns failures into errors that name the command
 * and show git's own words, with every secret (tokens in auth headers) replaced by `***`.
 */
import { execFile } from 'node:child_process';

export interface RunGitOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
  /** Strings to redact from the error message, args and stderr. */
  secrets?: string[];
  input?: string;
}

export class GitError extends Error {
  override readonly name = 'GitError';
  constructor(
    message: string,
    readonly args: string[],
    readonly exitCode: number | null,
    readonly stderr: string,
  ) {
    super(message);
  }
}

export function redact(text: string, secrets: string[] = []): string {
  let out = text;
  for (const s of secrets) if (s) out = out.split(s).join('***');
  return out;
}

export function runGit(args: string[], opts: RunGitOptions = {}): Promise<{ stdout: string; stderr: string }> {
  const env = {
    ...process.env,
    ...opts.env,
    // Never wait for a password prompt or an editor: a worker has no terminal.
    GIT_TERMINAL_PROMPT: '0',
    GIT_EDITOR: 'true',
    GIT_ASKPASS: 'echo',
  };
  return new Promise((resolve, reject) => {
    const child = execFile(
      'git',
      args,
      { cwd: opts.cwd, env, timeout: opts.timeoutMs ?? 10 * 60_000, maxBuffer: 256 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (!error) return resolve({ stdout, stderr });
        const safeArgs = args.map((a) => redact(a, opts.secrets));
        const safeStderr = redact(String(stderr || error.message), opts.secrets);
        const sub = safeArgs.find((a) => !a.startsWith('-') && !a.includes('=')) ?? 'git';
        const tail = safeStderr.trim().split('\n').slice(-5).join('\n');
        const code = typeof error.code === 'number' ? error.code : null;
        reject(new GitError(`git ${sub} failed${code !== null ? ` (exit ${code})` : ''}: ${tail}`, safeArgs, code, safeStderr));
      },
    );
    if (opts.input !== undefined) child.stdin?.end(opts.input);
  });
}
