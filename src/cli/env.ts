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

/** Where it always was, for the scripts that import it from here. */
export { runMain } from './run-main';
