/**
 * Discovery end to end: a real Temporal dev server and worker, the fake GitHub (repository search with pagination,
 * code search behind a secondary rate limit, contribution guides) and the scripted fake Anthropic API. Every
 * exclusion rule drops its repository with its reason; the ranking comes from the model's structured answer, falls
 * back to the heuristic for what a malformed answer leaves out, and is the heuristic without a key.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { GitHubDiscovery } from '../../src/adapters/discovery/github-discovery';
import { createGitHubClient } from '../../src/adapters/forge/github/github-client';
import { AnthropicRanker } from '../../src/adapters/ranking/anthropic-ranker';
import { startDevServer } from '../../src/adapters/temporal/dev-server';
import { parseDiscoverArgs } from '../../src/cli/discover/discover-args';
import type { DiscoveryInput, DiscoveryResult } from '../../src/shared/discovery-types';
import { TASK_QUEUE } from '../../src/shared/types';
import { discoveryWorkflow } from '../../src/workflows';
import { discoveryResultQuery } from '../../src/workflows/discovery-definitions';
import { repositoryKey, upstreamPrStateKey } from '../../src/workflows/definitions';
import { FakeAnthropic, type Reply } from '../helpers/fake-anthropic';
import { FakeGitHub } from '../helpers/fake-github/fake-github-server';
import { startHarness, type Harness } from '../helpers/integration-harness';

const TOKEN = 'ghp_discoverytoken1234567890abcd';
const NOW = new Date('2026-11-01T00:00:00Z');
const RECENT = '2026-10-20T00:00:00Z';
const OPENAI_TS = "import OpenAI from 'openai';\nexport const ai = new OpenAI();\n";

let env: TestWorkflowEnvironment;
let h: Harness;
let gh: FakeGitHub;
let model: FakeAnthropic;
let reply: (text: string) => Reply = () => [];
let n = 0;

beforeAll(async () => {
  gh = new FakeGitHub({ token: TOKEN });
  await gh.start();
  model = new FakeAnthropic((_req, text) => reply(text));
  await model.start();
  const meta = (stars: number, extra: Record<string, unknown> = {}) => ({
    meta: { stars, language: 'TypeScript', pushedAt: RECENT, description: 'An LLM chat app', ...extra },
  });
  gh.addRepo(
    'acme',
    'good-a',
    { 'src/ai.ts': OPENAI_TS, 'src/more.ts': OPENAI_TS, 'CONTRIBUTING.md': 'Open an issue first. Tests are required for pull requests.\n' },
    meta(900),
  );
  gh.addRepo('acme', 'good-b', { 'bot.py': 'from anthropic import Anthropic\nc = Anthropic()\n' }, meta(300, { language: 'Python' }));
  gh.addRepo(
    'acme',
    'near-miss',
    { 'src/ai.ts': OPENAI_TS, '.github/CONTRIBUTING.md': 'Automated tests must pass before pull requests are merged.\n' },
    meta(250),
  );
  gh.addRepo('acme', 'archived', { 'src/ai.ts': OPENAI_TS }, { archived: true, ...meta(800) });
  gh.addRepo('acme', 'forked', { 'src/ai.ts': OPENAI_TS }, { fork: 'upstream/forked', ...meta(700) });
  gh.addRepo('acme', 'stale', { 'src/ai.ts': OPENAI_TS }, meta(650, { pushedAt: '2023-01-01T00:00:00Z' }));
  gh.addRepo('acme', 'unlicensed', { 'src/ai.ts': OPENAI_TS }, meta(600, { license: null }));
  gh.addRepo('acme', 'has-helicone', { 'src/ai.ts': "new OpenAI({ baseURL: 'https://oai.helicone.ai/v1' });\n" }, meta(550));
  gh.addRepo('acme', 'no-sdk', { 'README.md': '# an llm prompt collection\n' }, meta(500));
  gh.addRepo('acme', 'no-bots', { 'src/ai.ts': OPENAI_TS, 'CONTRIBUTING.md': 'We do not accept AI-generated pull requests.\n' }, meta(450));
  gh.addRepo('acme', 'opted-out', { 'src/ai.ts': OPENAI_TS }, meta(400));
  gh.addRepo('acme', 'approached', { 'src/ai.ts': OPENAI_TS }, meta(350));
  gh.addRepo('acme', 'closed-pr', { 'src/ai.ts': OPENAI_TS }, meta(340));
  // SDKs: a published TypeScript client (package.json) and a Python one (pyproject.toml classifiers), each with examples.
  const sdkPackage = JSON.stringify({
    name: '@acme/llm-client',
    version: '1.4.0',
    main: 'dist/index.js',
    types: 'dist/index.d.ts',
    exports: { '.': './dist/index.js' },
    files: ['dist'],
  });
  gh.addRepo(
    'acme',
    'sdk',
    { 'package.json': sdkPackage, 'src/client.ts': OPENAI_TS, 'examples/chat.ts': OPENAI_TS },
    meta(320, { description: 'An LLM SDK for Acme' }),
  );
  const pyproject =
    '[project]\nname = "acme-llm"\nversion = "0.9.0"\nclassifiers = [\n  "Intended Audience :: Developers",\n  "Topic :: Software Development :: Libraries :: Python Modules",\n]\n';
  gh.addRepo(
    'acme',
    'py-sdk',
    {
      'pyproject.toml': pyproject,
      'acme_llm/client.py': 'from openai import OpenAI\n',
      'examples/chat.py': 'from openai import OpenAI\nc = OpenAI()\n',
    },
    meta(310, { language: 'Python', description: 'An LLM SDK for Acme, in Python' }),
  );
  gh.addRepo('acme', 'too-small', { 'src/ai.ts': OPENAI_TS }, meta(3));
  gh.addRepo('acme', 'unrelated', { 'src/ai.ts': OPENAI_TS }, meta(5000, { description: 'A database driver' }));
  env = await startDevServer({});
  h = await startHarness(env, {
    discovery: { github: new GitHubDiscovery(createGitHubClient({ token: TOKEN, apiUrl: gh.apiUrl }), { perPage: 5 }), now: () => NOW },
  });
  // Earlier integrations: one in progress (on a queue nobody polls) and one whose upstream PR was closed.
  const park = (id: string, repo: string, pr?: string) =>
    env.client.workflow.start('parkedWorkflow', {
      taskQueue: 'nobody-polls-this',
      workflowId: id,
      typedSearchAttributes: [{ key: repositoryKey, value: repo }, ...(pr ? [{ key: upstreamPrStateKey, value: pr }] : [])],
    });
  await park('integration-acme-approached', 'acme/approached');
  await park('integration-acme-closed-pr', 'acme/closed-pr', 'closed');
}, 120_000);

afterAll(async () => {
  await h?.stop();
  await env?.teardown();
  await gh?.stop();
  await model?.stop();
});

async function discover(input: Partial<DiscoveryInput> = {}): Promise<DiscoveryResult> {
  const handle = await env.client.workflow.start(discoveryWorkflow, {
    taskQueue: TASK_QUEUE,
    workflowId: `discovery-test-${++n}`,
    args: [{ minStars: 10, limit: 10, inactiveDays: 365, optOut: ['acme/opted-out'], query: 'llm', ...input }],
  });
  await handle.result();
  return handle.query(discoveryResultQuery);
}

it('drops every repository a rule excludes, with the rule and a reason, and ranks the rest with the heuristic', async () => {
  h.deps.discovery!.ranker = undefined;
  // One secondary rate limit on code search: the client waits for retry-after and goes on.
  gh.faults.push({
    method: 'GET',
    path: /\/search\/code/,
    status: 403,
    headers: { 'retry-after': '1' },
    body: { message: 'You have exceeded a secondary rate limit' },
  });
  const r = await discover({ limit: 5 });
  expect(r.state).toBe('done');
  expect(Object.fromEntries(r.excluded.map((e) => [e.name, e.reason]))).toEqual({
    archived: 'archived',
    forked: 'fork',
    stale: 'inactive',
    unlicensed: 'no_license',
    'has-helicone': 'already_uses_helicone',
    'no-sdk': 'no_llm_sdk',
    'no-bots': 'forbids_automated_prs',
    'opted-out': 'opted_out',
    approached: 'already_approached',
    'closed-pr': 'already_approached',
    sdk: 'library',
    'py-sdk': 'library',
  });
  const detail = (name: string) => r.excluded.find((e) => e.name === name)!.detail;
  expect(detail('no-bots')).toContain('We do not accept AI-generated pull requests');
  expect(detail('closed-pr')).toMatch(/closed upstream .*never again/);
  expect(detail('approached')).toContain('integration-acme-approached');
  expect(detail('has-helicone')).toContain('src/ai.ts');
  expect(detail('sdk')).toBe(
    'a library or SDK: package.json is not private and declares "exports", "types" and "files": a published library.',
  );
  expect(detail('py-sdk')).toBe(
    'a library or SDK: pyproject.toml [project] classifiers include "Topic :: Software Development :: Libraries :: Python Modules": a published library.',
  );
  // Survivors, best first; the near-miss contribution guide ("automated tests") is not a ban; below min stars and
  // off-topic repositories never came back from search.
  expect(r.ranked.map((x) => [x.rank, x.name, x.rankedBy])).toEqual([
    [1, 'good-a', 'heuristic'],
    [2, 'good-b', 'heuristic'],
    [3, 'near-miss', 'heuristic'],
  ]);
  expect(r.ranked[0]!.llmSites.sort()).toEqual(['src/ai.ts', 'src/more.ts']);
  expect(r.ranked[0]!.fit.reason).toContain('2 file(s)');
  expect(r.note).toMatch(/heuristic \(no ANTHROPIC_API_KEY/);
  // Search was paginated (5 per page; 15 repositories match) and the rate limit was waited out.
  expect(
    gh.requests.filter((q) => q.path.startsWith('/api/v3/search/repositories')).map((q) => /[?&]page=(\d+)/.exec(q.path)?.[1] ?? '1'),
  ).toEqual(['1', '2', '3']);
  expect(gh.requests.filter((q) => q.path.startsWith('/api/v3/search/code') && q.status === 403)).toHaveLength(1);
  // The library rule costs one contents read per candidate that passed the cheaper rules (the manifest its
  // language says), and spares an SDK the code searches.
  const contents = (repo: string) =>
    gh.requests.filter((q) => q.path.startsWith(`/api/v3/repos/acme/${repo}/contents/`)).map((q) => q.path.replace(/^.*\/contents\//, ''));
  expect(contents('sdk')).toEqual(['package.json']);
  expect(contents('py-sdk')).toEqual(['pyproject.toml']);
  expect(contents('archived')).toEqual([]);
  expect(
    gh.requests.filter((q) => q.path.startsWith('/api/v3/search/code') && /repo%3Aacme%2F(py-)?sdk\b|repo:acme\/(py-)?sdk\b/.test(q.path)),
  ).toEqual([]);

  // --include-libraries keeps them (a query only they and no-sdk match, to spare the code-search pacing).
  const all = await discover({ limit: 5, includeLibraries: true, query: 'sdk' });
  expect(Object.fromEntries(all.excluded.map((e) => [e.name, e.reason]))).toEqual({ 'no-sdk': 'no_llm_sdk' });
  expect(all.ranked.map((x) => x.name)).toEqual(['sdk', 'py-sdk']);
}, 120_000);

const score = (s: number) => ({ score: s, reason: `Because ${s}.` });
const toolAnswer = (rankings: unknown[]): Reply => [{ type: 'tool_use', name: 'rank_repositories', input: { rankings } }];

it('ranks with the model through the forced tool call when a key is configured', async () => {
  h.deps.discovery!.ranker = new AnthropicRanker({ apiKey: 'sk-ant-test', baseUrl: model.url, model: 'claude-test' });
  const before = model.requests.length;
  reply = () =>
    toolAnswer([
      { repository: 'acme/good-a', fit: score(6), mergeLikelihood: score(5), changeSize: score(5) },
      { repository: 'acme/good-b', fit: score(9), mergeLikelihood: score(9), changeSize: score(9) },
      { repository: 'acme/near-miss', fit: score(2), mergeLikelihood: score(3), changeSize: score(4) },
    ]);
  const r = await discover();
  expect(r.ranked.map((x) => [x.name, x.overall, x.rankedBy])).toEqual([
    ['good-b', 9, 'model'],
    ['good-a', 5.4, 'model'],
    ['near-miss', 2.8, 'model'],
  ]);
  expect(r.ranked[0]!.mergeLikelihood.reason).toBe('Because 9.');
  expect(r.note).toBeUndefined();
  const req = model.requests[before]!;
  expect(req.model).toBe('claude-test');
  expect(JSON.stringify(req)).toContain('"tool_choice":{"type":"tool","name":"rank_repositories"}');
  // Excluded repositories are never sent to the model.
  expect(JSON.stringify(req.messages)).not.toContain('no-bots');
}, 120_000);

it('asks once more after a malformed answer, then ranks what is still missing with the heuristic', async () => {
  const before = model.requests.length;
  reply = (text) =>
    text.includes('not usable')
      ? toolAnswer([{ repository: 'acme/good-a', fit: score(8), mergeLikelihood: score(8), changeSize: score(8) }])
      : toolAnswer([{ repository: 'acme/good-a', fit: score(15), mergeLikelihood: score(8), changeSize: score(8) }]);
  const r = await discover();
  expect(model.requests.length - before).toBe(2);
  expect(r.state).toBe('done');
  expect(Object.fromEntries(r.ranked.map((x) => [x.name, x.rankedBy]))).toEqual({
    'good-a': 'model',
    'good-b': 'heuristic',
    'near-miss': 'heuristic',
  });
  expect(r.note).toMatch(/Ranked 2 repositories with the heuristic: the model did not rank acme\/good-b, acme\/near-miss/);

  // No tool call at all, twice: everything falls back, the workflow still succeeds.
  reply = () => [{ type: 'text', text: 'Here is my ranking: good-a is great.' }];
  const r2 = await discover();
  expect(r2.ranked.every((x) => x.rankedBy === 'heuristic')).toBe(true);
  expect(r2.note).toMatch(/without the ranking tool call/);
}, 120_000);

it('fails clearly without a GitHub token, and rejects bad flags before starting anything', async () => {
  const saved = h.deps.discovery!.github;
  h.deps.discovery!.github = undefined;
  try {
    const handle = await env.client.workflow.start(discoveryWorkflow, {
      taskQueue: TASK_QUEUE,
      workflowId: `discovery-test-${++n}`,
      args: [{ minStars: 1, limit: 5, inactiveDays: 365, optOut: [] }],
    });
    await expect(handle.result()).rejects.toMatchObject({
      cause: { message: expect.stringMatching(/^Discovery failed: .*set GITHUB_TOKEN/) },
    });
    const r = await handle.query(discoveryResultQuery);
    expect(r.state).toBe('failed');
    expect(r.note).toMatch(/set GITHUB_TOKEN/);
  } finally {
    h.deps.discovery!.github = saved;
  }
  expect(() => parseDiscoverArgs(['--limit', '500'])).toThrow('--limit must be a whole number from 1 to 100 (got "500")');
  expect(() => parseDiscoverArgs(['--min-stars', 'many'])).toThrow(/--min-stars must be a whole number/);
  expect(() => parseDiscoverArgs(['--colour', 'red'])).toThrow(/Unknown option '--colour'[\s\S]*usage: npm run discover/);
  expect(() => parseDiscoverArgs(['--opt-out-file', '/nonexistent/opt-out.txt'])).toThrow(
    '--opt-out-file: cannot read /nonexistent/opt-out.txt: ENOENT',
  );
  const file = path.join(await fs.mkdtemp(path.join(os.tmpdir(), 'optout-')), 'list.txt');
  await fs.writeFile(file, '# never\nAcme/Opted-Out\nhttps://github.com/x/y.git\n\nnot a repo line\n');
  expect(() => parseDiscoverArgs(['--opt-out-file', file])).toThrow(/"not a repo line" is not owner\/name/);
  await fs.writeFile(file, '# never\nAcme/Opted-Out\nhttps://github.com/x/y.git\n');
  expect(parseDiscoverArgs(['--opt-out-file', file, '--language', 'py'])).toEqual({
    language: 'Python',
    minStars: 50,
    limit: 20,
    inactiveDays: 365,
    optOut: ['acme/opted-out', 'x/y'],
  });
  expect(parseDiscoverArgs(['--include-libraries'])).toMatchObject({ includeLibraries: true });
  expect(parseDiscoverArgs([])).not.toHaveProperty('includeLibraries');
}, 120_000);
