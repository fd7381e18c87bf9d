import fs from 'node:fs/promises';
import path from 'node:path';
import { heartbeat, log } from '@temporalio/activity';
import { checkoutFreshBranch, commitAll, diff, ensureClone, ensureCommit, headSha } from '../adapters/git/workspace';
import type { ForkInfo, IntegrationAttemptResult, RepositoryAnalysis } from '../shared/types';
import { commitMessage } from './pr-text';
import { artifactPath, stagingBranch, workspaceDir, type ActivityDeps } from './deps';
import { classifyErrors } from './errors';

export interface IntegrateParams {
  integrationId: string;
  fork: ForkInfo;
  analysis: RepositoryAnalysis;
  attempt: number;
  feedback: string[];
}

/**
 * Runs the integrator on a fresh staging branch and commits the result locally. Attempt 1 starts from the
 * upstream base; later attempts start from the previous version pushed to the fork, so any worker can run them.
 * Re-running it (retry, lost worker) redoes the same work from the same starting point.
 */
export function integrateActivity(deps: ActivityDeps) {
  return async function integrate(params: IntegrateParams): Promise<IntegrationAttemptResult> {
    return classifyErrors(async () => {
      const { integrationId, fork, attempt } = params;
      const dir = workspaceDir(deps, integrationId);
      const branch = stagingBranch(deps, integrationId);
      const auth = deps.forge.gitAuth();
      await ensureClone({ cloneUrl: fork.fork.cloneUrl, dir, auth });
      // A fork whose default branch could not be synced may lack the upstream base commit: fetch it from upstream.
      if (attempt === 1) await ensureCommit(dir, fork.baseSha, fork.upstream.cloneUrl, fork.defaultBranch, auth);
      const start = attempt === 1 ? fork.baseSha : `origin/${branch}`;
      log.info(`git checkout -B ${branch} ${start.slice(0, 12)}`);
      await checkoutFreshBranch(dir, branch, start);

      log.info(`Running the ${deps.integrator.name} integrator (v${attempt})`);
      const outcome = await deps.integrator.integrate({
        workdir: dir,
        integrationId,
        attempt,
        feedback: params.feedback,
        log: (m) => log.info(`[${deps.integrator.name}] ${m}`),
        heartbeat: (d) => heartbeat(d),
      });
      const author = { name: deps.config.COMMIT_AUTHOR_NAME, email: deps.config.COMMIT_AUTHOR_EMAIL };
      const sha = await commitAll(dir, commitMessage(params.analysis, attempt, params.feedback, author), author);
      const head = await headSha(dir);
      const branchDiffers = head !== fork.baseSha;
      log.info(sha ? `git commit ${sha.slice(0, 10)}: ${outcome.filesChanged.join(', ')}` : 'No files changed');

      let diffRef: string | undefined;
      if (branchDiffers) {
        const patch = await diff(dir, fork.baseSha, head);
        const artifact = artifactPath(deps, integrationId, `v${attempt}.diff`);
        await fs.mkdir(path.dirname(artifact.abs), { recursive: true });
        await fs.writeFile(artifact.abs, patch);
        diffRef = artifact.ref;
      }
      return {
        attempt,
        integrator: deps.integrator.name,
        changed: sha !== undefined,
        branchDiffers,
        ...(branchDiffers ? { commitSha: head } : {}),
        filesChanged: outcome.filesChanged,
        sites: outcome.sites,
        summary: outcome.summary,
        ...(diffRef ? { diffRef } : {}),
      };
    });
  };
}
