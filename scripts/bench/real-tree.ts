/**
 * A real large tree for benchmarks 7 and 8, obtained from the npm registry at bench time: a published package's
 * files (`npm pack`, pinned version, so every run measures the same tree) under `web/<package>/`, made an
 * application by a private root package.json, with a known number of client files planted beside it, committed as
 * one git repository. The default, @fluentui/react 8.125.7, is about 7,400 files and 57 MB: its TypeScript sources,
 * three compiled module trees (ESM, CommonJS, AMD) with source maps, typings and bundles.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { SKIP_DIRS } from '../../src/shared/source-files';
import { git, tempDir } from './bench-util';

const execFileP = promisify(execFile);

export const DEFAULT_REAL_PACKAGE = '@fluentui/react@8.125.7';

const OPENAI_CLIENT =
  "import OpenAI from 'openai';\n\nexport const openai = new OpenAI({\n  apiKey: process.env.OPENAI_API_KEY,\n  maxRetries: 2,\n});\n";
const ANTHROPIC_CLIENT =
  "import Anthropic from '@anthropic-ai/sdk';\n\nexport const claude = new Anthropic({\n  apiKey: process.env.ANTHROPIC_API_KEY,\n});\n";

export interface RealTree {
  /** A git work tree with one commit on main. */
  dir: string;
  spec: string;
  files: number;
  planted: number;
  /** How long `npm pack` took (npm's cache makes a second run fast). */
  packMs: number;
  remove(): Promise<void>;
}

/** Packs `spec` from the registry, unpacks it under `web/`, plants `planted` client modules and commits the lot. */
export async function realTree(opts: { spec: string; planted?: number; log: (s: string) => void }): Promise<RealTree> {
  if (!/^(@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*@\d+\.\d+\.\d+[\w.+-]*$/i.test(opts.spec)) {
    throw new Error(
      `--real-package must be an npm package pinned to an exact version, such as ${DEFAULT_REAL_PACKAGE} (got "${opts.spec}")`,
    );
  }
  const planted = opts.planted ?? 20;
  const root = await tempDir('bench-real-');
  const dir = path.join(root, 'app');
  const t0 = performance.now();
  const { stdout } = await execFileP('npm', ['pack', opts.spec, '--pack-destination', root, '--silent'], {
    maxBuffer: 16 * 1024 * 1024,
  }).catch((err: Error & { stderr?: string }) => {
    throw new Error(`npm pack ${opts.spec} failed (the benchmark needs the npm registry): ${err.stderr?.trim() || err.message}`);
  });
  const packMs = performance.now() - t0;
  const tarball = path.join(root, stdout.trim().split('\n').at(-1)!);
  const name = opts.spec
    .replace(/@[^@]*$/, '')
    .replace(/^@/, '')
    .replace('/', '-');
  const target = path.join(dir, 'web', name);
  await fs.mkdir(target, { recursive: true });
  // npm tarballs hold one folder, `package/`.
  await execFileP('tar', ['-xzf', tarball, '-C', target, '--strip-components=1']);
  await fs.rm(tarball);
  const write = async (rel: string, text: string) => {
    await fs.mkdir(path.dirname(path.join(dir, rel)), { recursive: true });
    await fs.writeFile(path.join(dir, rel), text);
  };
  await write(
    'package.json',
    JSON.stringify({ name: 'real-tree-app', private: true, dependencies: { openai: '^4.0.0', '@anthropic-ai/sdk': '^0.30.0' } }, null, 2) +
      '\n',
  );
  await write('README.md', `# real-tree-app\n\nAn application around ${opts.spec}'s published files, for benchmarks.\n`);
  await write('.env.example', 'OPENAI_API_KEY=\nANTHROPIC_API_KEY=\n');
  for (let i = 0; i < planted; i++) await write(`services/svc${i}/llm.ts`, i % 2 ? ANTHROPIC_CLIENT : OPENAI_CLIENT);
  await git(dir, 'init', '-q', '-b', 'main');
  await git(dir, 'add', '-A');
  await git(dir, 'commit', '-q', '-m', `Import ${opts.spec}`);
  const files = (await git(dir, 'ls-files', '-z')).split('\0').filter(Boolean).length;
  opts.log(`  real tree: ${opts.spec}, ${files} files (${planted} client files planted), npm pack ${Math.round(packMs)} ms`);
  return { dir, spec: opts.spec, files, planted, packMs, remove: () => fs.rm(root, { recursive: true, force: true }) };
}

/** What ripgrep looks for: the constructions the finder recognises, as patterns. */
export const RG_PATTERNS = [
  String.raw`new\s+[\w.]*(OpenAI|AzureOpenAI|Anthropic|ChatOpenAI|ChatAnthropic|OpenAIEmbeddings)\s*\(`,
  String.raw`create(OpenAI|Anthropic)\s*\(`,
  String.raw`\b(OpenAI|AsyncOpenAI|AzureOpenAI|AsyncAzureOpenAI|Anthropic|AsyncAnthropic|ChatOpenAI|ChatAnthropic)\s*\(`,
];

/**
 * ripgrep over the files the finder reads: the same extensions, and the folders the walker skips (dependencies,
 * build output) skipped here too, so both search the same files. Returns the matching files.
 */
export async function ripgrepSites(dir: string): Promise<string[]> {
  const skips = [...SKIP_DIRS].flatMap((d) => ['-g', `!${d}`]);
  const args = [
    '-l',
    '--no-messages',
    '--no-ignore',
    '--hidden',
    '-g',
    '*.{ts,tsx,mts,cts,js,jsx,mjs,cjs,py}',
    ...skips,
    ...RG_PATTERNS.flatMap((p) => ['-e', p]),
    dir,
  ];
  const out = await execFileP('rg', args, { maxBuffer: 256 * 1024 * 1024 }).catch((e: { stdout?: string; code?: number }) =>
    e.code === 1 ? { stdout: '' } : Promise.reject(e),
  );
  return out.stdout.split('\n').filter(Boolean);
}

/** ripgrep is the floor of benchmarks 7 and 8: without it they refuse to run rather than compare with something else. */
export async function requireRipgrep(): Promise<string> {
  try {
    return (await execFileP('rg', ['--version'])).stdout.split('\n')[0]!;
  } catch {
    throw new Error('Benchmarks 7 and 8 compare with ripgrep, which is not installed (Debian: apt-get install ripgrep)');
  }
}
