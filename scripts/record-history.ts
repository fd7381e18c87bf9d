/**
 * Records a history for the replay test: runs the sample app to `completed` on a fresh dev server with the codemod
 * and writes the history as JSON to test/fixtures/histories/<name>.json
 * (`npm run record-history -- <name> [scenario]`, default happy-path). Scenarios:
 * - `happy` (default): v1 approved through the `submitReview` update, as the CLI and the dashboard send it;
 * - `feedback-without-change`: v1 rejected with feedback through the `reviewChanges` signal (the Temporal UI's way;
 *   the update would refuse it), which the codemod cannot act on, so no v2 is published and v1 goes back to review
 *   with a comment on its PR; then v1 approved through the update. It holds every command of the review loop.
 * - `tracker`: a pullRequestTrackerWorkflow on an open PR of the local forge, polling every 2 seconds: it looks, its
 *   timer fires, it looks again, then a maintainer refuses in a comment and closes the PR and the tracker ends
 *   (history of the upstream PR tracker, not of an integration; with the conversation patch it reads the refusal and
 *   writes the never-again list);
 * - `tracker-stale`: the same tracker with `staleAfter` 5 seconds: nobody answers, it closes the PR with its comment;
 * - `tracker-inbox`: the tracker, a maintainer's question, a reply through the `replyToPullRequest` update (the
 *   inbox's), then a close through `closePullRequest`, and the tracker ends (patch `tracker-inbox`);
 * - `campaign`: a campaignWorkflow of one repository, to its end (the child awaits its review), and one whose owner
 *   is on the never-again list (with the never-again patch it is not started).
 * - `ask-first`: a campaignWorkflow of one repository with `askFirst` (it starts the proposal and ends: written as
 *   `<name>-campaign`), and that askFirstWorkflow: preview, issue, a look, a timer, a maintainer's yes on the local
 *   forge, the integration started (written as `<name>`).
 * Run it only for an intended, patched change of the workflow's command sequence, under a new name: the old histories
 * stay, so the replay test keeps proving that integrations started before the change still run.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { startDevServer } from '../src/adapters/temporal/dev-server';
import { submitReview } from '../src/adapters/temporal/submit-review';
import { startIntegration } from '../src/cli/start-integration';
import { reviewCompleteSignal } from '../src/workflows/definitions';
import { addNeverAgain } from '../src/adapters/temporal/never-again-list';
import { DEFAULT_CAMPAIGN_LIMITS } from '../src/shared/campaign-types';
import { TASK_QUEUE } from '../src/shared/types';
import { campaignIntegrationId } from '../src/shared/workflow-ids';
import { campaignWorkflow, pullRequestTrackerWorkflow } from '../src/workflows';
import {
  checkPullRequestNowSignal,
  closePullRequestUpdate,
  getPullRequestTrackingQuery,
  replyToPullRequestUpdate,
  trackerWorkflowId,
} from '../src/workflows/pull-request-tracker-definitions';
import { askFirstWorkflowId } from '../src/shared/ask-first-types';
import { askFirstStatusQuery, checkProposalNowSignal } from '../src/workflows/ask-first-definitions';
import { makeRepo, sampleAppRepo } from '../test/helpers/fixture-repos';
import { awaitingReview, inputFor, startHarness, waitFor, type Harness } from '../test/helpers/integration-harness';
import { testProof } from '../test/helpers/proof-sandbox';

const SCENARIOS = ['happy', 'feedback-without-change', 'tracker', 'tracker-stale', 'tracker-inbox', 'campaign', 'ask-first'] as const;

async function main() {
  const name = process.argv[2] ?? 'happy-path';
  const scenario = process.argv[3] ?? 'happy';
  if (!/^[a-z0-9-]+$/.test(name)) throw new Error(`History name "${name}": use lowercase letters, digits and dashes`);
  if (!(SCENARIOS as readonly string[]).includes(scenario)) throw new Error(`Scenario "${scenario}": one of ${SCENARIOS.join(', ')}`);
  const env = await startDevServer({});
  if (scenario !== 'happy' && scenario !== 'feedback-without-change') {
    const h = await startHarness(env);
    try {
      const history =
        scenario === 'campaign'
          ? await recordCampaign(h, name)
          : scenario === 'ask-first'
            ? await recordAskFirst(h, name)
            : scenario === 'tracker-inbox'
              ? await recordTrackerInbox(h, name)
              : await recordTracker(h, name, scenario === 'tracker-stale');
      await write(name, history, scenario);
    } finally {
      await h.stop();
      await env.teardown();
    }
    return;
  }
  // With the proof on (the real sandbox, offline), as a worker runs it by default.
  const h = await startHarness(env, { proof: await testProof() });
  try {
    const handle = await startIntegration(env.client, inputFor(await sampleAppRepo(), { integrationId: `recorded-${name}` }));
    await waitFor(handle, awaitingReview(1), 180_000);
    if (scenario === 'feedback-without-change') {
      await handle.signal(reviewCompleteSignal, {
        approved: false,
        feedback: 'Please read the key from our config module.',
        reviewer: 'recorder',
      });
      await waitFor(handle, (s) => /^v2 not published/.test(s.message) || ['completed', 'rejected', 'failed'].includes(s.state));
    }
    const outcome = await submitReview(env.client, handle.workflowId, { approved: true, reviewer: 'recorder' });
    if (!outcome.accepted) throw new Error(`The approval was refused: ${outcome.reason}`);
    const result = await handle.result();
    if (result.state !== 'completed') throw new Error(`Ended ${result.state}: ${result.message}`);
    await write(name, await handle.fetchHistory(), scenario);
  } finally {
    await h.stop();
    await env.teardown();
  }
}

type History = Awaited<ReturnType<WorkflowHandle['fetchHistory']>>;

async function write(name: string, history: History, scenario: string): Promise<void> {
  const out = path.join(__dirname, '..', 'test', 'fixtures', 'histories', `${name}.json`);
  await fs.writeFile(out, historyToJSON(history));
  console.log(`Wrote ${out} (${history.events?.length} events, scenario ${scenario})`);
}

async function until<T>(what: string, fn: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 60_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (ok(v)) return v;
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}; last ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The tracker answered from the inbox: a maintainer asks, a reviewer replies, then closes the PR. */
async function recordTrackerInbox(h: Harness, name: string): Promise<History> {
  const dir = await makeRepo('tracked', { 'README.md': '# app\n' });
  const repo = { owner: 'up', name: path.basename(dir) };
  await h.forge.getRepository({ ...repo, url: dir });
  const pr = await h.forge.ensurePullRequest({ repo, head: { ...repo, branch: 'trunk' }, base: 'trunk', title: 't', body: 'b' });
  const id = `recorded-${name}`;
  const tracker = await h.env.client.workflow.start(pullRequestTrackerWorkflow, {
    taskQueue: TASK_QUEUE,
    workflowId: trackerWorkflowId(id),
    args: [{ integrationId: id, repo, number: pr.number, url: pr.url, pollInterval: '1 hour' }],
  });
  await h.forge.maintainerComment(repo, pr.number, 'Does this change anything without the key?', 'maintainer');
  await tracker.signal(checkPullRequestNowSignal);
  await until(
    'the question',
    () => tracker.query(getPullRequestTrackingQuery),
    (t) => (t.conversation?.total ?? 0) >= 1,
  );
  await tracker.executeUpdate(replyToPullRequestUpdate, { args: [{ body: 'No: without the key nothing changes.', by: 'recorder' }] });
  await tracker.executeUpdate(closePullRequestUpdate, { args: [{ body: 'Closing, thank you for looking!', by: 'recorder' }] });
  const end = await tracker.result();
  if (!end.closedFromInbox) throw new Error(`The tracker ended ${end.state}: ${end.ended}`);
  return tracker.fetchHistory();
}

