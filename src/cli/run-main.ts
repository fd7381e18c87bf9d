/**
 * Runs a CLI main function and exits with its code. A bad argument prints its message and exits USAGE_EXIT_CODE;
 * any other error prints as explain-error.ts words it (loaded only then: it pulls in the Temporal client) and exits
 * 1, with the stack only at LOG_LEVEL=DEBUG.
 */
import { USAGE_EXIT_CODE, UsageError } from './usage-error';

export function runMain(main: () => Promise<number | void>): void {
  main().then(
    (code) => process.exit(code ?? 0),
    async (err: unknown) => {
      if (err instanceof UsageError) {
        console.error(err.message);
        process.exit(USAGE_EXIT_CODE);
      }
      const { explainError } = await import('./explain-error.js');
      console.error(explainError(err));
      if (/^(debug|trace)$/i.test(process.env.LOG_LEVEL ?? '') && err instanceof Error && err.stack) console.error(err.stack);
      process.exit(1);
    },
  );
}
