/**
 * Replays every recorded history against the current workflow code: a change that is not deterministic (reordered
 * activities, a new timer without patching) makes this fail. The histories were recorded with the code of their
 * time (happy paths; a feedback round from before `identical-version`, whose v2 was identical to v1; the review loop
 * through `submitReview`), so they prove integrations started then still run; the tracker and the campaign have one
 * each from before their opt-out patches and ones through them. Add one with `npm run record-history` only for an
 * intended, versioned change.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { Worker } from '@temporalio/worker';
import { expect, it } from 'vitest';
import { workflowBundle } from '../helpers/integration-harness';

const HISTORIES = path.join(__dirname, '..', 'fixtures', 'histories');

it('replays every recorded history without non-determinism', async () => {
  const files = (await fs.readdir(HISTORIES)).filter((f) => f.endsWith('.json'));
  expect(files.length).toBeGreaterThan(0);
  for (const file of files) {
    const history = historyFromJSON(JSON.parse(await fs.readFile(path.join(HISTORIES, file), 'utf8')));
    await expect(Worker.runReplayHistory({ workflowBundle: await workflowBundle(), replayName: file }, history)).resolves.toBeUndefined();
  }
});

it('detects a workflow that no longer matches the recorded history', async () => {
  const file = (await fs.readdir(HISTORIES)).find((f) => f.endsWith('.json'))!;
  const json = JSON.parse(await fs.readFile(path.join(HISTORIES, file), 'utf8')) as {
    events: { activityTaskScheduledEventAttributes?: { activityType?: { name: string } } }[];
  };
  // Rename the first scheduled activity: the current code schedules something else at that point.
  const event = json.events.find((e) => e.activityTaskScheduledEventAttributes)!;
  event.activityTaskScheduledEventAttributes!.activityType!.name = 'somethingElse';
  await expect(Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, historyFromJSON(json))).rejects.toThrow();
});

it('keeps a history of each side of the proof patch: one without the proof, one through proveChange', async () => {
  const files = (await fs.readdir(HISTORIES)).filter((f) => f.endsWith('.json'));
  const activities = async (file: string) =>
    (
      JSON.parse(await fs.readFile(path.join(HISTORIES, file), 'utf8')) as {
        events: { activityTaskScheduledEventAttributes?: { activityType?: { name: string } } }[];
      }
    ).events
      .map((e) => e.activityTaskScheduledEventAttributes?.activityType?.name)
      .filter(Boolean);
  const withProof = [];
  for (const f of files) if ((await activities(f)).includes('proveChange')) withProof.push(f);
  expect(withProof.sort()).toEqual(['happy-path-local-reports.json', 'happy-path-proof.json']);
  // The proof runs between the push and the review PR.
  const order = await activities('happy-path-proof.json');
  expect(order.indexOf('pushBranch')).toBeLessThan(order.indexOf('proveChange'));
  expect(order.indexOf('proveChange')).toBeLessThan(order.indexOf('openReviewPullRequest'));
});

it('keeps histories of each side of the tracker and campaign patches (conversation, never-again list, stale close)', async () => {
  const activities = async (file: string) =>
    (
      JSON.parse(await fs.readFile(path.join(HISTORIES, file), 'utf8')) as {
        events: { activityTaskScheduledEventAttributes?: { activityType?: { name: string } } }[];
      }
    ).events
      .map((e) => e.activityTaskScheduledEventAttributes?.activityType?.name)
      .filter(Boolean);
  expect(await activities('tracker-2026-12.json')).toEqual(['checkPullRequest', 'checkPullRequest', 'checkPullRequest']);
  const conversation = await activities('tracker-conversation.json');
  expect(conversation).toContain('readPullRequestConversation');
  expect(conversation.at(-1)).toBe('addToNeverAgainList');
  expect((await activities('tracker-stale.json')).at(-1)).toBe('closeStalePullRequest');
  // The inbox's updates: a reply, then a close (patch tracker-inbox); the histories before it have neither.
  const inbox = await activities('tracker-inbox.json');
  expect(inbox.filter((a) => a === 'replyOnPullRequest' || a === 'closeFromInbox')).toEqual(['replyOnPullRequest', 'closeFromInbox']);
  expect(await activities('tracker-conversation.json')).not.toContain('replyOnPullRequest');
  // `UpstreamPrSince` beside each state (patch tracker-state-since): only the history recorded with it upserts it.
  const upsertsSince = async (file: string) => (await fs.readFile(path.join(HISTORIES, file), 'utf8')).includes('"UpstreamPrSince"');
  expect(await upsertsSince('tracker-state-since.json')).toBe(true);
  expect(await upsertsSince('tracker-inbox.json')).toBe(false);
  // State changes noted by a local activity (patch status-reports-local): no report goes through the task queue
  // without a status endpoint; the histories before it schedule reportStatus at every change.
  expect(await activities('happy-path-local-reports.json')).not.toContain('reportStatus');
  expect(await fs.readFile(path.join(HISTORIES, 'happy-path-local-reports.json'), 'utf8')).toContain('core_local_activity');
  expect(await activities('happy-path-2026-12.json')).toContain('reportStatus');
  expect(await activities('campaign-2026-12.json')).not.toContain('campaignNeverAgain');
  expect(await activities('campaign-never-again.json')).toContain('campaignNeverAgain');
});

it('keeps the ask-first histories: a campaign through its patch, and a proposal answered yes that starts its integration', async () => {
  const read = async (file: string) => JSON.stringify(JSON.parse(await fs.readFile(path.join(HISTORIES, file), 'utf8')));
  const campaign = await read('ask-first-campaign.json');
  // The patch markers' ids are JSON in base64 payloads.
  const patches = (
    JSON.parse(campaign) as {
      events: { markerRecordedEventAttributes?: { details?: { 'patch-data'?: { payloads?: { data?: string }[] } } } }[];
    }
  ).events.flatMap((e) =>
    (e.markerRecordedEventAttributes?.details?.['patch-data']?.payloads ?? []).map(
      (p) => (JSON.parse(Buffer.from(p.data ?? '', 'base64').toString()) as { id: string }).id,
    ),
  );
  expect(patches).toEqual(['campaign-never-again', 'campaign-ask-first']);
  expect(campaign).toContain('"askFirstWorkflow"');
  const ask = await read('ask-first.json');
  for (const step of ['previewIntegration', 'openProposalIssue', 'readProposalAnswer', '"repositoryIntegrationWorkflow"'])
    expect(ask).toContain(step);
  // Two looks at least, with the timer between them.
  expect(ask.match(/"readProposalAnswer"/g)!.length).toBeGreaterThanOrEqual(2);
  expect(ask).toContain('timerStartedEventAttributes');
});
