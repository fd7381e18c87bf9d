// Installs the real LLM SDKs that the runtime suite (test/runtime) runs rewritten apps against:
//   - npm: test/runtime/package.json + package-lock.json (exact versions) with `npm ci` into test/runtime/node_modules,
//     skipped when node_modules was installed from the same lock and Node version (stamp file, as .ci/run does);
//   - PyPI: two venvs under .cache/runtime-venvs/, each named after its lock file's hash and the Python version, so a
//     changed lock builds a new one and an unchanged one is reused: `sdks-*` from test/runtime/python-sdks.lock.txt
//     (openai, anthropic, langchain-openai, langchain-anthropic, litellm) and `legacy-*` from
//     test/runtime/python-legacy.lock.txt (openai==0.28.1, which cannot live next to openai>=1).
// A venv is built in a temporary folder and renamed into place once its imports work, so an interrupted install never
// leaves a half-built venv that looks installed. Concurrent runs (several `npm test` in one checkout) take turns
// through a lock folder. Any failure exits non-zero, CI or not: the suite fails, it never skips.
//
//   - PyPI: the wheels of test/proof/wheels.lock.txt (pytest, flake8) downloaded into .cache/proof-wheels-<hash>, the
//     wheelhouse the proof's Python fixtures install from without network (PROOF_PIP_FIND_LINKS).
// The last stdout line is `RUNTIME_SDKS {json}` with the paths the suite uses.
//   node scripts/install-runtime-sdks.mjs            install what is missing (a no-op when everything is there)
//   node scripts/install-runtime-sdks.mjs --relock   re-resolve test/runtime/python-*.in into the .lock.txt files first
//                                                    (npm: `cd test/runtime && npm install --save-exact <pkg>@<version>`)
// Plain Node, no dependencies. POSIX paths only.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const runtimeDir = path.join(root, 'test', 'runtime');
const venvRoot = path.join(root, '.cache', 'runtime-venvs');
const lockDir = path.join(root, '.cache', 'runtime-sdks.install-lock');
const nodeModules = path.join(runtimeDir, 'node_modules');
const npmStampFile = path.join(nodeModules, '.runtime-install-stamp');
const log = (message) => console.log(`install-runtime-sdks: ${message}`);
const started = Date.now();

/** The Python venvs: `check` is run after the install; a venv whose imports fail is not kept. */
const VENVS = [
  {
    name: 'sdks',
    input: 'python-sdks.in',
    lock: 'python-sdks.lock.txt',
    check: 'import openai, anthropic, langchain_openai, langchain_anthropic, litellm, httpx, requests',
  },
  {
    name: 'legacy',
    input: 'python-legacy.in',
    lock: 'python-legacy.lock.txt',
    check: 'import openai, requests; assert openai.version.VERSION == "0.28.1"',
  },
];

/** Folders of an install under way, removed when it fails. */
const partial = new Set();

function fail(message) {
  for (const dir of partial) fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(lockDir, { recursive: true, force: true });
  console.error(`install-runtime-sdks: ERROR ${message}`);
  console.error(
    'install-runtime-sdks: the runtime suite (test/runtime) needs these SDKs; fix the cause and run `node scripts/install-runtime-sdks.mjs`',
  );
  process.exit(1);
}

