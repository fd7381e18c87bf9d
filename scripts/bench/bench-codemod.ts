/**
 * Benchmark 6, codemod time against an earlier version: the codemod of this checkout and of `base` (a git ref,
 * default the last commit before opt-in routing) on the same tree: the base's corpus inputs (client files of every
 * style that version knew, taken from real applications; cases added since test what it could not do) copied
 * `copies` times into app folders. Each version runs in its own process, alternating, several rounds; the figure is
 * the ratio of the medians (target ≤ 1.10x).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { git, median, tempDir } from './bench-util';

const ROOT = path.resolve(__dirname, '..', '..');
/** The last commit before opt-in routing (issue 13), whose codemod time the target compares with. */
export const DEFAULT_CODEMOD_BASE = '9064a72';

export interface CodemodBenchResult {
  base: string;
  files: number;
  sites: { head: number; base: number };
  medianHeadMs: number;
  medianBaseMs: number;
  cpuHeadMs: number;
  cpuBaseMs: number;
  ratio: number;
  met: boolean;
}

export async function benchCodemod(opts: {
  base: string;
  copies: number;
  rounds: number;
  log: (s: string) => void;
}): Promise<CodemodBenchResult> {
  const tree = await tempDir('bench-codemod-tree-');
  const baseRoot = await tempDir('bench-codemod-base-');
  try {
    // The base version's sources and corpus, with this checkout's node_modules (the codemod's packages are the same).
    const archive = path.join(baseRoot, 'src.tar');
    await git(ROOT, 'archive', '--format=tar', '-o', archive, opts.base, 'src', 'test/corpus', 'package.json', 'tsconfig.json');
    await run('tar', ['-xf', archive, '-C', baseRoot]);
    await fs.symlink(path.join(ROOT, 'node_modules'), path.join(baseRoot, 'node_modules'));
    const corpus = path.join(baseRoot, 'test', 'corpus');
    let files = 0;
    for (const name of await fs.readdir(corpus)) {
      const input = path.join(corpus, name, 'input');
      if (!(await fs.stat(input).catch(() => undefined))?.isDirectory()) continue;
      for (let i = 0; i < opts.copies; i++) await fs.cp(input, path.join(tree, `app${i}`, name), { recursive: true });
      files += (await fs.readdir(input, { recursive: true })).length * opts.copies;
    }
    opts.log(`  tree: ${files} files (${opts.copies} copies of ${opts.base}'s corpus inputs)`);

    const head: Timing[] = [];
    const base: Timing[] = [];
    for (let r = 0; r < opts.rounds; r++) {
      base.push(await time(baseRoot, tree));
      head.push(await time(ROOT, tree));
      opts.log(`  round ${r + 1}: head ${Math.round(head.at(-1)!.medianMs)} ms, base ${Math.round(base.at(-1)!.medianMs)} ms`);
    }
    const medianHeadMs = median(head.map((t) => t.medianMs));
    const medianBaseMs = median(base.map((t) => t.medianMs));
    const ratio = medianHeadMs / medianBaseMs;
    return {
      base: opts.base,
      files,
      sites: { head: head[0]!.sites, base: base[0]!.sites },
      medianHeadMs,
      medianBaseMs,
      cpuHeadMs: median(head.map((t) => t.cpuMedianMs)),
      cpuBaseMs: median(base.map((t) => t.cpuMedianMs)),
      ratio,
      met: ratio <= 1.1,
    };
  } finally {
    await fs.rm(tree, { recursive: true, force: true });
    await fs.rm(baseRoot, { recursive: true, force: true });
  }
}

interface Timing {
  medianMs: number;
  minMs: number;
  cpuMedianMs: number;
  sites: number;
}

async function time(root: string, tree: string): Promise<Timing> {
  const out = await run(
    process.execPath,
    ['--import', 'tsx', path.join(ROOT, 'scripts', 'bench', 'codemod-timer.ts'), root, tree, '5'],
    ROOT,
  );
  return JSON.parse(out.trim().split('\n').at(-1)!) as Timing;
}

function run(cmd: string, args: string[], cwd?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(stdout) : reject(new Error(`${cmd} ${args.join(' ')} exited ${code}: ${stderr.trim().slice(-500)}`)),
    );
  });
}
