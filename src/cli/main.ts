/** The `helicone-integrator` bin (bin/helicone-integrator.mjs) and every `npm run <command>` script. */
import { runCli } from './program';

runCli(process.argv.slice(2));
