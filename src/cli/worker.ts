/**
 * `worker` by path, for what starts it so (the Docker image's CMD `lib/cli/worker.js`, the drills): the same code as
 * `helicone-integrator worker`.
 */
import { runCli } from './program';

runCli(['worker', ...process.argv.slice(2)]);
