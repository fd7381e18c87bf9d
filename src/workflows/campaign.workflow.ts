/**
 * A campaign: one integration per repository, as child workflows with a fixed id per repository (Temporal refuses a
 * second one, so a repository listed twice, or integrated by an earlier campaign, is integrated once). It starts them
 * within three limits: integrations in progress at once (a child stops counting when it awaits review or ends:
 * humans may take days), and starts per rolling hour and per rolling day (each start opens a PR). Pause, resume and
 * cancel are signals; cancel starts no more and leaves started integrations alone. Waiting costs nothing: timers,
 * and a look at the children only while a slot is awaited.
 */
import {
  ApplicationFailure,
  condition,
  continueAsNew,
  ParentClosePolicy,
  patched,
  proxyActivities,
  setHandler,
  startChild,
  WorkflowIdReusePolicy,
  workflowInfo,
} from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import type { createActivities } from '../activities';
import type {
  CampaignInput,
  CampaignLimits,
  CampaignProgress,
  CampaignRow,
  CampaignRowState,
  CampaignStatus,
} from '../shared/campaign-types';
import { askFirstWorkflowId } from '../shared/ask-first-types';
import { FailureType } from '../shared/failures';
import { RETRY_POLICIES } from '../shared/retry-budgets';
import type { IntegrationInput } from '../shared/types';
import { workflowIdFor } from '../shared/workflow-ids';
import { campaignStatusQuery, cancelCampaignSignal, pauseCampaignSignal, resumeCampaignSignal } from './campaign-definitions';
import { askFirstWorkflow } from './ask-first.workflow';
import { repositoryKey } from './definitions';
import { repositoryIntegrationWorkflow } from './repository-integration.workflow';

type Activities = ReturnType<typeof createActivities>;

const { campaignChildStates, campaignNeverAgain } = proxyActivities<Activities>({
  startToCloseTimeout: '2 minutes',
  retry: RETRY_POLICIES.campaignChildStates,
});

/** Patch id of ask first: a proposal child instead of the integration (campaigns started before it replay unchanged). */
export const CAMPAIGN_ASK_FIRST_PATCH = 'campaign-ask-first';

/** Patch id of the never-again check before each start (campaigns started before it replay unchanged). */
export const CAMPAIGN_NEVER_AGAIN_PATCH = 'campaign-never-again';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** States in which a child still does unattended work (and so holds a concurrency slot). */
const IN_PROGRESS: ReadonlySet<CampaignRowState> = new Set([
  'forking',
  'cloning',
  'integrating',
  'pushing',
  'creating_review_pr',
  'creating_pr',
]);

export async function campaignWorkflow(input: CampaignInput): Promise<CampaignStatus> {
  const limits = checkLimits(input.limits);
  const inputs = new Map<string, IntegrationInput>();
  for (const r of input.repositories) if (!inputs.has(workflowIdFor(r.integrationId))) inputs.set(workflowIdFor(r.integrationId), r);
  if (!inputs.size) throw ApplicationFailure.nonRetryable('A campaign needs at least one repository', FailureType.InvalidInput);
  const progress: CampaignProgress = input.carried ?? {
    rows: [...inputs.entries()].map(([workflowId, r]) => ({
      workflowId,
      repo: `${r.repoOwner}/${r.repoName}`.toLowerCase(),
      state: 'pending',
    })),
    paused: false,
    cancelled: false,
    maxInProgress: 0,
  };
  setHandler(pauseCampaignSignal, () => void (progress.paused = true));
  setHandler(resumeCampaignSignal, () => void (progress.paused = false));
  setHandler(cancelCampaignSignal, () => void (progress.cancelled = true));
  setHandler(campaignStatusQuery, () => statusOf(progress, limits));
  const pollMs = input.pollInterval ?? '2 minutes';
  const interrupted = () => progress.paused || progress.cancelled;

  for (;;) {
    const next = progress.rows.find((r) => r.state === 'pending');
    if (!next || progress.cancelled) break;
    if (progress.paused) {
      await condition(() => !progress.paused || progress.cancelled);
      continue;
    }
    let active = progress.rows.filter((r) => IN_PROGRESS.has(r.state));
    if (active.length >= limits.concurrency) {
      // Proposals answered meanwhile may have become integrations (which count) or ended.
      await refresh(progress, [...active, ...progress.rows.filter((r) => r.state === 'asked')]);
      active = progress.rows.filter((r) => IN_PROGRESS.has(r.state));
      if (active.length >= limits.concurrency) {
        await condition(interrupted, pollMs);
        continue;
      }
    }
    const wait = capWait(progress.rows, Date.now(), limits);
    if (wait > 0) {
      await condition(interrupted, wait);
      continue;
    }
    // Asked at each start, not once: a refusal elsewhere while the campaign runs (same owner) counts from then on.
    if (patched(CAMPAIGN_NEVER_AGAIN_PATCH)) {
      const why = (await campaignNeverAgain([next.repo]))[next.repo];
      if (why) {
        next.state = 'never_again';
        next.note = why;
        continue;
      }
    }
    // A proposal counts against the hourly and daily caps (an issue is an unsolicited contact too), but holds no
    // concurrency slot while it waits: maintainers take days. Its integration, once accepted, is started by the
    // proposal right away (the maintainer asked for it), and holds a slot while it works like any other.
    if (input.askFirst && patched(CAMPAIGN_ASK_FIRST_PATCH)) await ask(next, inputs.get(next.workflowId)!, input.askFirst);
    else await start(next, inputs.get(next.workflowId)!);
    if (next.startedAt) progress.maxInProgress = Math.max(progress.maxInProgress, active.length + 1);
    if (workflowInfo().continueAsNewSuggested) await continueAsNew<typeof campaignWorkflow>({ ...input, carried: progress });
  }
  for (const r of progress.rows) if (r.state === 'pending') r.state = 'cancelled';
  // Ends once every started integration has left its unattended phase, so the result's counts are settled states.
  await refresh(
    progress,
    progress.rows.filter((r) => r.startedAt),
  );
  while (progress.rows.some((r) => IN_PROGRESS.has(r.state))) {
    await condition(() => false, pollMs);
    await refresh(
      progress,
      progress.rows.filter((r) => IN_PROGRESS.has(r.state)),
    );
  }
  return statusOf(progress, limits);
}

