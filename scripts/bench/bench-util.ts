/** Shared pieces of the benchmarks: medians, timing, git, deterministic fixture repositories. */
import fs from 'node:fs/promises';
import path from 'node:path';
import { git, rng, tempDir } from '../lib/script-util';

export { git, rng, tempDir };

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await fn();
  return { ms: performance.now() - t0, value };
}

/**
 * A repository of realistic shape: `files` TypeScript modules of 20–120 lines in nested folders, a README, a
 * package.json, an .env.example, and `clients` modules that construct OpenAI or Anthropic clients the codemod rewrites.
 */
export async function generateRepo(root: string, name: string, opts: { files: number; clients: number; seed: number }): Promise<string> {
  const dir = path.join(root, name);
  const rand = rng(opts.seed);
  const write = async (rel: string, text: string) => {
    await fs.mkdir(path.dirname(path.join(dir, rel)), { recursive: true });
    await fs.writeFile(path.join(dir, rel), text);
  };
  await write(
    'package.json',
    JSON.stringify({ name, version: '1.0.0', dependencies: { openai: '^4.0.0', '@anthropic-ai/sdk': '^0.30.0' } }, null, 2) + '\n',
  );
  await write('README.md', `# ${name}\n\nA generated application for benchmarks.\n`);
  await write('.env.example', 'OPENAI_API_KEY=\nANTHROPIC_API_KEY=\n');
  for (let i = 0; i < opts.files; i++) {
    const lines = 20 + Math.floor(rand() * 100);
    const body = Array.from(
      { length: lines },
      (_, j) => `export function f${i}_${j}(x: number): number {\n  return x * ${j} + ${Math.floor(rand() * 1000)};\n}\n`,
    ).join('');
    await write(`src/module${i % 17}/part${Math.floor(i / 17)}/file${i}.ts`, body);
  }
  for (let c = 0; c < opts.clients; c++) {
    const anthropic = c % 2 === 1;
    await write(
      `src/llm/client${c}.ts`,
      anthropic
        ? "import Anthropic from '@anthropic-ai/sdk';\n\nexport const claude = new Anthropic({\n  apiKey: process.env.ANTHROPIC_API_KEY,\n});\n"
        : "import OpenAI from 'openai';\n\nexport const openai = new OpenAI({\n  apiKey: process.env.OPENAI_API_KEY,\n  maxRetries: 2,\n});\n",
    );
  }
  await git(dir, 'init', '-q', '-b', 'main');
  await git(dir, 'add', '-A');
  await git(dir, 'commit', '-q', '-m', 'Initial commit');
  return dir;
}

/** Peak and last resident set size (bytes) of a process, sampled from /proc every `everyMs`. */
export function sampleRss(pid: number, everyMs = 200): { peak: () => number; last: () => number; stop: () => void } {
  let peak = 0;
  let last = 0;
  const read = async () => {
    const text = await fs.readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
    const kb = Number(/VmRSS:\s+(\d+)/.exec(text)?.[1] ?? 0);
    if (kb) {
      last = kb * 1024;
      peak = Math.max(peak, last);
    }
  };
  void read();
  const timer = setInterval(() => void read(), everyMs);
  return { peak: () => peak, last: () => last, stop: () => clearInterval(timer) };
}

export const mib = (bytes: number) => Math.round(bytes / 1024 / 1024);
