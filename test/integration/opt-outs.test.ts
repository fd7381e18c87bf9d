/**
 * The maintainer conversation and the never-again list end to end, on a real dev server and worker with the GitHub
 * forge against the fake GitHub (where the test plays the maintainer): a comment reaches the tracker's query as a
 * preview with its full text under DATA_DIR (not in history); a refusal puts the repository on the list and
 * discovery then drops it with the maintainer's words and a link; a refusal naming the organisation drops another
 * repository of the owner, in discovery and in a campaign; a reviewer's `markOptOut` signal; a PR closed unmerged;
 * and the `opt-out` command for an ended tracker (owner-wide), `--list` and `--undo`.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { GitHubDiscovery } from '../../src/adapters/discovery/github-discovery';
import { createGitHubClient } from '../../src/adapters/forge/github/github-client';
import { GitHubForge } from '../../src/adapters/forge/github/github-forge';
import { startDevServer } from '../../src/adapters/temporal/dev-server';
import { lookUpNeverAgain, runningEntry } from '../../src/adapters/temporal/never-again-list';
import { DEFAULT_CAMPAIGN_LIMITS } from '../../src/shared/campaign-types';
import type { DiscoveryResult } from '../../src/shared/discovery-types';
import { TASK_QUEUE } from '../../src/shared/types';
import { campaignIntegrationId } from '../../src/shared/workflow-ids';
import { campaignWorkflow, discoveryWorkflow, pullRequestTrackerWorkflow } from '../../src/workflows';
import { discoveryResultQuery } from '../../src/workflows/discovery-definitions';
import { optOutKey } from '../../src/workflows/never-again-definitions';
import {
  checkPullRequestNowSignal,
  getPullRequestTrackingQuery,
  markOptOutSignal,
  PREVIEW_CHARS,
  trackerWorkflowId,
  type PullRequestTracking,
} from '../../src/workflows/pull-request-tracker-definitions';
import { runCli } from '../cli/run-cli';
import { FakeGitHub } from '../helpers/fake-github/fake-github-server';
import { startHarness, type Harness } from '../helpers/integration-harness';
import { until } from '../helpers/until';

const TOKEN = 'ghp_optoutstoken0000000000000000';
const OPENAI_TS = "import OpenAI from 'openai';\nexport const ai = new OpenAI();\n";
const TERM = 'optoutcase';
let env: TestWorkflowEnvironment;
let h: Harness;
let gh: FakeGitHub;
let n = 0;

beforeAll(async () => {
  gh = new FakeGitHub({ token: TOKEN });
  await gh.start();
  // Each test searches its own owners' repositories (by a word of their description): search requests are paced.
  for (const [owner, name] of [
    ['talk', 'app'],
    ['refuser', 'app'],
    ['refuser', 'other'],
    ['acmeorg', 'app'],
    ['acmeorg', 'sibling'],
    ['quiet', 'app'],
    ['closer', 'app'],
    ['closer', 'next'],
  ] as const) {
    gh.addRepo(
      owner,
      name,
      { 'src/ai.ts': OPENAI_TS },
      { meta: { stars: 100, language: 'TypeScript', pushedAt: new Date().toISOString(), description: `An ${owner}${TERM} chat app` } },
    );
  }
  env = await startDevServer({});
  const forge = new GitHubForge({ token: TOKEN, apiUrl: gh.apiUrl });
  h = await startHarness(env, {
    forge,
    discovery: { github: new GitHubDiscovery(createGitHubClient({ token: TOKEN, apiUrl: gh.apiUrl }), { perPage: 50 }) },
  });
}, 120_000);

afterAll(async () => {
  await h?.stop();
  await env?.teardown();
  await gh?.stop();
});

/** The bot's open PR upstream in `owner/name` and its tracker (6-hour polls: every look here is asked for). */
async function tracked(owner: string, name: string) {
  const pr = gh.addPull(owner, name, {
    title: 'Add Helicone',
    body: 'b',
    state: 'open',
    head: { owner: gh.botLogin, name, ref: 'helicone/integration-x' },
    base: 'main',
    user: gh.botLogin,
  });
  const integrationId = `optouts-${process.pid}-${++n}`;
  const url = `${gh.baseUrl}/${owner}/${name}/pull/${pr.number}`;
  const tracker = await env.client.workflow.start(pullRequestTrackerWorkflow, {
    taskQueue: TASK_QUEUE,
    workflowId: trackerWorkflowId(integrationId),
    args: [{ integrationId, repo: { owner, name }, number: pr.number, url }],
  });
  await until(
    () => tracker.query(getPullRequestTrackingQuery),
    (t) => t.checks >= 1 && t.conversation !== undefined,
  );
  const look = async (ok: (t: PullRequestTracking) => boolean) => {
    await tracker.signal(checkPullRequestNowSignal);
    return until(() => tracker.query(getPullRequestTrackingQuery), ok);
  };
  return { pr, tracker, integrationId, look };
}

