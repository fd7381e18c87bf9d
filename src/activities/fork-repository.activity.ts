import { log } from '@temporalio/activity';
import type { ForkInfo } from '../shared/types';
import type { ActivityDeps } from './deps';
import { classifyErrors } from './errors';

export interface ForkRepositoryParams {
  repoUrl: string;
  repoOwner: string;
  repoName: string;
}

/** Reads the upstream repository and finds or creates the bot's fork of it (idempotent by the forge's contract). */
export function forkRepositoryActivity(deps: ActivityDeps) {
  return async function forkRepository(params: ForkRepositoryParams): Promise<ForkInfo> {
    return classifyErrors(async () => {
      const locator = { owner: params.repoOwner, name: params.repoName, url: params.repoUrl };
      const upstream = await deps.forge.getRepository(locator);
      log.info(`Upstream ${params.repoOwner}/${params.repoName}: default branch ${upstream.defaultBranch} at ${upstream.headSha.slice(0, 10)}`);
      const fork = await deps.forge.ensureFork(locator);
      log.info(`Fork ready: ${fork.coords.owner}/${fork.coords.name}`);
      return { upstream: upstream.coords, fork: fork.coords, defaultBranch: upstream.defaultBranch, baseSha: upstream.headSha };
    });
  };
}
