/**
 * Scope through the whole workflow (real Temporal dev server, worker, activities, git and the local forge): an
 * SDK-shaped repository is forked and cloned, the analysis calls it a library, and the integration ends `completed`
 * with the reason, before any integrator runs: no branch, no PR. An application next to it is still integrated.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startDevServer } from '../../src/adapters/temporal/dev-server';
import { startIntegration } from '../../src/cli/start-integration';
import { getStatusQuery, reviewCompleteSignal } from '../../src/workflows/definitions';
import { makeRepo, sampleAppRepo } from '../helpers/fixture-repos';
import { awaitingReview, inputFor, startHarness, waitFor, type Harness } from '../helpers/integration-harness';

let env: TestWorkflowEnvironment;
let h: Harness;

beforeAll(async () => {
  env = await startDevServer({});
  h = await startHarness(env);
}, 120_000);

afterAll(async () => {
  await h?.stop();
  await env?.teardown();
});

const SDK = {
  'package.json': JSON.stringify(
    {
      name: '@acme/llm-client',
      version: '1.4.0',
      main: 'dist/index.js',
      types: 'dist/index.d.ts',
      files: ['dist'],
      dependencies: { openai: '^4.80.0' },
    },
    null,
    2,
  ),
  'src/client.ts': "import OpenAI from 'openai';\n\nexport const createClient = (apiKey?: string) => new OpenAI({ apiKey });\n",
  'examples/chat.ts':
    "import OpenAI from 'openai';\n\nconst client = new OpenAI({ apiKey: process.env.OPENAI_API_KEY });\nconsole.log(await client.models.list());\n",
  'repro/issue-42.ts': "import OpenAI from 'openai';\nnew OpenAI();\n",
  'tests/client.test.ts': "import OpenAI from 'openai';\nnew OpenAI({ apiKey: 'test' });\n",
};

it('skips a library or SDK after the analysis, with the evidence, and integrates nothing', async () => {
  const repo = await makeRepo('llm-client', SDK);
  const input = inputFor(repo);
  const handle = await startIntegration(env.client, input);
  const result = await handle.result();
  expect(result).toMatchObject({ state: 'completed', attempts: 0 });
  expect(result.message).toBe(
    `Skipped: local/${input.repoName} is a library or SDK (package.json is not private and declares "types" and "files": a published library); ` +
      'Helicone belongs in the applications that use it',
  );
  const status = await handle.query(getStatusQuery);
  expect(status.timeline.map((t) => t.state)).toEqual(['forking', 'cloning', 'completed']);
  expect(status.attempts).toEqual([]);
  expect(await h.forge.listPullRequests({ owner: 'helicone-bot', name: input.repoName })).toEqual([]);
  const history = await handle.fetchHistory();
  const activities = history.events!.map((e) => e.activityTaskScheduledEventAttributes?.activityType?.name).filter(Boolean);
  expect(activities).not.toContain('integrate');
}, 120_000);

it('still integrates the bundled sample app (an application)', async () => {
  const handle = await startIntegration(env.client, inputFor(await sampleAppRepo()));
  const review = await waitFor(handle, awaitingReview(1));
  expect(review.state).toBe('awaiting_review');
  expect(review.attempts[0]?.filesChanged).toEqual(expect.arrayContaining(['src/openai-client.ts', 'src/anthropic-client.ts']));
  await handle.signal(reviewCompleteSignal, { approved: false });
  expect((await handle.result()).state).toBe('rejected');
}, 120_000);