function run(cmd, args, opts = {}) {
  log(`${path.relative(root, opts.cwd ?? root) || '.'}$ ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'], ...opts });
  if (r.error) fail(`could not run ${cmd}: ${r.error.message}`);
  if (r.status !== 0) fail(`${cmd} ${args.join(' ')} exited with ${r.status ?? r.signal}`);
  return r;
}

const sha256 = (file) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

function pythonVersion() {
  const r = spawnSync('python3', ['-c', 'import sys; print("%d.%d.%d" % sys.version_info[:3])'], { encoding: 'utf8' });
  if (r.error || r.status !== 0)
    fail('python3 was not found on PATH: install Python 3 (Debian/Ubuntu: `apt-get install python3 python3-venv`).');
  return r.stdout.trim();
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
}

/** One installer at a time per checkout; a lock left by a dead process is taken over. */
async function withInstallLock(fn) {
  fs.mkdirSync(path.dirname(lockDir), { recursive: true });
  const deadline = Date.now() + 20 * 60_000;
  let waited = false;
  for (;;) {
    try {
      fs.mkdirSync(lockDir);
      fs.writeFileSync(path.join(lockDir, 'pid'), String(process.pid));
      break;
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
      const pid = Number(fs.readFileSync(path.join(lockDir, 'pid'), { encoding: 'utf8', flag: 'a+' }) || 0);
      const age = Date.now() - fs.statSync(lockDir).mtimeMs;
      if ((pid && !alive(pid)) || (!pid && age > 60_000)) {
        log(`taking over the install lock of process ${pid || '?'} (gone)`);
        fs.rmSync(lockDir, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline) fail(`another install (process ${pid}) still holds ${path.relative(root, lockDir)} after 20 minutes`);
      if (!waited) log(`waiting for another install (process ${pid}) to finish`);
      waited = true;
      await sleep(1000);
    }
  }
  try {
    return await fn();
  } finally {
    fs.rmSync(lockDir, { recursive: true, force: true });
  }
}

function installNpm() {
  const lockfile = path.join(runtimeDir, 'package-lock.json');
  if (!fs.existsSync(lockfile)) fail('test/runtime/package-lock.json is missing');
  const stamp = `${process.version} ${sha256(lockfile)}`;
  if (fs.existsSync(npmStampFile) && fs.readFileSync(npmStampFile, 'utf8').trim() === stamp) {
    log('test/runtime/node_modules matches test/runtime/package-lock.json: reusing it');
    return;
  }
  const t = Date.now();
  // The SDKs are plain JavaScript: no install scripts needed.
  run('npm', ['ci', '--no-audit', '--no-fund', '--prefer-offline', '--ignore-scripts', '--loglevel=error'], { cwd: runtimeDir });
  fs.writeFileSync(npmStampFile, `${stamp}\n`);
  log(`npm packages installed in ${((Date.now() - t) / 1000).toFixed(1)}s`);
}

function venvPath(spec, pyVersion) {
  return path.join(venvRoot, `${spec.name}-py${pyVersion}-${sha256(path.join(runtimeDir, spec.lock)).slice(0, 16)}`);
}

function createVenv(dir) {
  fs.rmSync(dir, { recursive: true, force: true });
  const r = spawnSync('python3', ['-m', 'venv', dir], { stdio: ['ignore', 'inherit', 'pipe'], encoding: 'utf8' });
  if (r.error || r.status !== 0) {
    fail(`python3 -m venv failed: ${(r.stderr || r.error?.message || '').trim()}\n  (Debian/Ubuntu: \`apt-get install python3-venv\`)`);
  }
}

const pipArgs = ['-m', 'pip', 'install', '--no-input', '--disable-pip-version-check', '--progress-bar', 'off', '--quiet'];

function relock(spec) {
  const tmp = path.join(venvRoot, `relock-${spec.name}-${process.pid}`);
  partial.add(tmp);
  createVenv(tmp);
  run(path.join(tmp, 'bin', 'python'), [...pipArgs, '-r', path.join(runtimeDir, spec.input)]);
  const freeze = spawnSync(path.join(tmp, 'bin', 'python'), ['-m', 'pip', 'freeze', '--disable-pip-version-check'], { encoding: 'utf8' });
  if (freeze.status !== 0) fail(`pip freeze failed: ${freeze.stderr}`);
  const header = `# Generated by \`node scripts/install-runtime-sdks.mjs --relock\` from ${spec.input} (Python ${pythonVersion()}): every package, exact versions.\n`;
  fs.writeFileSync(path.join(runtimeDir, spec.lock), header + freeze.stdout);
  fs.rmSync(tmp, { recursive: true, force: true });
  partial.delete(tmp);
  log(`wrote test/runtime/${spec.lock}`);
}

