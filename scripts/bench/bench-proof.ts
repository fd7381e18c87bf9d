/**
 * Benchmark 6, the proof's sandbox overhead: the whole proof (three runs: base, change without key, change with a
 * dummy key) of a medium real application, in bubblewrap, against running the very same commands on the same trees
 * directly on the host. The application is this project itself at HEAD (about 250 TypeScript files, its real
 * tsc type-check and ESLint, and its pure unit tests), offline: its packages come from this checkout's node_modules
 * (read-only as the sandbox's /node_modules; a link to it for the direct side), so no install step runs.
 */
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createBubblewrapSandbox } from '../../src/adapters/sandbox/bubblewrap';
import { planProof, VENV } from '../../src/proof/plan';
import { DUMMY_HELICONE_KEY, runProof } from '../../src/proof/run-proof';
import type { ProofSettings } from '../../src/proof/settings';
import { changedBetween, clearTree, writeTree } from '../../src/proof/tree';
import { median } from './bench-util';

const ROOT = path.resolve(__dirname, '..', '..');
/** Where the copy's packages come from: this checkout's, and the runtime suite's SDKs its test apps import. */
const TOOLS = ['node_modules', 'test/runtime/node_modules'];
/** The checks of the benchmark's copy: real commands of this project, without its Temporal and network tests. */
const SCRIPTS = {
  typecheck: 'tsc --noEmit -p tsconfig.json',
  lint: 'eslint src/shared src/proof src/activities',
  test: 'vitest run src/shared src/proof/compare.test.ts src/proof/plan.test.ts src/activities/pr-text.test.ts src/activities/upstream-pr-body.test.ts src/activities/diff-policy.test.ts',
};

export interface ProofBenchResult {
  files: number;
  steps: string[];
  runs: { sandboxMs: number; directMs: number; overhead: number }[];
  medianSandboxMs: number;
  medianDirectMs: number;
  /** (sandbox − direct) / direct, of the medians. */
  overhead: number;
  /** What the sandbox itself costs per step, measured alone (median of `/bin/true` in bubblewrap minus direct). */
  startCostMs: number;
  /** The start cost times the proof's step runs, over the direct time: the overhead without the machine's noise. */
  startOverhead: number;
  met: boolean;
}

