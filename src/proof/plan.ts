/**
 * What the proof runs for a repository, read from its files (never from a shell string it wrote): the install, the
 * build, the type-check, the lint and the tests, as argument arrays run in the sandbox. JS/TS: the package manager
 * of the lock file, installs without scripts, `tsc --noEmit` when there is a tsconfig, the `build`, `lint` and
 * `test` scripts (and the scripts CI runs, read from .github/workflows). Python: a venv, the requirements and the
 * project installed into it, `compileall`, the configured linters (ruff, flake8), `pytest -q` when tests exist.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { parse as parseYaml } from 'yaml';
import { SANDBOX_HOME, SANDBOX_WORKDIR } from '../adapters/sandbox/sandbox';

export interface PlannedStep {
  /** Stable id: install, build, typecheck, lint, test, ci:<script>, venv, pip, compileall, ruff, flake8, pytest. */
  id: string;
  phase: 'install' | 'check';
  argv: string[];
  /** Runs a third time with HELICONE_API_KEY set: only what executes the project's code at run time (tests). */
  keyDependent: boolean;
  /** The step cannot run on this worker (a toolchain is not installed): reported, never run. */
  missing?: string;
  /** An exit code that means "nothing to run" (pytest's 5: no tests collected). */
  nothingToRunExit?: number;
  /** Creates the environment without downloading (a venv): the step time limit, never the registries. */
  local?: boolean;
}

export interface ProofPlan {
  /** `node (npm)`, `python`… */
  ecosystems: string[];
  steps: PlannedStep[];
  /** What was not planned and why, in sentences. */
  notes: string[];
  /** Files whose change between base and change makes the install run again (manifests, lock files, npm config). */
  manifests: string[];
}

export interface PlanEnvironment {
  tools: Partial<Record<'npm' | 'npx' | 'corepack' | 'pnpm' | 'yarn' | 'bun', string>>;
  python?: { bin: string };
  pythonMissing?: string;
  /** Commands the worker offers under /node_modules/.bin (PROOF_NODE_TOOLS). */
  toolCommands: ReadonlySet<string>;
  /** Hosts the install phase may reach; none means every install is offline. */
  registries: string[];
  /** The wheelhouse's path inside the sandbox, when there is one. */
  wheelhouse?: string;
}

/** Where the proof's venv lives: in the sandbox's home, so it survives the change of tree between runs. */
export const VENV = `${SANDBOX_HOME}/.venv`;
const MAX_MANIFEST_BYTES = 1024 * 1024;
/** Script names never run: they deploy, publish, serve or watch. */
const UNSAFE_SCRIPT = /deploy|release|publish|start|serve|dev\b|watch|e2e|docker|storybook|semantic/i;
/** npm's placeholder test script. */
const NO_TEST = /no test specified/;
const MAX_CI_SCRIPTS = 3;

export function planProof(dir: string, env: PlanEnvironment): ProofPlan {
  const plan: ProofPlan = { ecosystems: [], steps: [], notes: [], manifests: [] };
  const pkg = readJson(path.join(dir, 'package.json'));
  if (pkg) planNode(dir, pkg, env, plan);
  if (isPython(dir)) planPython(dir, env, plan);
  if (!plan.ecosystems.length)
    plan.notes.push(
      'No package.json, pyproject.toml, setup.py or requirements file: the proof knows no build, type-check, lint or test here.',
    );
  return plan;
}

type PackageJson = {
  scripts?: Record<string, unknown>;
  dependencies?: Record<string, unknown>;
  devDependencies?: Record<string, unknown>;
  optionalDependencies?: Record<string, unknown>;
  packageManager?: unknown;
  workspaces?: unknown;
};