/**
 * The tracker on an open PR of the local forge: two looks (the second after its timer), then a maintainer's refusal
 * and the close; or (`stale`) nobody answers and the tracker closes the PR itself.
 */
async function recordTracker(h: Harness, name: string, stale: boolean): Promise<History> {
  const dir = await makeRepo('tracked', { 'README.md': '# app\n' });
  const repo = { owner: 'up', name: path.basename(dir) };
  await h.forge.getRepository({ ...repo, url: dir });
  const pr = await h.forge.ensurePullRequest({ repo, head: { ...repo, branch: 'trunk' }, base: 'trunk', title: 't', body: 'b' });
  const id = `recorded-${name}`;
  const tracker = await h.env.client.workflow.start(pullRequestTrackerWorkflow, {
    taskQueue: TASK_QUEUE,
    workflowId: trackerWorkflowId(id),
    args: [
      { integrationId: id, repo, number: pr.number, url: pr.url, pollInterval: '2 seconds', ...(stale ? { staleAfter: '5 seconds' } : {}) },
    ],
  });
  await until(
    'two looks',
    () => tracker.query(getPullRequestTrackingQuery),
    (t) => t.checks >= 2,
  );
  if (!stale) {
    await h.forge.maintainerComment(repo, pr.number, 'Thanks, but we are not interested in this. Please stop sending these.', 'maintainer');
    await h.forge.reviewPullRequest(repo, pr.number, 'closed');
    await tracker.signal(checkPullRequestNowSignal);
  }
  const end = await tracker.result();
  if (end.state !== 'closed') throw new Error(`The tracker ended ${end.state}`);
  return tracker.fetchHistory();
}

