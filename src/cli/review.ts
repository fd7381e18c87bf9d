/** `review` by path (test/integration/review-update.test.ts runs it so): the same code as `helicone-integrator review`. */
import { runCli } from './program';

runCli(['review', ...process.argv.slice(2)]);
