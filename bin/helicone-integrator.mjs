#!/usr/bin/env node
// `helicone-integrator <command>`: the CLI from source through tsx in a checkout, or compiled (lib/) where there is
// no source (the Docker image). In-process, not a child: the worker's SIGTERM drain must reach it directly.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
if (existsSync(fileURLToPath(new globalThis.URL('../src/cli/main.ts', import.meta.url)))) {
  // Both hooks, as `tsx` itself installs them: require() for the modules, import() for the commands loaded on use.
  (await import('tsx/esm/api')).register();
  (await import('tsx/cjs/api')).register();
  require('../src/cli/main.ts');
} else {
  require('../lib/cli/main.js');
}