export async function benchProof(opts: { runs: number; log: (s: string) => void }): Promise<ProofBenchResult> {
  const work = await fs.mkdtemp(path.join(os.tmpdir(), 'hi-bench-proof-'));
  await fs.chmod(work, 0o755);
  try {
    const repo = await makeRepo(work);
    const sandbox = await createBubblewrapSandbox({ workDir: path.join(work, 'spaces'), nodeTools: TOOLS.map((t) => path.join(ROOT, t)) });
    await sandbox.probe();
    const settings: ProofSettings = {
      mode: 'auto',
      limits: {
        stepTimeoutMs: 10 * 60_000,
        installTimeoutMs: 10 * 60_000,
        totalTimeoutMs: 60 * 60_000,
        memoryBytes: 4 * 2 ** 30,
        diskBytes: 4 * 2 ** 30,
        tmpBytes: 1 * 2 ** 30,
        processes: 1024,
        outputBytes: 8 * 2 ** 20,
      },
      registries: [],
    };
    const runs: ProofBenchResult['runs'] = [];
    let steps: string[] = [];
    let sandboxExits: number[] = [];
    let directExits: number[] = [];
    for (let i = 0; i < opts.runs; i++) {
      // Alternate which side goes first, so neither always has the warmer file cache.
      const order = i % 2 === 0 ? (['sandbox', 'direct'] as const) : (['direct', 'sandbox'] as const);
      const took: Record<string, number> = {};
      for (const side of order) {
        const t = Date.now();
        if (side === 'sandbox') {
          const ref = `artifacts/bench/run-${i}`;
          const report = await runProof({
            sandbox,
            settings,
            clone: repo.dir,
            baseSha: repo.base,
            headSha: repo.head,
            artifacts: { abs: path.join(work, ref), ref },
            label: `bench-${i}`,
          });
          // Every step must pass: a step failing on both sides would compare two failures, not two runs.
          if (report.rows.some((r) => r.verdict !== 'ok'))
            throw new Error(`the sandboxed proof did not pass every step: ${report.summary}`);
          steps = report.rows.map((r) => r.command);
          sandboxExits = report.rows
            .map((r) => [r.before, r.after, r.afterWithKey].filter((x) => x && x.status !== 'skipped').map((x) => x!.exitCode ?? -1))
            .flat();
          opts.log(
            `    sandbox steps: ${report.rows
              .map(
                (r) =>
                  `${r.id} ${[r.before, r.after, r.afterWithKey]
                    .filter((x) => x && x.status !== 'skipped')
                    .map((x) => (x!.durationMs / 1000).toFixed(1))
                    .join('/')} s`,
              )
              .join(', ')}`,
          );
        } else directExits = await direct(repo, path.join(work, `direct-${i}`), opts.log);
        took[side] = Date.now() - t;
        opts.log(`  run ${i + 1}: ${side} ${(took[side]! / 1000).toFixed(1)} s`);
      }
      // Both sides must have done the same work: the same commands with the same exit codes.
      if (JSON.stringify(sandboxExits) !== JSON.stringify(directExits))
        throw new Error(`the sides disagree: sandbox exits ${JSON.stringify(sandboxExits)}, direct ${JSON.stringify(directExits)}`);
      runs.push({ sandboxMs: took.sandbox!, directMs: took.direct!, overhead: took.sandbox! / took.direct! - 1 });
    }
    const medianSandboxMs = median(runs.map((r) => r.sandboxMs));
    const medianDirectMs = median(runs.map((r) => r.directMs));
    const overhead = medianSandboxMs / medianDirectMs - 1;
    // The steps take tens of seconds and vary with the machine's load by more than the sandbox costs; its own cost
    // is measured apart: a step that does nothing, 20 times, in the sandbox and directly.
    const startCostMs = await startCost(sandbox, path.join(work, 'start'));
    const stepRuns = sandboxExits.length;
    const startOverhead = (startCostMs * stepRuns) / medianDirectMs;
    opts.log(`  sandbox start cost ${startCostMs.toFixed(0)} ms per step × ${stepRuns} step runs`);
    return {
      files: repo.files,
      steps,
      runs,
      medianSandboxMs,
      medianDirectMs,
      overhead,
      startCostMs,
      startOverhead,
      met: overhead < 0.1 && startOverhead < 0.1,
    };
  } finally {
    await fs.rm(work, { recursive: true, force: true });
  }
}

/** This project at HEAD as a repository: the base commit with the benchmark's scripts, and a one-line change. */
async function makeRepo(work: string): Promise<{ dir: string; base: string; head: string; files: number }> {
  const dir = path.join(work, 'app');
  await fs.mkdir(dir);
  execFileSync('sh', [
    '-c',
    `git -C "${ROOT}" archive HEAD src test scripts examples .env.example tsconfig.json eslint.config.mjs vitest.config.mts package.json | tar -x -C "${dir}"`,
  ]);
  const pkg = JSON.parse(await fs.readFile(path.join(dir, 'package.json'), 'utf8')) as Record<string, unknown>;
  // No dependencies: nothing to install (the packages are this checkout's), and only the benchmark's checks.
  const copy = { name: 'bench-app', private: true, scripts: SCRIPTS, engines: pkg.engines };
  await fs.writeFile(path.join(dir, 'package.json'), `${JSON.stringify(copy, null, 2)}\n`);
  const git = (...args: string[]) =>
    execFileSync('git', ['-C', dir, '-c', 'user.name=bench', '-c', 'user.email=bench@example.com', ...args], { encoding: 'utf8' }).trim();
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('commit', '-qm', 'base');
  const base = git('rev-parse', 'HEAD');
  const target = path.join(dir, 'src', 'shared', 'clip-code.ts');
  await fs.writeFile(target, `// Helicone: reviewed.\n${await fs.readFile(target, 'utf8')}`);
  git('commit', '-qam', 'change');
  const files = Number(execFileSync('sh', ['-c', `git -C "${dir}" ls-files | wc -l`], { encoding: 'utf8' }).trim());
  return { dir, base, head: git('rev-parse', 'HEAD'), files };
}

