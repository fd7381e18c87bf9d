/**
 * The whole integration through the GitHub forge: a real Temporal dev server and worker, the fake GitHub REST API
 * and real git over smart HTTP. Happy path with request counting, a crash between push and PR creation, a revoked
 * token, the skip rules, and a search for the token everywhere it must never be.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { workspaceDir } from '../../src/activities/deps';
import { GitHubForge } from '../../src/adapters/forge/github/github-forge';
import { startDevServer } from '../../src/adapters/temporal/dev-server';
import { startIntegration } from '../../src/cli/start-integration';
import { getStatusQuery, reviewCompleteSignal } from '../../src/workflows/definitions';
import type { IntegrationInput } from '../../src/shared/types';
import { FakeGitHub } from '../helpers/fake-github/fake-github-server';
import { awaitingReview, capturedLogs, startHarness, waitFor, type Harness } from '../helpers/integration-harness';

const TOKEN = 'ghp_workflowtoken0987654321zyxw';
const BASIC = Buffer.from(`x-access-token:${TOKEN}`).toString('base64');
const SAMPLE = {
  'src/openai.ts': "import OpenAI from 'openai';\n\nexport const client = new OpenAI({\n  apiKey: process.env.OPENAI_API_KEY,\n});\n",
  '.env.example': 'OPENAI_API_KEY=\n',
};

let env: TestWorkflowEnvironment;
let h: Harness;
let gh: FakeGitHub;
let crashAfterReviewPr = 0;
let n = 0;

beforeAll(async () => {
  gh = new FakeGitHub({ token: TOKEN });
  await gh.start();
  env = await startDevServer({});
  const forge = new GitHubForge({ token: TOKEN, apiUrl: gh.apiUrl, forkReadyTimeoutMs: 20_000 });
  h = await startHarness(env, {
    forge,
    wrapActivities: (acts) => ({
      ...acts,
      // Simulates a worker killed right after GitHub created the review PR, before the result was recorded.
      openReviewPullRequest: async (p) => {
        const r = await acts.openReviewPullRequest(p);
        if (crashAfterReviewPr > 0) {
          crashAfterReviewPr--;
          throw new Error('worker lost before recording the result');
        }
        return r;
      },
    }),
  });
});

afterAll(async () => {
  await h?.stop();
  await env?.teardown();
  await gh?.stop();
});

function repo(files: Record<string, string> = SAMPLE, opts: { archived?: boolean } = {}): IntegrationInput {
  n++;
  const name = `gh-app-${n}`;
  gh.addRepo('acme', name, files, { defaultBranch: 'trunk', ...opts });
  return { repoUrl: `${gh.baseUrl}/acme/${name}`, repoOwner: 'acme', repoName: name, integrationId: `gh-${process.pid}-${n}` };
}

it('forks, pushes, opens the review PR in the fork and the final PR upstream, counting API requests', async () => {
  const input = repo();
  const handle = await startIntegration(env.client, input);
  const review = await waitFor(handle, awaitingReview(1));
  expect(review.reviewPr?.repo).toBe(`helicone-bot/${input.repoName}`);
  expect(gh.pullsOf('helicone-bot', input.repoName)).toHaveLength(1);
  await handle.signal(reviewCompleteSignal, { approved: true });
  const result = await handle.result();
  expect(result.state).toBe('completed');

  const upstreamPulls = gh.pullsOf('acme', input.repoName);
  expect(upstreamPulls).toHaveLength(1);
  expect(upstreamPulls[0]).toMatchObject({
    base: 'trunk',
    head: { owner: 'helicone-bot', ref: `helicone/integration-${input.integrationId}` },
  });
  expect(upstreamPulls[0]!.body).toContain('HELICONE_API_KEY');
  expect(gh.pullsOf('helicone-bot', input.repoName)[0]!.state).toBe('closed');

  const status = await handle.query(getStatusQuery);
  // The upstream PR tracker (a workflow of its own, with its own count) reads the final PR, its reviews and its
  // conversation (comments on the PR and on its lines).
  const trackerCall = new RegExp(`^/api/v3/repos/acme/${input.repoName}/(pulls/\\d+(/reviews|/comments)?|issues/\\d+/comments)(\\?.*)?$`);
  const apiCalls = gh.requests.filter(
    (r) => r.path.startsWith('/api/v3/') && r.path.includes(input.repoName) && !(r.method === 'GET' && trackerCall.test(r.path)),
  ).length;
  expect(status.forgeRequests).toBeGreaterThan(5);
  // Every counted request reached the server (GET /user is cached per worker and not repo-specific).
  expect(status.forgeRequests).toBeGreaterThanOrEqual(apiCalls);

  // The token is nowhere: history, worker logs, the clone's git config, PR bodies.
  const history = historyToJSON(await handle.fetchHistory());
  const config = await fs.readFile(path.join(workspaceDir(h.deps, input.integrationId), '.git', 'config'), 'utf8');
  const prText = [...upstreamPulls, ...gh.pullsOf('helicone-bot', input.repoName)]
    .map((p) => `${p.title}\n${p.body}\n${p.comments.join('\n')}`)
    .join('\n');
  for (const [where, text] of Object.entries({ history, logs: capturedLogs.join('\n'), config, prText })) {
    expect(text.includes(TOKEN), `token found in ${where}`).toBe(false);
    expect(text.includes(BASIC), `encoded token found in ${where}`).toBe(false);
  }
});

it('reuses the review PR after a worker dies between creating it and recording it', async () => {
  crashAfterReviewPr = 1;
  const input = repo();
  const handle = await startIntegration(env.client, input);
  await waitFor(handle, awaitingReview(1));
  expect(crashAfterReviewPr).toBe(0);
  expect(gh.pullsOf('helicone-bot', input.repoName)).toHaveLength(1);
  await handle.signal(reviewCompleteSignal, { approved: true });
  await handle.result();
  expect(gh.pullsOf('acme', input.repoName)).toHaveLength(1);
});

it('fails clearly when the token is revoked mid-run', async () => {
  const input = repo();
  const handle = await startIntegration(env.client, input);
  await waitFor(handle, awaitingReview(1));
  gh.token = 'ghp_revoked';
  try {
    await handle.signal(reviewCompleteSignal, { approved: true });
    await handle.result().catch(() => undefined);
    const status = await handle.query(getStatusQuery);
    expect(status.state).toBe('failed');
    expect(status.lastError).toMatch(/GitHub rejected the token .*GITHUB_TOKEN is missing, expired or revoked/);
    expect(status.lastError).not.toContain(TOKEN);
  } finally {
    gh.token = TOKEN;
  }
});

it('skips archived repositories, repositories we already approached, and rules that forbid automated PRs', async () => {
  const archived = repo(SAMPLE, { archived: true });
  const approached = repo();
  gh.addPull('acme', approached.repoName, {
    title: 'old',
    body: '',
    state: 'closed',
    head: { owner: 'helicone-bot', name: approached.repoName, ref: 'helicone/integration-old' },
    base: 'trunk',
    user: 'helicone-bot',
  });
  const forbidden = repo({ ...SAMPLE, 'CONTRIBUTING.md': '# Contributing\n\nWe do not accept AI-generated pull requests.\n' });
  for (const [input, why] of [
    [archived, /archived/],
    [approached, /already has a pull request from us/],
    [forbidden, /forbid automated pull requests/],
  ] as const) {
    const result = await (await startIntegration(env.client, input)).result();
    expect(result.state).toBe('completed');
    expect(result.message).toMatch(/^Skipped: /);
    expect(result.message).toMatch(why);
    expect(
      gh.pullsOf('acme', input.repoName).filter((p) => p.user === 'helicone-bot' && p.head.ref.includes(input.integrationId)),
    ).toHaveLength(0);
  }
});
