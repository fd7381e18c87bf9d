/**
 * How many git processes each step of an integration runs on the local forge (docs/benchmarks.md, benchmark 1): measured per
 * activity with countGitCommands, so a change that adds one shows up here. 55 before the working copy was read once
 * per step; 22 now.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { MockActivityEnvironment } from '@temporalio/testing';
import { afterAll, expect, it } from 'vitest';
import { createActivities, type ActivityDeps } from '.';
import { LocalForge } from '../adapters/forge/local/local-forge';
import { countGitCommands } from '../adapters/git/run-git';
import { CodemodIntegrator } from '../adapters/integrator/codemod';
import { makeRepo } from '../../test/helpers/fixture-repos';

const roots: string[] = [];
afterAll(async () => Promise.all(roots.map((r) => fs.rm(r, { recursive: true, force: true }))));

it('runs the fewest git processes per step, from the fork to the closed review PR', async () => {
  const repo = await makeRepo('gitcount', {
    'package.json': '{ "name": "gitcount", "private": true }\n',
    'src/llm.ts': "import OpenAI from 'openai';\n\nexport const openai = new OpenAI({\n  apiKey: process.env.OPENAI_API_KEY,\n});\n",
    '.env.example': 'OPENAI_API_KEY=\n',
  });
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'gitcount-data-'));
  roots.push(path.dirname(repo), dataDir);
  const deps: ActivityDeps = {
    config: {
      DATA_DIR: dataDir,
      BRANCH_PREFIX: 'helicone/integration-',
      COMMIT_AUTHOR_NAME: 'Bot',
      COMMIT_AUTHOR_EMAIL: 'bot@example.com',
    },
    forge: new LocalForge({ dataDir }),
    integrator: new CodemodIntegrator(),
    reporter: { enabled: false, report: async () => undefined },
  };
  const a = createActivities(deps);
  const noop = () => undefined;
  const env = new MockActivityEnvironment(undefined, {
    logger: { log: noop, trace: noop, debug: noop, info: noop, warn: noop, error: noop },
  });
  const steps: Record<string, string[]> = {};
  const step = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
    const { result, commands } = await countGitCommands(() => env.run(fn));
    steps[name] = commands;
    return result as T;
  };
  const integrationId = 'gitcount-1';
  const fork = (
    await step('fork', () => a.forkRepository({ repoUrl: repo, repoOwner: 'local', repoName: path.basename(repo), integrationId }))
  ).value;
  expect(fork.forkCreated).toBe(true);
  const analysis = await step('clone', () => a.cloneRepository({ integrationId, fork }));
  const result = await step('integrate', () => a.integrate({ integrationId, fork, analysis, attempt: 1, feedback: [] }));
  expect(result.filesChanged).toContain('src/llm.ts');
  await step('push', () => a.pushBranch({ integrationId, fork, commitSha: result.commitSha! }));
  const pr = (
    await step('reviewPr', () => a.openReviewPullRequest({ integrationId, workflowId: 'w', fork, attempt: 1, result, feedback: [] }))
  ).value;
  await step('upstreamPr', () => a.openUpstreamPullRequest({ integrationId, fork, analysis, result }));
  await step('close', () => a.closeReviewPullRequest({ fork, number: pr.number, comment: 'Approved.' }));

  expect(steps).toEqual({
    // Import the source into the forge (is it a repository; its branches and HEAD; a hard-linked bare clone; the
    // head commit), then the fork, another hard-linked bare clone, which needs no sync.
    fork: ['rev-parse', 'for-each-ref', 'clone', 'rev-parse', 'clone'],
    clone: ['clone', 'log'],
    // The clone has the base (one rev-parse, no fetch); branch; stage and read the change in one diff; the base
    // versions of the changed files in one cat-file; commit; the patch and its paths in one diff.
    integrate: ['rev-parse', 'checkout', 'clean', 'add', 'diff', 'cat-file', 'commit', 'diff'],
    push: ['cat-file', 'push'],
    reviewPr: ['rev-parse', 'fetch'],
    upstreamPr: ['rev-parse', 'rev-parse', 'fetch'],
    close: [],
  });
  expect(Object.values(steps).flat()).toHaveLength(22);
}, 60_000);