async function discover(owner: string): Promise<DiscoveryResult> {
  const handle = await env.client.workflow.start(discoveryWorkflow, {
    taskQueue: TASK_QUEUE,
    workflowId: `optouts-discovery-${++n}`,
    args: [{ minStars: 10, limit: 5, inactiveDays: 365, optOut: [], query: `${owner}${TERM}` }],
  });
  await handle.result();
  return handle.query(discoveryResultQuery);
}

const exclusion = (r: DiscoveryResult, owner: string, name: string) => r.excluded.find((e) => e.owner === owner && e.name === name);

it("keeps a preview of each maintainer message in the tracker's query and the full text under DATA_DIR, not in history", async () => {
  const { pr, tracker, integrationId, look } = await tracked('talk', 'app');
  const long = `Why does this need a new environment variable? ${'We already configure the client in one place. '.repeat(8)}THE-END-MARKER`;
  await h.deps.forge.commentOnPullRequest({ owner: 'talk', name: 'app' }, pr.number, 'A comment by the bot itself.');
  const at = (s: number) => new Date(Date.now() + s * 1000).toISOString();
  gh.maintainerSays('talk', 'app', pr.number, { comment: long, user: 'alice', at: at(0) });
  gh.maintainerSays('talk', 'app', pr.number, {
    lineComment: 'Read it from settings here.',
    path: 'src/ai.ts',
    line: 2,
    user: 'bob',
    at: at(1),
  });
  gh.maintainerSays('talk', 'app', pr.number, { review: 'COMMENTED', body: '', user: 'bob', at: at(2) });

  const t = await look((x) => (x.conversation?.total ?? 0) >= 3);
  const messages = t.conversation!.messages;
  expect(messages.map((m) => [m.kind, m.author])).toEqual([
    ['comment', 'alice'],
    ['review_comment', 'bob'],
    ['review', 'bob'],
  ]);
  const [comment, line, review] = messages as [(typeof messages)[0], (typeof messages)[0], (typeof messages)[0]];
  expect(comment.preview.length).toBeLessThanOrEqual(PREVIEW_CHARS);
  expect(comment.preview.startsWith('Why does this need a new environment variable?')).toBe(true);
  expect(comment.url).toMatch(new RegExp(`/talk/app/pull/${pr.number}#issuecomment-\\d+$`));
  expect(line).toMatchObject({ path: 'src/ai.ts', line: 2, preview: 'Read it from settings here.' });
  expect(review).toMatchObject({ reviewState: 'commented', preview: '(commented)' });
  expect(comment.refusal).toBeUndefined();
  expect(t.neverAgain ?? []).toEqual([]);
  // The full text is a file under DATA_DIR, referenced from the preview.
  expect(comment.textRef).toMatch(new RegExp(`^artifacts/${integrationId}/conversation/`));
  const stored = JSON.parse(await fs.readFile(path.join(h.dataDir, comment.textRef!), 'utf8')) as { body: string; author: string };
  expect(stored).toMatchObject({ body: long, author: 'alice' });
  const history = JSON.stringify(await tracker.fetchHistory());
  expect(history).not.toContain('THE-END-MARKER');

  // A second look reads only what is new.
  gh.maintainerSays('talk', 'app', pr.number, { comment: 'Any news?', user: 'alice', at: at(3) });
  const again = await look((x) => (x.conversation?.total ?? 0) >= 4);
  expect(again.conversation!.total).toBe(4);
  expect(again.conversation!.messages.map((m) => m.preview).at(-1)).toBe('Any news?');
  expect(again.state).toBe('open');
}, 120_000);

