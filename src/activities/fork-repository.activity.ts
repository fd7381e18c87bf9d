import { log } from '@temporalio/activity';
import { RepositorySkippedError } from '../adapters/forge/forge-errors';
import type { Counted, ForkInfo } from '../shared/types';
import type { ActivityDeps } from './deps';
import { stagingBranch } from './deps';
import { counted } from './errors';

export interface ForkRepositoryParams {
  repoUrl: string;
  repoOwner: string;
  repoName: string;
  integrationId: string;
}

/**
 * Reads the upstream repository, refuses repositories we must not touch (archived, already approached by us), and
 * finds or creates the bot's fork (idempotent by the forge's contract).
 */
export function forkRepositoryActivity(deps: ActivityDeps) {
  return async function forkRepository(params: ForkRepositoryParams): Promise<Counted<ForkInfo>> {
    return counted(async () => {
      const locator = { owner: params.repoOwner, name: params.repoName, url: params.repoUrl };
      const upstream = await deps.forge.getRepository(locator);
      log.info(
        `Upstream ${params.repoOwner}/${params.repoName}: default branch ${upstream.defaultBranch} at ${upstream.headSha.slice(0, 10)}`,
      );
      let noUpstreamPr: boolean | undefined;
      if (deps.forge.pullRequestsByBot) {
        const ours = stagingBranch(deps, params.integrationId);
        const byBot = await deps.forge.pullRequestsByBot(locator);
        const earlier = byBot.filter((pr) => pr.head !== ours);
        if (earlier.length) {
          throw new RepositorySkippedError(
            `${params.repoOwner}/${params.repoName} already has a pull request from us (${earlier.map((p) => `${p.url} ${p.state}`).join(', ')})`,
          );
        }
        noUpstreamPr = byBot.length === 0;
      }
      // The upstream just read is handed on, so the fork step does not read it (and its default branch) again.
      const fork = await deps.forge.ensureFork(locator, upstream);
      log.info(`Fork ready: ${fork.coords.owner}/${fork.coords.name}${fork.created ? ' (created)' : ''}`);
      return {
        upstream: upstream.coords,
        fork: fork.coords,
        defaultBranch: upstream.defaultBranch,
        baseSha: upstream.headSha,
        // What the PR steps would otherwise look up (see ForkInfo).
        ...(fork.created ? { forkCreated: true } : {}),
        ...(noUpstreamPr ? { noUpstreamPr } : {}),
      };
    });
  };
}