function installVenv(spec, pyVersion) {
  const dir = venvPath(spec, pyVersion);
  const python = path.join(dir, 'bin', 'python');
  if (fs.existsSync(path.join(dir, '.installed'))) {
    log(`${path.relative(root, dir)} matches test/runtime/${spec.lock}: reusing it`);
    return python;
  }
  const t = Date.now();
  const tmp = `${dir}.tmp-${process.pid}`;
  partial.add(tmp);
  createVenv(tmp);
  run(path.join(tmp, 'bin', 'python'), [...pipArgs, '-r', path.join(runtimeDir, spec.lock)]);
  // LiteLLM fetches its model price map from the internet at import unless told to use its bundled copy.
  run(path.join(tmp, 'bin', 'python'), ['-c', spec.check], { env: { ...process.env, LITELLM_LOCAL_MODEL_COST_MAP: 'True' } });
  fs.writeFileSync(path.join(tmp, '.installed'), `${spec.lock} ${sha256(path.join(runtimeDir, spec.lock))}\n`);
  fs.rmSync(dir, { recursive: true, force: true });
  // bin/python finds its venv through pyvenv.cfg next to it, so the renamed venv works (its pip shebang would not,
  // which is why pip is always run as `python -m pip`).
  fs.renameSync(tmp, dir);
  partial.delete(tmp);
  // Venvs of older locks (and temporary folders of dead installs) go.
  for (const e of fs.readdirSync(venvRoot)) {
    const full = path.join(venvRoot, e);
    const tmpOf = /\.tmp-(\d+)$/.exec(e);
    if (e.startsWith(`${spec.name}-`) && full !== dir && (!tmpOf || !alive(Number(tmpOf[1]))))
      fs.rmSync(full, { recursive: true, force: true });
  }
  log(`${path.relative(root, dir)} installed in ${((Date.now() - t) / 1000).toFixed(1)}s`);
  return python;
}

/** The proof fixtures' wheelhouse: downloaded (hash-checked) into a temporary folder, renamed into place when complete. */
function installWheelhouse() {
  const lock = path.join(root, 'test', 'proof', 'wheels.lock.txt');
  const dir = path.join(root, '.cache', `proof-wheels-${sha256(lock).slice(0, 16)}`);
  if (fs.existsSync(path.join(dir, '.installed'))) {
    log(`${path.relative(root, dir)} matches test/proof/wheels.lock.txt: reusing it`);
    return dir;
  }
  const tmp = `${dir}.tmp-${process.pid}`;
  partial.add(tmp);
  fs.rmSync(tmp, { recursive: true, force: true });
  run('python3', [
    '-m',
    'pip',
    'download',
    '--no-input',
    '--disable-pip-version-check',
    '--progress-bar',
    'off',
    '--quiet',
    '--only-binary=:all:',
    '--no-deps',
    '--require-hashes',
    '-r',
    lock,
    '-d',
    tmp,
  ]);
  fs.writeFileSync(path.join(tmp, '.installed'), `${sha256(lock)}\n`);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.renameSync(tmp, dir);
  partial.delete(tmp);
  for (const e of fs.readdirSync(path.join(root, '.cache'))) {
    const full = path.join(root, '.cache', e);
    const tmpOf = /\.tmp-(\d+)$/.exec(e);
    if (e.startsWith('proof-wheels-') && full !== dir && (!tmpOf || !alive(Number(tmpOf[1]))))
      fs.rmSync(full, { recursive: true, force: true });
  }
  log(`${path.relative(root, dir)} downloaded`);
  return dir;
}

await withInstallLock(async () => {
  fs.mkdirSync(venvRoot, { recursive: true });
  const pyVersion = pythonVersion();
  if (process.argv.includes('--relock')) VENVS.forEach(relock);
  installNpm();
  const pythons = Object.fromEntries(VENVS.map((spec) => [spec.name, installVenv(spec, pyVersion)]));
  const wheelhouse = installWheelhouse();
  log(`ready in ${((Date.now() - started) / 1000).toFixed(1)}s`);
  console.log(`RUNTIME_SDKS ${JSON.stringify({ nodeModules, python: pythons, wheelhouse })}`);
});