it('a refusal puts the repository on the never-again list, and discovery drops it with the words and the link', async () => {
  const { pr, look } = await tracked('refuser', 'app');
  gh.maintainerSays('refuser', 'app', pr.number, {
    comment: 'Thanks, but we are not interested. Please stop sending these.',
    user: 'carol',
  });
  const t = await look((x) => (x.neverAgain ?? []).length > 0);
  expect(t.conversation!.messages.at(-1)!.refusal).toBe('repository');
  const url = t.conversation!.messages.at(-1)!.url;
  expect(t.neverAgain).toEqual([
    expect.objectContaining({
      scope: 'repository',
      owner: 'refuser',
      name: 'app',
      source: 'refusal',
      url,
      reason: expect.stringContaining('@carol'),
    }),
  ]);
  // The entry is a running workflow with its key in the OptOut attribute.
  const entry = env.client.workflow.getHandle('never-again-refuser/app');
  expect((await entry.describe()).typedSearchAttributes.get(optOutKey)).toBe('refuser/app');

  const r = await discover('refuser');
  expect(exclusion(r, 'refuser', 'app')).toMatchObject({ reason: 'never_again' });
  expect(exclusion(r, 'refuser', 'app')!.detail).toContain('we are not interested');
  expect(exclusion(r, 'refuser', 'app')!.detail).toContain(url);
  // Only that repository: the owner's other one is still a candidate.
  expect(r.ranked.map((x) => `${x.owner}/${x.name}`)).toEqual(['refuser/other']);
  expect(t.state).toBe('open');
}, 120_000);

it('a refusal that names the organisation drops every repository of the owner, in discovery and in campaigns', async () => {
  const { pr, look } = await tracked('acmeorg', 'app');
  gh.maintainerSays('acmeorg', 'app', pr.number, {
    review: 'CHANGES_REQUESTED',
    body: "We don't accept automated PRs for any of our repositories.",
    user: 'dan',
  });
  const t = await look((x) => (x.neverAgain ?? []).length > 0);
  expect(t.neverAgain).toEqual([expect.objectContaining({ scope: 'owner', owner: 'acmeorg', source: 'refusal' })]);
  expect(t.neverAgain![0]!.name).toBeUndefined();

  const r = await discover('acmeorg');
  expect(r.ranked).toEqual([]);
  const sibling = exclusion(r, 'acmeorg', 'sibling');
  expect(sibling).toMatchObject({ reason: 'never_again' });
  expect(sibling!.detail).toContain('every repository of acmeorg');
  expect(sibling!.detail).toContain("We don't accept automated PRs for any of our repositories.");
  expect(exclusion(r, 'acmeorg', 'app')).toMatchObject({ reason: 'never_again' });

  // A campaign does not start it either, and says why.
  const campaign = await env.client.workflow.start(campaignWorkflow, {
    taskQueue: TASK_QUEUE,
    workflowId: `optouts-campaign-${++n}`,
    args: [
      {
        repositories: [
          {
            repoUrl: `${gh.baseUrl}/acmeorg/sibling`,
            repoOwner: 'acmeorg',
            repoName: 'sibling',
            integrationId: campaignIntegrationId('acmeorg', 'sibling'),
          },
        ],
        limits: DEFAULT_CAMPAIGN_LIMITS,
      },
    ],
  });
  const status = await campaign.result();
  expect(status.rows).toEqual([expect.objectContaining({ repo: 'acmeorg/sibling', state: 'never_again' })]);
  expect(status.rows[0]!.note).toContain('every repository of acmeorg');
  expect(status.rows[0]!.startedAt).toBeUndefined();
}, 120_000);

