/**
 * Real-world code written by others, fetched from the package registries (scripts/fetch-real-world.mjs; never
 * committed): the codemod and the verifier on an actual application's client factory.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { CodemodIntegrator } from '../../src/adapters/integrator/codemod';
import { parsePython, pythonParseErrors } from '../../src/adapters/integrator/codemod/python/find-python-sites';
import { verifyRepository } from '../../src/verifier/verify-repository';

const ROOT = path.resolve(__dirname, '..', '..');
const CACHE = path.join(ROOT, '.cache', 'real-world');

beforeAll(() => {
  // Downloads from PyPI on first use (the registry npm install already needs); fails, never skips, without it.
  execFileSync('node', [path.join(ROOT, 'scripts', 'fetch-real-world.mjs')], { stdio: 'inherit' });
}, 120_000);

it('gpt-engineer 0.3.1 (PyPI): its LangChain clients are routed, the Azure one is left with a reason', async () => {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'real-world-'));
  await fs.copyFile(path.join(CACHE, 'gpt-engineer-0.3.1', 'ai.py'), path.join(dir, 'ai.py'));
  const before = await fs.readFile(path.join(dir, 'ai.py'), 'utf8');
  const outcome = await new CodemodIntegrator().integrate({ workdir: dir, integrationId: 'rw', attempt: 1, feedback: [], log: () => undefined });
  expect(outcome.sites.map((s) => [s.library, s.outcome])).toEqual([
    ['langchain-openai-azure-python', 'skipped'],
    ['langchain-anthropic-python', 'changed'],
    ['langchain-openai-python', 'changed'],
    ['langchain-openai-python', 'changed'],
  ]);
  const after = await fs.readFile(path.join(dir, 'ai.py'), 'utf8');
  expect(pythonParseErrors(parsePython(after))).toBe(0);
  // Only additions inside the three calls (one black-style `**(...)` block of 10 lines each): every original line is
  // still there, in order.
  const added = after.split('\n').length - before.split('\n').length;
  expect(added).toBe(30);
  const kept = before.split('\n');
  let at = 0;
  for (const line of after.split('\n')) if (line === kept[at]) at++;
  expect(at).toBe(kept.length);
  expect(after).toContain('max_tokens=4096,  # vision models default to low max token limits\n');
  const v = await verifyRepository(dir, { integratorSites: outcome.sites, changedFiles: outcome.filesChanged, original: async () => before });
  expect(v.sites.map((s) => s.verdict)).toEqual(['left', 'routed', 'routed', 'routed']);
});

it('@langchain/openai 1.5.8 (npm): clients built from run-time options are left alone, each with its reason', async () => {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'real-world-'));
  await fs.cp(path.join(CACHE, 'langchain-openai-1.5.8'), dir, { recursive: true });
  const outcome = await new CodemodIntegrator().integrate({ workdir: dir, integrationId: 'rw', attempt: 1, feedback: [], log: () => undefined });
  // Library code: every client is configured by its caller, so rewriting any of them would be wrong.
  expect(outcome.filesChanged).toEqual([]);
  expect(outcome.sites.map((s) => [s.file, s.library, s.outcome, s.reason])).toEqual([
    ['azure/chat_models/common.js', 'openai-azure', 'skipped', 'options include a spread of `params`, so an existing base URL cannot be ruled out'],
    ['embeddings.js', 'openai', 'skipped', 'options come from `params`, which is modified after it is declared'],
    ['llms.js', 'openai', 'skipped', 'options come from `params`, which is modified after it is declared'],
    ['tools/dalle.js', 'openai', 'skipped', 'baseURL is computed (`fields?.baseUrl`)'],
  ]);
  const v = await verifyRepository(dir, { integratorSites: outcome.sites, changedFiles: outcome.filesChanged });
  expect(v.sites.map((s) => s.verdict)).toEqual(['left', 'left', 'left', 'left']);
});
