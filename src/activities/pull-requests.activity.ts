import fs from 'node:fs/promises';
import path from 'node:path';
import { Context, log } from '@temporalio/activity';
import type { Counted, ForkInfo, IntegrationAttemptResult, IntegrationInput, PullRequestRef, RepositoryAnalysis } from '../shared/types';
import { stagingBranch, type ActivityDeps } from './deps';
import { counted } from './errors';
import { reviewBody, reviewTitle, upstreamBody, upstreamTitle } from './pr-text';

export interface ReviewPullRequestParams {
  integrationId: string;
  workflowId: string;
  fork: ForkInfo;
  attempt: number;
  result: IntegrationAttemptResult;
  feedback: string[];
}

export interface UpstreamPullRequestParams {
  integrationId: string;
  fork: ForkInfo;
  analysis: RepositoryAnalysis;
  result: IntegrationAttemptResult;
  /** The proposal issue a maintainer accepted (ask first). */
  proposal?: IntegrationInput['proposal'];
}

/**
 * Pull request activities. The forge finds a PR by its head branch before creating one, so a retry after a crash
 * updates the PR it already opened instead of opening a second.
 */
export function pullRequestActivities(deps: ActivityDeps) {
  return {
    async openReviewPullRequest(p: ReviewPullRequestParams): Promise<Counted<PullRequestRef>> {
      return counted(async () => {
        const pr = await deps.forge.ensurePullRequest({
          repo: { owner: p.fork.fork.owner, name: p.fork.fork.name },
          head: { owner: p.fork.fork.owner, name: p.fork.fork.name, branch: stagingBranch(deps, p.integrationId) },
          base: p.fork.defaultBranch,
          title: reviewTitle(p.fork, p.attempt),
          body: reviewBody({ ...p, ...(await readInterdiff(deps, p.result.interdiffRef)) }),
          // v1 in a fork this integration created: no review PR can exist yet. A retry looks first, as it may have
          // opened one already.
          ...(p.attempt === 1 && p.fork.forkCreated && firstTry() ? { expectNew: true } : {}),
        });
        log.info(`Review PR v${p.attempt}: ${pr.url}`);
        return pr;
      });
    },

    async openUpstreamPullRequest(p: UpstreamPullRequestParams): Promise<Counted<PullRequestRef>> {
      return counted(async () => {
        const pr = await deps.forge.ensurePullRequest({
          repo: { owner: p.fork.upstream.owner, name: p.fork.upstream.name },
          head: { owner: p.fork.fork.owner, name: p.fork.fork.name, branch: stagingBranch(deps, p.integrationId) },
          base: p.fork.defaultBranch,
          title: upstreamTitle(p.analysis),
          body: upstreamBody(p),
          // None from our branch when the fork step listed the bot's PRs there; a retry looks first.
          ...(p.fork.noUpstreamPr && firstTry() ? { expectNew: true } : {}),
        });
        log.info(`Upstream PR: ${pr.url}`);
        return pr;
      });
    },

    /** A comment on the review PR (a feedback round that produced no new version says so there). */
    async commentOnReviewPullRequest(p: { fork: ForkInfo; number: number; comment: string }): Promise<Counted<void>> {
      return counted(() => deps.forge.commentOnPullRequest({ owner: p.fork.fork.owner, name: p.fork.fork.name }, p.number, p.comment));
    },

    async closeReviewPullRequest(p: { fork: ForkInfo; number: number; comment: string }): Promise<Counted<void>> {
      return counted(() =>
        deps.forge.closePullRequest({ owner: p.fork.fork.owner, name: p.fork.fork.name }, p.number, p.comment, { firstTry: firstTry() }),
      );
    },
  };
}

/** The first attempt of this activity: no earlier one can have made what it makes. */
function firstTry(): boolean {
  return Context.current().info.attempt === 1;
}

/** The stored interdiff, when this worker has it (another worker's data directory may not be shared). */
async function readInterdiff(deps: ActivityDeps, ref: string | undefined): Promise<{ interdiff?: string }> {
  if (!ref) return {};
  try {
    return { interdiff: await fs.readFile(path.join(deps.config.DATA_DIR, ref), 'utf8') };
  } catch (err) {
    log.warn(`Interdiff ${ref} not readable on this worker; the review PR goes without it`, { error: String(err) });
    return {};
  }
}