function planNode(dir: string, pkg: PackageJson, env: PlanEnvironment, plan: ProofPlan): void {
  const has = (f: string) => fs.existsSync(path.join(dir, f));
  const declared = { ...(pkg.dependencies ?? {}), ...(pkg.devDependencies ?? {}), ...(pkg.optionalDependencies ?? {}) };
  const lock = ['package-lock.json', 'npm-shrinkwrap.json', 'pnpm-lock.yaml', 'yarn.lock', 'bun.lockb', 'bun.lock'].find(has);
  const fromField = typeof pkg.packageManager === 'string' ? /^(npm|pnpm|yarn|bun)@/.exec(pkg.packageManager)?.[1] : undefined;
  const pm =
    (lock
      ? (
          {
            'package-lock.json': 'npm',
            'npm-shrinkwrap.json': 'npm',
            'pnpm-lock.yaml': 'pnpm',
            'yarn.lock': 'yarn',
            'bun.lockb': 'bun',
            'bun.lock': 'bun',
          } as const
        )[lock]
      : undefined) ??
    (fromField as 'npm' | 'pnpm' | 'yarn' | 'bun' | undefined) ??
    'npm';
  plan.ecosystems.push(`node (${pm})`);
  plan.manifests.push(
    'package.json',
    'package-lock.json',
    'npm-shrinkwrap.json',
    'pnpm-lock.yaml',
    'pnpm-workspace.yaml',
    'yarn.lock',
    'bun.lockb',
    'bun.lock',
    '.npmrc',
    '.yarnrc',
    '.yarnrc.yml',
  );

  // The package manager: its own binary on the worker, else corepack (which downloads it, so only with registries).
  let runner: string[] | undefined;
  let missing: string | undefined;
  if (pm === 'npm') runner = env.tools.npm ? [env.tools.npm] : undefined;
  else if (env.tools[pm]) runner = [env.tools[pm]!];
  else if (pm !== 'bun' && env.tools.corepack && env.registries.length) runner = [env.tools.corepack, pm];
  if (!runner) {
    missing =
      pm === 'bun'
        ? 'bun is not installed on this worker'
        : pm === 'npm'
          ? 'npm is not installed on this worker'
          : `${pm} is not installed on this worker${env.tools.corepack ? ' and corepack cannot download it (no package registry is allowed)' : ''}`;
  }
  const pmArgv = runner ?? [pm];
  const yarnBerry =
    pm === 'yarn' && (has('.yarnrc.yml') || (typeof pkg.packageManager === 'string' && /^yarn@[2-9]/.test(pkg.packageManager)));
  const offline = !env.registries.length;

  if (Object.keys(declared).length || lock) {
    const install =
      pm === 'npm'
        ? [...pmArgv, lock ? 'ci' : 'install', '--ignore-scripts', '--no-audit', '--no-fund', ...(offline ? ['--offline'] : [])]
        : pm === 'pnpm'
          ? [...pmArgv, 'install', ...(lock ? ['--frozen-lockfile'] : []), '--ignore-scripts', ...(offline ? ['--offline'] : [])]
          : pm === 'yarn'
            ? yarnBerry
              ? [...pmArgv, 'install', ...(lock ? ['--immutable'] : []), '--mode=skip-build']
              : [
                  ...pmArgv,
                  'install',
                  ...(lock ? ['--frozen-lockfile'] : []),
                  '--ignore-scripts',
                  '--non-interactive',
                  ...(offline ? ['--offline'] : []),
                ]
            : [...pmArgv, 'install', ...(lock ? ['--frozen-lockfile'] : []), '--ignore-scripts'];
    plan.steps.push({ id: 'install', phase: 'install', argv: install, keyDependent: false, ...(missing ? { missing } : {}) });
  } else plan.notes.push('package.json declares no dependencies: nothing to install.');

  const scripts = Object.fromEntries(Object.entries(pkg.scripts ?? {}).filter((e): e is [string, string] => typeof e[1] === 'string'));
  const run = (name: string) =>
    pm === 'npm' ? [...pmArgv, 'run', name] : pm === 'bun' ? [...pmArgv, 'run', name] : [...pmArgv, 'run', name];
  const script = (id: string, name: string, keyDependent: boolean) =>
    plan.steps.push({ id, phase: 'check', argv: run(name), keyDependent, ...(missing ? { missing } : {}) });
  const typecheckScript = ['typecheck', 'type-check', 'types', 'check-types', 'tsc'].find((n) => scripts[n]);
  // A build that is only `tsc` is the type-check again (and writes its output): run one of them.
  const buildIsTsc =
    !!scripts.build && /^\s*tsc(\s+(-p|--project)\s+\S+)?\s*$/.test(scripts.build) && (!!typecheckScript || has('tsconfig.json'));
  if (scripts.build && !UNSAFE_SCRIPT.test(scripts.build) && !buildIsTsc) script('build', 'build', false);
  if (buildIsTsc) plan.notes.push('The build script is `tsc`, which the type-check runs as well: it runs once, as the type-check.');
  if (typecheckScript) script('typecheck', typecheckScript, false);
  else if (has('tsconfig.json')) {
    const own = 'typescript' in declared;
    const tsc = own
      ? undefined
      : env.toolCommands.has('tsc')
        ? undefined
        : 'typescript is not a dependency of the repository and the worker offers no tsc';
    plan.steps.push({
      id: 'typecheck',
      phase: 'check',
      argv: ['tsc', '--noEmit', '-p', 'tsconfig.json'],
      keyDependent: false,
      ...(tsc ? { missing: tsc } : {}),
    });
  }
  if (scripts.lint) script('lint', 'lint', false);
  if (scripts.test && !NO_TEST.test(scripts.test)) script('test', 'test', true);
  const covered = new Set(['build', 'lint', 'test', ...(typecheckScript ? [typecheckScript] : [])]);
  const fromCi = ciScripts(dir).filter((n) => scripts[n] && !covered.has(n) && !UNSAFE_SCRIPT.test(n) && !NO_TEST.test(scripts[n]!));
  for (const name of fromCi.slice(0, MAX_CI_SCRIPTS)) script(`ci:${name}`, name, true);
  if (fromCi.length > MAX_CI_SCRIPTS)
    plan.notes.push(
      `CI runs ${fromCi.length} more scripts; the proof runs the first ${MAX_CI_SCRIPTS} (${fromCi.slice(0, MAX_CI_SCRIPTS).join(', ')}).`,
    );
  if (!scripts.test && !fromCi.length) plan.notes.push('package.json has no test script.');
}