/** A campaign of two repositories, to its end: one reaches its review, the other's owner is on the never-again list. */
async function recordCampaign(h: Harness, name: string): Promise<History> {
  const dir = await sampleAppRepo();
  const repoName = path.basename(dir);
  await addNeverAgain(h.env.client, {
    scope: 'owner',
    owner: 'refused',
    reason: 'recorded',
    at: new Date().toISOString(),
    source: 'manual',
  });
  const handle = await h.env.client.workflow.start(campaignWorkflow, {
    taskQueue: TASK_QUEUE,
    workflowId: `recorded-${name}`,
    args: [
      {
        repositories: [
          { repoUrl: dir, repoOwner: 'local', repoName, integrationId: campaignIntegrationId('local', repoName) },
          { repoUrl: dir, repoOwner: 'refused', repoName, integrationId: campaignIntegrationId('refused', repoName) },
        ],
        limits: DEFAULT_CAMPAIGN_LIMITS,
        pollInterval: '2 seconds',
      },
    ],
  });
  const status = await handle.result();
  if (status.rows[0]?.state !== 'awaiting_review') throw new Error(`The campaign ended with ${JSON.stringify(status.rows)}`);
  return handle.fetchHistory();
}

/** A campaign that asks first, and its proposal answered yes on the local forge (the integration is started). */
async function recordAskFirst(h: Harness, name: string): Promise<History> {
  const dir = await sampleAppRepo();
  const repoName = path.basename(dir);
  const integration = { repoUrl: dir, repoOwner: 'local', repoName, integrationId: campaignIntegrationId('local', repoName) };
  const campaign = await h.env.client.workflow.start(campaignWorkflow, {
    taskQueue: TASK_QUEUE,
    workflowId: `recorded-${name}`,
    args: [{ repositories: [integration], limits: DEFAULT_CAMPAIGN_LIMITS, askFirst: { timeout: '14 days', pollEvery: '2 seconds' } }],
  });
  const status = await campaign.result();
  if (status.rows[0]?.state !== 'asked') throw new Error(`The campaign ended with ${JSON.stringify(status.rows)}`);
  await write(`${name}-campaign`, await campaign.fetchHistory(), 'ask-first');
  const ask = h.env.client.workflow.getHandle(askFirstWorkflowId(integration.integrationId));
  const asked = await until(
    'the proposal',
    () => ask.query(askFirstStatusQuery),
    (s) => s.state === 'asked' && s.looks >= 2,
  );
  await h.forge.maintainerOnIssue({ owner: 'local', name: repoName }, asked.issue!.number, { comment: 'Yes, go ahead.' });
  await ask.signal(checkProposalNowSignal);
  const end = await ask.result();
  if (end.state !== 'accepted') throw new Error(`The proposal ended ${end.state}`);
  return ask.fetchHistory();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
