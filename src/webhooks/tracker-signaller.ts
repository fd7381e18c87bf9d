/**
 * Asks the upstream-PR trackers of a repository to look now (`checkPullRequestNowSignal`): the running trackers are
 * found by their search attributes (one visibility query), each one's PR number by its query, and only the trackers
 * of the PRs named are signalled. The receiver depends on the interface only.
 */
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { checkPullRequestNowSignal, getPullRequestTrackingQuery } from '../workflows/pull-request-tracker-definitions';
import type { RepoRef } from './events';

export interface SignalledTracker {
  workflowId: string;
  /** The PR it tracks; absent when its query did not answer (no worker up) and it was signalled unconfirmed. */
  number?: number;
}

export interface TrackerSignaller {
  /** Signals the running trackers of `repo` that track one of `numbers` (all of them when undefined). */
  checkNow(repo: RepoRef, numbers?: readonly number[]): Promise<SignalledTracker[]>;
}

/** More trackers than this on one repository would be a bug elsewhere (one per integration id, one id per repo in a campaign). */
const MAX_TRACKERS_PER_REPO = 100;
const MAX_CACHED_RUNS = 10_000;

export class TemporalTrackerSignaller implements TrackerSignaller {
  /** A run's PR number never changes (continue-as-new starts a new run): busy CI sends many events per PR. */
  private readonly numberByRun = new Map<string, number>();

  constructor(
    private readonly client: Client,
    private readonly opts: { queryTimeoutMs?: number } = {},
  ) {}

  async checkNow(repo: RepoRef, numbers?: readonly number[]): Promise<SignalledTracker[]> {
    // The tracker records the repository lower case (GitHub names are case-insensitive); the name was checked
    // against GitHub's character set, and JSON quoting is what the other visibility queries of the project use.
    const key = `${repo.owner}/${repo.name}`.toLowerCase();
    const query = `WorkflowType = 'pullRequestTrackerWorkflow' AND ExecutionStatus = 'Running' AND Repository = ${JSON.stringify(key)}`;
    const signalled: SignalledTracker[] = [];
    let seen = 0;
    for await (const wf of this.client.workflow.list({ query })) {
      if (++seen > MAX_TRACKERS_PER_REPO) break;
      const number = await this.prNumber(wf.workflowId, wf.runId);
      if (numbers && number !== undefined && !numbers.includes(number)) continue;
      // Without a run id: a tracker that continued as new since the listing still gets the signal.
      try {
        await this.client.workflow.getHandle(wf.workflowId).signal(checkPullRequestNowSignal);
      } catch (err) {
        // It ended (merged, closed) since the listing: nothing left to look at.
        if (err instanceof WorkflowNotFoundError) continue;
        throw err;
      }
      signalled.push({ workflowId: wf.workflowId, ...(number !== undefined ? { number } : {}) });
    }
    return signalled;
  }

  /** The PR a tracker run follows, or undefined when no worker answers its query in time: then it is signalled
   * anyway, since a look at the wrong PR costs one API call and a missed look waits for the next poll. */
  private async prNumber(workflowId: string, runId: string): Promise<number | undefined> {
    const cached = this.numberByRun.get(runId);
    if (cached !== undefined) return cached;
    const timeoutMs = this.opts.queryTimeoutMs ?? 5000;
    const t = await this.client
      .withDeadline(Date.now() + timeoutMs, () => this.client.workflow.getHandle(workflowId, runId).query(getPullRequestTrackingQuery))
      .catch(() => undefined);
    if (!t) return undefined;
    if (this.numberByRun.size >= MAX_CACHED_RUNS) this.numberByRun.delete(this.numberByRun.keys().next().value!);
    this.numberByRun.set(runId, t.number);
    return t.number;
  }
}