it("a reviewer's markOptOut signal, and a PR closed unmerged, put the repository on the list", async () => {
  const quiet = await tracked('quiet', 'app');
  await quiet.tracker.signal(markOptOutSignal, { scope: 'repository', reason: 'The maintainer asked us by email to stop.', by: 'rita' });
  // A malformed mark is ignored (a signal cannot be refused).
  await quiet.tracker.signal(markOptOutSignal, { scope: 'everything', reason: '' } as never);
  const marked = await until(
    () => quiet.tracker.query(getPullRequestTrackingQuery),
    (x) => (x.neverAgain ?? []).length > 0,
  );
  expect(marked.neverAgain).toEqual([
    expect.objectContaining({
      scope: 'repository',
      source: 'manual',
      by: 'rita',
      reason: 'The maintainer asked us by email to stop.',
      url: marked.url,
    }),
  ]);

  const closer = await tracked('closer', 'app');
  gh.maintainerCloses('closer', 'app', closer.pr.number);
  await closer.tracker.signal(checkPullRequestNowSignal);
  const end = await closer.tracker.result();
  expect(end.state).toBe('closed');
  expect(end.neverAgain).toEqual([expect.objectContaining({ scope: 'repository', source: 'closed', url: end.url })]);

  const found = await lookUpNeverAgain(env.client, [
    { owner: 'quiet', name: 'app' },
    { owner: 'closer', name: 'app' },
    { owner: 'closer', name: 'next' },
  ]);
  expect(found.get('quiet/app')?.reason).toBe('The maintainer asked us by email to stop.');
  expect(found.get('closer/app')?.reason).toBe('the pull request was closed without being merged');
  expect(found.has('closer/next')).toBe(false);
}, 120_000);

it('opt-out marks the owner of an ended integration by hand, lists the list, and --undo lifts the entry', async () => {
  const { pr, tracker, integrationId } = await tracked('closer', 'next');
  gh.maintainerSays('closer', 'next', pr.number, { comment: 'Merged something similar already, thanks.', user: 'erin' });
  gh.maintainerCloses('closer', 'next', pr.number, { merge: true });
  await tracker.signal(checkPullRequestNowSignal);
  expect((await tracker.result()).state).toBe('merged');

  const cli = { TEMPORAL_ADDRESS: env.address, TEMPORAL_NAMESPACE: 'default', DATA_DIR: h.dataDir, FORGE: 'local', METRICS_PORT: '' };
  const mark = await runCli(['opt-out', integrationId, '--owner', '--reason', 'Their CTO asked us not to contact them again.'], cli);
  expect(mark.stderr).toBe('');
  expect(mark.code).toBe(0);
  expect(mark.stdout).toContain('On the never-again list: closer (manual by ');
  const entry = await runningEntry(env.client, 'closer');
  expect(entry).toMatchObject({ scope: 'owner', owner: 'closer', reason: 'Their CTO asked us not to contact them again.', integrationId });
  // The tracker had ended: the PR link comes from its last state.
  expect(entry!.url).toBe(`${gh.baseUrl}/closer/next/pull/${pr.number}`);

  const list = await until(
    () => runCli(['opt-out', '--list'], cli),
    (r) => r.stdout.includes('Their CTO asked'),
  );
  expect(list.code).toBe(0);
  expect(list.stdout).toMatch(/^closer +\d{4}-\d\d-\d\d +manual +Their CTO asked us not to contact them again\./m);

  const undo = await runCli(['opt-out', integrationId, '--owner', '--undo'], cli);
  expect(undo.code).toBe(0);
  expect(undo.stdout).toContain('Lifted: closer may be approached again.');
  await until(
    () => runningEntry(env.client, 'closer'),
    (e) => e === undefined,
  );
  const again = await runCli(['opt-out', integrationId, '--owner', '--undo'], cli);
  expect(again.code).toBe(1);
  expect(again.stderr).toContain('closer is not on the never-again list');
}, 180_000);