async function start(row: CampaignRow, input: IntegrationInput): Promise<void> {
  try {
    await startChild(repositoryIntegrationWorkflow, {
      workflowId: row.workflowId,
      args: [input],
      // The integration outlives the campaign (it waits days for a review) and never runs twice for one id.
      parentClosePolicy: ParentClosePolicy.ABANDON,
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      typedSearchAttributes: [{ key: repositoryKey, value: row.repo }],
    });
    row.state = 'forking';
    row.startedAt = new Date().toISOString();
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    row.state = 'duplicate';
    row.note = 'an integration of this repository already exists (an earlier campaign or run): not started again';
  }
}

async function ask(row: CampaignRow, integration: IntegrationInput, opts: NonNullable<CampaignInput['askFirst']>): Promise<void> {
  const workflowId = askFirstWorkflowId(integration.integrationId);
  try {
    await startChild(askFirstWorkflow, {
      workflowId,
      args: [{ integration, timeout: opts.timeout, ...(opts.pollEvery ? { pollEvery: opts.pollEvery } : {}) }],
      // The proposal waits up to ASK_FIRST_TIMEOUT for its answer, after the campaign has ended; asked once per repository.
      parentClosePolicy: ParentClosePolicy.ABANDON,
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      typedSearchAttributes: [{ key: repositoryKey, value: row.repo }],
    });
    row.state = 'asked';
    row.askWorkflowId = workflowId;
    row.startedAt = new Date().toISOString();
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    row.state = 'duplicate';
    row.note = 'this repository was already asked (an earlier campaign): not asked again';
  }
}

async function refresh(progress: CampaignProgress, rows: CampaignRow[]): Promise<void> {
  if (!rows.length) return;
  // A proposal's row is read through its ask-first workflow, which answers with its integration's state once accepted.
  const idOf = (r: CampaignRow) => r.askWorkflowId ?? r.workflowId;
  const states = await campaignChildStates(rows.map(idOf));
  for (const r of rows) {
    const s = states[idOf(r)];
    if (s && s !== 'unknown') r.state = s;
  }
}

/** Milliseconds until one more start fits in the rolling hour and day windows; 0 when it fits now. */
export function capWait(rows: CampaignRow[], now: number, limits: CampaignLimits): number {
  const starts = rows.flatMap((r) => (r.startedAt ? [Date.parse(r.startedAt)] : [])).sort((a, b) => a - b);
  const within = (ms: number) => starts.filter((t) => t > now - ms);
  const hour = within(HOUR);
  const day = within(DAY);
  let wait = 0;
  // The start that must leave the window before another fits is the cap-th most recent one.
  if (hour.length >= limits.prsPerHour) wait = Math.max(wait, hour[hour.length - limits.prsPerHour]! + HOUR - now);
  if (day.length >= limits.prsPerDay) wait = Math.max(wait, day[day.length - limits.prsPerDay]! + DAY - now);
  return wait;
}

function checkLimits(l: CampaignLimits): CampaignLimits {
  const ok = (n: unknown, max: number) => Number.isInteger(n) && (n as number) >= 1 && (n as number) <= max;
  if (!l || !ok(l.concurrency, 100) || !ok(l.prsPerHour, 1000) || !ok(l.prsPerDay, 10_000)) {
    throw ApplicationFailure.nonRetryable(
      `Invalid campaign limits ${JSON.stringify(l)}: concurrency 1–100, prsPerHour 1–1000, prsPerDay 1–10000`,
      FailureType.InvalidInput,
    );
  }
  return l;
}

function statusOf(progress: CampaignProgress, limits: CampaignLimits): CampaignStatus {
  const counts: Record<string, number> = {};
  for (const r of progress.rows) counts[r.state] = (counts[r.state] ?? 0) + 1;
  const phase = !progress.rows.some((r) => r.state === 'pending') ? 'done' : progress.paused ? 'paused' : 'running';
  return { ...progress, limits, phase, counts };
}
