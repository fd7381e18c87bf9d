import fs from 'node:fs/promises';
import path from 'node:path';
import { Context, heartbeat, log } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { checkoutFreshBranch, commitAll, diff, ensureClone, ensureCommit, headSha, stagedChanges } from '../adapters/git/workspace';
import type { IntegratorOutcome } from '../adapters/integrator/integrator';
import type { ForkInfo, IntegrationAttemptResult, PolicyReport, RepositoryAnalysis } from '../shared/types';
import { verificationSummary, verifyRepository } from '../verifier/verify-repository';
import { checkDiffPolicy } from './diff-policy';
import { artifactPath, stagingBranch, workspaceDir, type ActivityDeps } from './deps';
import { classifyErrors } from './errors';
import { commitMessage } from './pr-text';

export interface IntegrateParams {
  integrationId: string;
  fork: ForkInfo;
  analysis: RepositoryAnalysis;
  attempt: number;
  feedback: string[];
  /** The agent session of the previous attempt, resumed for feedback when this worker still has it. */
  previousSessionId?: string;
}

/**
 * Runs the integrator on a fresh staging branch, checks the diff policy, and commits the result locally.
 * Attempt 1 starts from the upstream base; later attempts start from the previous version pushed to the fork, so
 * any worker can run them. Re-running it (retry, lost worker) redoes the same work from the same starting point.
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
      const previousDiff = attempt > 1 ? await diff(dir, fork.baseSha, 'HEAD') : undefined;

      const run = (policyFeedback?: string, sessionId?: string) => {
        log.info(`Running the ${deps.integrator.name} integrator (v${attempt}${policyFeedback ? ', policy retry' : ''})`);
        return deps.integrator.integrate({
          workdir: dir,
          integrationId,
          attempt,
          feedback: params.feedback,
          analysis: params.analysis,
          ...(sessionId ? { previousSessionId: sessionId } : {}),
          ...(previousDiff !== undefined ? { previousDiff } : {}),
          ...(policyFeedback ? { policyFeedback } : {}),
          log: (m) => log.info(`[${deps.integrator.name}] ${m}`),
          heartbeat: (d) => heartbeat(d),
          signal: Context.current().cancellationSignal,
        });
      };

      let outcome: IntegratorOutcome = await run(undefined, params.previousSessionId);
      let policy = await checkPolicy(deps, dir, start);
      let verification = await verifyRepository(dir, { integratorSites: outcome.sites, changedFiles: outcome.filesChanged });
      const problems = () => [
        ...policy.violations,
        ...verification.sites.filter((s) => s.verdict === 'missed').map((s) => `${s.file}:${s.line} (${s.library}) is not routed through Helicone: ${s.reason}`),
        ...verification.parseFailures.map((f) => `${f} no longer parses`),
      ];
      if (problems().length && deps.integrator.understandsFeedback) {
        // Send the work back once, with the reasons, to the same session.
        const reason = problems().join('; ');
        log.warn(`v${attempt} needs another pass: ${reason}; sending it back to the integrator once`);
        const retry = await run(reason, outcome.agent?.sessionId);
        outcome = { ...retry, ...(retry.agent && outcome.agent ? { agent: { ...retry.agent, costUsd: outcome.agent.costUsd + retry.agent.costUsd, turns: outcome.agent.turns + retry.agent.turns } } : {}) };
        policy = await checkPolicy(deps, dir, start);
        verification = await verifyRepository(dir, { integratorSites: outcome.sites, changedFiles: outcome.filesChanged });
      }
      if (policy.violations.length) {
        throw ApplicationFailure.create({
          message: `The diff policy refused the change: ${policy.violations.join('; ')}`,
          type: 'PolicyViolation',
          nonRetryable: true,
        });
      }
      if (verification.parseFailures.length) {
        throw ApplicationFailure.create({
          message: `The change breaks parsing of ${verification.parseFailures.join(', ')}`,
          type: 'PolicyViolation',
          nonRetryable: true,
        });
      }
      log.info(`Verifier: ${verificationSummary(verification)}`);

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
        integrator: outcome.integrator ?? deps.integrator.name,
        changed: sha !== undefined,
        branchDiffers,
        ...(branchDiffers ? { commitSha: head } : {}),
        filesChanged: outcome.filesChanged,
        sites: outcome.sites,
        summary: outcome.summary,
        ...(diffRef ? { diffRef } : {}),
        ...(outcome.agent ? { agent: outcome.agent } : {}),
        policy,
        verification,
      };
    });
  };
}

async function checkPolicy(deps: ActivityDeps, dir: string, start: string): Promise<PolicyReport> {
  const { entries, patch } = await stagedChanges(dir, start);
  return checkDiffPolicy(entries, patch, deps.secrets ?? []);
}
