import { log } from '@temporalio/activity';
import { hasCommit, pushBranch } from '../adapters/git/workspace';
import type { Counted, ForkInfo } from '../shared/types';
import { stagingBranch, workspaceDir, type ActivityDeps } from './deps';
import { counted, workspaceLost } from './errors';

export interface PushBranchParams {
  integrationId: string;
  fork: ForkInfo;
  commitSha: string;
}

/**
 * Force-pushes the staging branch to the fork. Pushing the same commit twice is a no-op, so retries are safe. If
 * this worker does not hold the commit (the integrate step ran on a worker that is gone), it says so with a
 * `WorkspaceLost` failure and the workflow integrates again.
 */
export function pushBranchActivity(deps: ActivityDeps) {
  return async function pushBranchToFork(params: PushBranchParams): Promise<Counted<void>> {
    return counted(async () => {
      const dir = workspaceDir(deps, params.integrationId);
      if (!(await hasCommit(dir, params.commitSha))) {
        throw workspaceLost(`commit ${params.commitSha.slice(0, 10)} is not in ${dir} on this worker`);
      }
      const branch = stagingBranch(deps, params.integrationId);
      log.info(`git push --force ${params.fork.fork.owner}/${params.fork.fork.name} ${params.commitSha.slice(0, 10)}:${branch}`);
      await pushBranch(dir, params.fork.fork.cloneUrl, branch, {
        force: true,
        commit: params.commitSha,
        auth: deps.forge.gitAuth(),
      });
    });
  };
}
