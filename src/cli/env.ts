/** Loads `.env` (when present) and the validated configuration; prints the error and exits on bad settings. */
import 'dotenv/config';
import { ConfigError, loadConfig, type Config } from '../shared/config';

export function configOrExit(env: NodeJS.ProcessEnv = process.env): Config {
  try {
    return loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
}

/** Runs a CLI main function: known errors print their message only, and every failure exits non-zero. */
export function runMain(main: () => Promise<number | void>): void {
  main().then(
    (code) => process.exit(code ?? 0),
    (err: unknown) => {
      console.error(err instanceof Error ? `${err.name === 'Error' ? '' : `${err.name}: `}${err.message}` : String(err));
      process.exit(1);
    },
  );
}
