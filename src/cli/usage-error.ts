/**
 * A command given arguments it cannot use: a mistyped option, a missing argument, a value out of range. The message
 * names the argument; the CLI prints it without a stack and exits with USAGE_EXIT_CODE.
 */
export class UsageError extends Error {
  override readonly name: string = 'UsageError';
}

/**
 * Exit code of a bad argument. 1, like a command that failed (`npm run verify -- --routing sometimes` has exited 1
 * since it existed and CI jobs rely on it); 2 stays the exit code of invalid configuration (env.ts).
 */
export const USAGE_EXIT_CODE = 1;
