/**
 * Benchmark 3, analysis speed: finding every LLM client construction site in a large tree with the project's own
 * finder (the codemod's scan: walk, cheap pre-filter, TypeScript/Lezer parse of candidate files, import
 * resolution) against ripgrep searching the same constructor patterns. The tree is real: every file of this project's
 * node_modules (code, typings, JSON, docs), copied under a folder the walker does not skip, plus a known number of
 * client files; both tools filter by extension themselves.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { scanClientSites } from '../../src/adapters/integrator/codemod/codemod-integrator';
import { median, tempDir, timed } from './bench-util';

const execFileP = promisify(execFile);
const ROOT = path.resolve(__dirname, '..', '..');

/** What ripgrep looks for: the constructions the finder recognises, as patterns. */
const RG_PATTERNS = [
  String.raw`new\s+[\w.]*(OpenAI|AzureOpenAI|Anthropic|ChatOpenAI|ChatAnthropic|OpenAIEmbeddings)\s*\(`,
  String.raw`create(OpenAI|Anthropic)\s*\(`,
  String.raw`\b(OpenAI|AsyncOpenAI|AzureOpenAI|AsyncAzureOpenAI|Anthropic|AsyncAnthropic|ChatOpenAI|ChatAnthropic)\s*\(`,
];

export interface AnalysisResult {
  files: number;
  plantedSites: number;
  finderSites: number;
  ripgrepFiles: number;
  tool: string;
  runs: { finderMs: number; ripgrepMs: number; ratio: number }[];
  medianFinderMs: number;
  medianRipgrepMs: number;
  medianRatio: number;
  target: string;
  met: boolean;
}

export async function benchAnalysis(opts: { maxFiles: number; runs: number; log: (s: string) => void }): Promise<AnalysisResult> {
  const tree = await tempDir('bench-tree-');
  const files = await buildTree(tree, opts.maxFiles);
  const planted = 40;
  for (let i = 0; i < planted; i++) {
    await fs.mkdir(path.join(tree, 'app', `svc${i}`), { recursive: true });
    await fs.writeFile(
      path.join(tree, 'app', `svc${i}`, 'llm.ts'),
      "import OpenAI from 'openai';\nexport const c = new OpenAI({ apiKey: process.env.K });\n",
    );
  }
  const rg = await ripgrep();
  opts.log(`  tree: ${files + planted} files; comparing with ${rg.label}`);
  // Warm the page cache for both before timing.
  await scanClientSites(tree);
  await rg.run(tree);
  const runs: AnalysisResult['runs'] = [];
  let finderSites = 0;
  let ripgrepFiles = 0;
  for (let i = 0; i < opts.runs; i++) {
    const f = await timed(() => scanClientSites(tree));
    const r = await timed(() => rg.run(tree));
    finderSites = f.value.length;
    ripgrepFiles = r.value;
    runs.push({ finderMs: f.ms, ripgrepMs: r.ms, ratio: f.ms / r.ms });
    opts.log(
      `  run ${i + 1}: finder ${Math.round(f.ms)} ms (${finderSites} sites), ${rg.label} ${Math.round(r.ms)} ms (${ripgrepFiles} files)`,
    );
  }
  await fs.rm(tree, { recursive: true, force: true });
  const medianRatio = median(runs.map((r) => r.ratio));
  return {
    files: files + planted,
    plantedSites: planted,
    finderSites,
    ripgrepFiles,
    tool: rg.label,
    runs,
    medianFinderMs: median(runs.map((r) => r.finderMs)),
    medianRipgrepMs: median(runs.map((r) => r.ripgrepMs)),
    medianRatio,
    target: 'within 2x of ripgrep',
    met: medianRatio <= 2,
  };
}

/** Copies up to `max` files of node_modules (sizes and contents as published) under `<tree>/vendored-src`. */
async function buildTree(tree: string, max: number): Promise<number> {
  let count = 0;
  const walk = async (rel: string): Promise<void> => {
    if (count >= max) return;
    const entries = await fs.readdir(path.join(ROOT, 'node_modules', rel), { withFileTypes: true }).catch(() => []);
    for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      if (count >= max) return;
      const p = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) await walk(p);
      else if (e.isFile()) {
        // The walker skips folders named node_modules (and dist, build…); rename every segment it would skip.
        const target = path.join(
          tree,
          'vendored-src',
          p
            .split('/')
            .map((s) => `${s}_`)
            .join('/'),
        );
        await fs.mkdir(path.dirname(target), { recursive: true });
        await fs.copyFile(path.join(ROOT, 'node_modules', p), target);
        count++;
      }
    }
  };
  await walk('');
  return count;
}

async function ripgrep(): Promise<{ label: string; run: (dir: string) => Promise<number> }> {
  const args = (dir: string) => [
    '-l',
    '--no-messages',
    '--no-ignore',
    '-g',
    '*.{ts,tsx,mts,cts,js,jsx,mjs,cjs,py}',
    ...RG_PATTERNS.flatMap((p) => ['-e', p]),
    dir,
  ];
  const count = (out: string) => out.split('\n').filter(Boolean).length;
  try {
    await execFileP('rg', ['--version']);
    return {
      label: 'ripgrep',
      run: async (dir) =>
        count(
          (
            await execFileP('rg', args(dir), { maxBuffer: 256 * 1024 * 1024 }).catch((e: { stdout?: string; code?: number }) =>
              e.code === 1 ? { stdout: '' } : Promise.reject(e),
            )
          ).stdout,
        ),
    };
  } catch {
    // Without ripgrep (Debian: apt install ripgrep) the comparison is against GNU grep, and says so.
    return {
      label: 'grep -rlE (ripgrep not installed)',
      run: async (dir) =>
        count(
          (
            await execFileP(
              'grep',
              [
                '-rlE',
                '--include=*.ts',
                '--include=*.js',
                '--include=*.py',
                ...RG_PATTERNS.flatMap((p) => ['-e', p.replace(/\\s/g, '[[:space:]]').replace(/\\w/g, '[[:alnum:]_]').replace(/\\b/g, '')]),
                dir,
              ],
              { maxBuffer: 256 * 1024 * 1024 },
            ).catch((e: { stdout?: string; code?: number }) => (e.code === 1 ? { stdout: '' } : Promise.reject(e)))
          ).stdout,
        ),
    };
  }
}