/** Script names the repository's GitHub workflows run (`npm run x`, `npm test`, `pnpm x`, `yarn x`). */
export function ciScripts(dir: string): string[] {
  const wf = path.join(dir, '.github', 'workflows');
  const names: string[] = [];
  let files: string[] = [];
  try {
    files = fs
      .readdirSync(wf)
      .filter((f) => /\.ya?ml$/.test(f))
      .sort();
  } catch {
    return [];
  }
  for (const f of files) {
    const text = readText(path.join(wf, f));
    if (text === undefined) continue;
    let doc: unknown;
    try {
      doc = parseYaml(text);
    } catch {
      continue;
    }
    for (const line of runLines(doc)) {
      for (const m of line.matchAll(
        /\b(?:npm\s+(?:run(?:-script)?\s+)?|pnpm\s+(?:run\s+)?|yarn\s+(?:run\s+)?|bun\s+run\s+)([A-Za-z0-9:_.-]+)/g,
      )) {
        const name = m[1]!;
        if (['ci', 'install', 'i', 'run', 'exec', 'npx', 'dlx', 'add', 'publish'].includes(name)) continue;
        if (!names.includes(name)) names.push(name);
      }
    }
  }
  return names;
}

function runLines(doc: unknown): string[] {
  const out: string[] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (k === 'run' && typeof x === 'string') out.push(...x.split('\n'));
        else walk(x);
      }
    }
  };
  walk(doc);
  return out;
}

function isPython(dir: string): boolean {
  const has = (f: string) => fs.existsSync(path.join(dir, f));
  return has('pyproject.toml') || has('setup.py') || has('setup.cfg') || requirementFiles(dir).length > 0;
}

function requirementFiles(dir: string): string[] {
  const top = safeList(dir)
    .filter((f) => /^requirements([-_.][\w.-]+)?\.txt$/i.test(f))
    .sort();
  const nested = safeList(path.join(dir, 'requirements'))
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((f) => `requirements/${f}`);
  // Production first, then dev and test extras (which usually include the first with -r).
  return [...top, ...nested];
}

