import { log } from '@temporalio/activity';
import { ensureClone } from '../adapters/git/workspace';
import type { ForkInfo, RepositoryAnalysis } from '../shared/types';
import { analyzeRepository } from './analyze-repository';
import { workspaceDir, type ActivityDeps } from './deps';
import { classifyErrors } from './errors';

export interface CloneRepositoryParams {
  integrationId: string;
  fork: ForkInfo;
}

/**
 * Clones the fork onto this worker (or refreshes an existing clone) and analyses it. Later activities call
 * `ensureClone` again, so a different worker can pick the integration up from the fork alone.
 */
export function cloneRepositoryActivity(deps: ActivityDeps) {
  return async function cloneRepository(params: CloneRepositoryParams): Promise<RepositoryAnalysis> {
    return classifyErrors(async () => {
      const dir = workspaceDir(deps, params.integrationId);
      log.info(`git clone ${params.fork.fork.owner}/${params.fork.fork.name} -> ${dir}`);
      // Only the default branch, shallow over the network (see CLONE_DEPTH); a clone already holding the base is kept.
      await ensureClone({
        cloneUrl: params.fork.fork.cloneUrl,
        dir,
        auth: deps.forge.gitAuth(),
        branch: params.fork.defaultBranch,
        need: params.fork.baseSha,
      });
      const analysis = await analyzeRepository(dir, { repoName: params.fork.upstream.name });
      log.info(
        `Analysis: ${analysis.files} files, languages ${JSON.stringify(analysis.languages)}, ${analysis.kind}: ${analysis.kindEvidence}`,
      );
      return analysis;
    });
  };
}
