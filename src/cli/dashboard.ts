/**
 * `dashboard` by path, for what starts it so (the Docker image's CMD `lib/cli/dashboard.js`): the same code as
 * `helicone-integrator dashboard`.
 */
import { runCli } from './program';

runCli(['dashboard', ...process.argv.slice(2)]);
