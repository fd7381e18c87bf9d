/**
 * The benchmarks at toy sizes, so `npm run bench` cannot rot: each runs end to end and reports figures computed from
 * what it measured (the figures themselves come from `npm run bench`, never from here).
 */
import fs from 'node:fs/promises';
import { expect, it } from 'vitest';
import { benchAnalysis } from '../../scripts/bench/bench-analysis';
import { benchGitHubRequests, HAPPY_PATH_TARGET } from '../../scripts/bench/bench-github-requests';
import { benchOrchestration } from '../../scripts/bench/bench-orchestration';
import { benchRealEndToEnd, benchRealSites } from '../../scripts/bench/bench-real-tree';
import { generateRepo, tempDir } from '../../scripts/bench/bench-util';
import { realTree, requireRipgrep } from '../../scripts/bench/real-tree';

const log = () => undefined;

it('analysis: the finder finds exactly the planted sites, and the ratio is finder time over the search tool time', async () => {
  const r = await benchAnalysis({ maxFiles: 400, runs: 1, log });
  expect(r.finderSites).toBe(r.plantedSites);
  expect(r.ripgrepFiles).toBeGreaterThanOrEqual(r.plantedSites);
  expect(r.medianRatio).toBeCloseTo(r.runs[0]!.finderMs / r.runs[0]!.ripgrepMs, 5);
}, 120_000);

it('orchestration: both sides integrate the same repositories and the ratio is pipeline over plain script', async () => {
  const r = await benchOrchestration({ n: 2, runs: 1, files: 10, log });
  expect(r.runs).toHaveLength(1);
  expect(r.runs[0]!.pipelineMs).toBeGreaterThan(0);
  expect(r.medianRatio).toBeCloseTo(r.runs[0]!.pipelineMs / r.runs[0]!.baselineMs, 5);
}, 180_000);

it('GitHub requests: every REST call of an integration is counted by route; the happy path makes the 11 the README names', async () => {
  const r = await benchGitHubRequests();
  expect(r.happy.total).toBe(Object.values(r.happy.calls).reduce((a, b) => a + b, 0));
  // The upstream and its default branch are read once (they were read twice), the PRs created without a look-up
  // (a fork this integration created holds none; the fork step listed the bot's PRs upstream), the review PR closed
  // without reading it first (a first try has no comment to repeat).
  expect(r.happy.calls).toEqual({
    'GET /repos/acme/:repo': 1,
    'GET /repos/acme/:repo/branches/trunk': 1,
    'GET /user': 1,
    'GET /search/issues': 1,
    'GET /repos/helicone-bot/:repo': 1,
    'POST /repos/acme/:repo/forks': 1,
    'GET /repos/helicone-bot/:repo/branches/trunk': 1,
    'POST /repos/helicone-bot/:repo/pulls': 1,
    'POST /repos/acme/:repo/pulls': 1,
    'POST /repos/helicone-bot/:repo/issues/:n/comments': 1,
    'PATCH /repos/helicone-bot/:repo/pulls/:n': 1,
  });
  expect(r.happy.total).toBeLessThanOrEqual(HAPPY_PATH_TARGET);
  expect(r.met).toBe(true);
  // v2 looks the review PR up (it exists) and updates it; the tracker's reads of the upstream PR are not counted.
  expect(r.feedback.calls['GET /repos/helicone-bot/:repo/pulls']).toBe(1);
  expect(r.feedback.calls['PATCH /repos/helicone-bot/:repo/pulls/:n']).toBe(r.happy.calls['PATCH /repos/helicone-bot/:repo/pulls/:n']! + 1);
  expect(Object.keys(r.feedback.calls).filter((k) => k.startsWith('GET /repos/acme/:repo/pulls/'))).toEqual([]);
}, 180_000);

it('real tree: both sides find exactly the planted client files, and the end-to-end ratio is pipeline over plain script', async () => {
  // The registry tree is for `npm run bench`; here a generated repository stands in for it (same shape: a git work tree).
  const root = await tempDir('smoke-real-');
  try {
    const dir = await generateRepo(root, 'real-smoke', { files: 20, clients: 4, seed: 3 });
    const tree = { dir, spec: 'generated', files: 27, planted: 4, packMs: 0, remove: async () => undefined };
    const sites = await benchRealSites(tree, { runs: 1, tool: await requireRipgrep(), log });
    expect(sites.finderSites).toBe(4);
    expect(sites.ripgrepFiles).toBe(4);
    expect(sites.medianRatio).toBeCloseTo(sites.runs[0]!.finderMs / sites.runs[0]!.ripgrepMs, 5);
    const e2e = await benchRealEndToEnd(tree, { runs: 1, log });
    expect(e2e.medianRatio).toBeCloseTo(e2e.runs[0]!.pipelineMs / e2e.runs[0]!.baselineMs, 5);
    // The pipeline's time split by state covers the way to review.
    expect(Object.keys(e2e.phases)).toEqual(expect.arrayContaining(['forking', 'cloning', 'integrating', 'pushing', 'creating_review_pr']));
  } finally {
    await fs.rm(root, { recursive: true, force: true });
  }
}, 180_000);

it('real tree: a package that is not pinned to an exact version is refused before anything is fetched', async () => {
  await expect(realTree({ spec: '@fluentui/react', log })).rejects.toThrow(/pinned to an exact version/);
  await expect(realTree({ spec: 'left-pad@^1.3.0', log })).rejects.toThrow(/pinned to an exact version/);
});