function planPython(dir: string, env: PlanEnvironment, plan: ProofPlan): void {
  const has = (f: string) => fs.existsSync(path.join(dir, f));
  plan.ecosystems.push('python');
  const reqs = requirementFiles(dir);
  plan.manifests.push('pyproject.toml', 'setup.py', 'setup.cfg', ...reqs, 'requirements', 'pip.conf');
  const pyproject = (() => {
    const text = has('pyproject.toml') ? readText(path.join(dir, 'pyproject.toml')) : undefined;
    try {
      return text ? (parseToml(text) as Record<string, unknown>) : undefined;
    } catch {
      plan.notes.push('pyproject.toml does not parse; the project itself is not installed.');
      return undefined;
    }
  })();
  const project = pyproject?.project as { 'optional-dependencies'?: Record<string, unknown> } | undefined;
  const installable = !!pyproject?.['build-system'] || !!project || has('setup.py');
  const extras = Object.keys(project?.['optional-dependencies'] ?? {}).filter((e) => /^(dev|test|tests|testing)$/.test(e));
  const tool = (pyproject?.tool ?? {}) as Record<string, unknown>;
  const cfg = (f: string, section: string) => has(f) && (readText(path.join(dir, f)) ?? '').includes(`[${section}]`);
  const ruff = !!tool.ruff || has('ruff.toml') || has('.ruff.toml');
  const flake8 = has('.flake8') || cfg('setup.cfg', 'flake8') || cfg('tox.ini', 'flake8');
  const tests =
    has('tests') ||
    has('test') ||
    has('pytest.ini') ||
    !!(tool.pytest as Record<string, unknown> | undefined)?.['ini_options'] ||
    safeList(dir).some((f) => /^test_.*\.py$|_test\.py$/.test(f)) ||
    has('conftest.py');
  // What the project already installs: its requirements, dependencies, extras and dependency groups (not [tool.*]).
  const deps = {
    d: (project as Record<string, unknown> | undefined)?.dependencies,
    o: project?.['optional-dependencies'],
    g: pyproject?.['dependency-groups'],
  };
  const declared = reqs.map((r) => (readText(path.join(dir, r)) ?? '').toLowerCase()).join('\n') + JSON.stringify(deps).toLowerCase();
  const needs = [...(tests ? ['pytest'] : []), ...(ruff ? ['ruff'] : []), ...(flake8 ? ['flake8'] : [])].filter(
    (t) => !new RegExp(`(^|[\\s"'\\[,])${t}([\\s"'<>=~!;\\],]|$)`, 'm').test(declared),
  );
  const missing = env.python ? undefined : (env.pythonMissing ?? 'Python is not installed on this worker');
  const py = `${VENV}/bin/python`;
  const m = missing ? { missing } : {};
  plan.steps.push({
    id: 'venv',
    phase: 'install',
    argv: [env.python?.bin ?? 'python3', '-m', 'venv', VENV],
    keyDependent: false,
    local: true,
    ...m,
  });
  const targets = [...reqs.flatMap((r) => ['-r', r]), ...(installable ? [extras.length ? `.[${extras.join(',')}]` : '.'] : []), ...needs];
  if (targets.length) {
    const index = [...(env.wheelhouse ? ['--find-links', env.wheelhouse] : []), ...(env.registries.length ? [] : ['--no-index'])];
    plan.steps.push({
      id: 'pip',
      phase: 'install',
      argv: [py, '-m', 'pip', 'install', '--disable-pip-version-check', '--no-input', '--progress-bar', 'off', ...index, ...targets],
      keyDependent: false,
      ...m,
    });
  }
  plan.steps.push({
    id: 'compileall',
    phase: 'check',
    argv: [py, '-m', 'compileall', '-q', '-x', '(^|/)(\\.git|node_modules|\\.venv|venv)(/|$)', '.'],
    keyDependent: false,
    ...m,
  });
  if (ruff) plan.steps.push({ id: 'ruff', phase: 'check', argv: [py, '-m', 'ruff', 'check', '.'], keyDependent: false, ...m });
  if (flake8) plan.steps.push({ id: 'flake8', phase: 'check', argv: [py, '-m', 'flake8'], keyDependent: false, ...m });
  if (tests)
    plan.steps.push({
      id: 'pytest',
      phase: 'check',
      argv: [py, '-m', 'pytest', '-q', '-p', 'no:cacheprovider'],
      keyDependent: true,
      nothingToRunExit: 5,
      ...m,
    });
  else plan.notes.push('No Python tests found (tests/, test_*.py, pytest configuration).');
}

/** The command as a person would type it: the sandbox's paths shortened, arguments with spaces quoted. */
export function displayCommand(argv: string[]): string {
  return argv
    .map((a, i) => (i === 0 || a.startsWith('/') ? a.replace(`${VENV}/bin/`, '').replace(/^\/(usr\/)?(local\/)?bin\//, '') : a))
    .map((a) => (/[\s'"()|$]/.test(a) ? `'${a.replace(/'/g, "'\\''")}'` : a))
    .join(' ')
    .replace(`${SANDBOX_WORKDIR}/`, '');
}

function readText(file: string): string | undefined {
  try {
    const st = fs.lstatSync(file);
    // The tree is the repository's: a link could point anywhere on the worker, and a huge file is no manifest.
    if (!st.isFile() || st.size > MAX_MANIFEST_BYTES) return undefined;
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

function readJson(file: string): PackageJson | undefined {
  const text = readText(file);
  if (text === undefined) return undefined;
  try {
    const v = JSON.parse(text) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as PackageJson) : undefined;
  } catch {
    return undefined;
  }
}

function safeList(dir: string): string[] {
  try {
    return fs.readdirSync(dir);
  } catch {
    return [];
  }
}
