/** `verify` by path (test/cli runs it so): the same code as `helicone-integrator verify`. */
import { runCli } from './program';

runCli(['verify', ...process.argv.slice(2)]);