/** The same trees and the same commands as the proof, run directly: before, after, and the tests with the key. */
async function direct(repo: { dir: string; base: string; head: string }, dir: string, log: (s: string) => void): Promise<number[]> {
  await fs.mkdir(dir, { recursive: true });
  // The sandbox finds the packages at /node_modules; here links in the tree do the same.
  // A folder of links per package (as the sandbox's /node_modules is), so caches such as node_modules/.vite are
  // written in the copy and never into this checkout.
  const link = () =>
    Promise.all(
      TOOLS.map(async (t) => {
        const src = path.join(ROOT, t);
        const dst = path.join(dir, t);
        await fs.mkdir(path.join(dst, '.bin'), { recursive: true });
        for (const e of await fs.readdir(src))
          if (!e.startsWith('.')) await fs.symlink(path.join(src, e), path.join(dst, e)).catch(() => undefined);
        for (const e of await fs.readdir(path.join(src, '.bin')).catch(() => []))
          await fs.symlink(path.join(src, '.bin', e), path.join(dst, '.bin', e)).catch(() => undefined);
      }),
    );
  await writeTree(repo.dir, repo.base, dir);
  await link();
  const plan = planProof(dir, { tools: { npm: '/usr/bin/npm' }, toolCommands: new Set(['tsc']), registries: [] });
  const exits: number[][] = plan.steps.map(() => []);
  const times: number[][] = plan.steps.map(() => []);
  const runAll = async (key: boolean, only?: (s: (typeof plan.steps)[number]) => boolean) => {
    for (const [i, s] of plan.steps.entries()) {
      if (only && !only(s)) continue;
      const t = Date.now();
      exits[i]!.push((await exec(s.argv, dir, key)) ?? -1);
      times[i]!.push(Date.now() - t);
    }
  };
  await runAll(false);
  await changedBetween(repo.dir, repo.base, repo.head);
  for (const key of [false, true]) {
    await clearTree(dir);
    await writeTree(repo.dir, repo.head, dir);
    await runAll(key, key ? (s) => s.keyDependent : undefined);
  }
  await fs.rm(dir, { recursive: true, force: true });
  log(`    direct steps: ${plan.steps.map((s, i) => `${s.id} ${times[i]!.map((t) => (t / 1000).toFixed(1)).join('/')} s`).join(', ')}`);
  return exits.flat();
}

async function startCost(sandbox: Awaited<ReturnType<typeof createBubblewrapSandbox>>, dir: string): Promise<number> {
  const space = await sandbox.createSpace('start');
  await fs.mkdir(dir, { recursive: true });
  try {
    const inside: number[] = [];
    const outside: number[] = [];
    for (let i = 0; i < 20; i++) {
      let t = Date.now();
      await sandbox.run({
        argv: ['/bin/true'],
        workdir: space.workdir,
        home: space.home,
        env: {},
        network: { kind: 'none' },
        limits: { timeoutMs: 10_000, memoryBytes: 2 ** 30, diskBytes: 2 ** 30, processes: 64, tmpBytes: 2 ** 24, outputBytes: 2 ** 16 },
        logFile: path.join(dir, 'true.log'),
      });
      inside.push(Date.now() - t);
      t = Date.now();
      await exec(['/bin/true'], dir, false);
      outside.push(Date.now() - t);
    }
    return Math.max(0, median(inside) - median(outside));
  } finally {
    await space.dispose();
  }
}

function exec(argv: string[], cwd: string, key: boolean): Promise<number | null> {
  const env = {
    PATH: [`${VENV}/bin`, path.join(cwd, 'node_modules', '.bin'), '/usr/local/bin', '/usr/bin', '/bin'].join(':'),
    HOME: os.tmpdir(),
    CI: 'true',
    FORCE_COLOR: '0',
    NO_COLOR: '1',
    ...(key ? { HELICONE_API_KEY: DUMMY_HELICONE_KEY } : {}),
  };
  return new Promise((resolve) => {
    const p = spawn(argv[0]!, argv.slice(1), { cwd, env, stdio: 'ignore' });
    p.on('error', () => resolve(null));
    p.on('close', (code) => resolve(code));
  });
}
