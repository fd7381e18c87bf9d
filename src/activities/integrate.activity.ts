import fs from 'node:fs/promises';
import path from 'node:path';
import { Context, heartbeat, log } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import {
  checkoutFreshBranch,
  commitAll,
  commitStaged,
  diff,
  diffWithPaths,
  ensureClone,
  fetchCommit,
  filesAt,
  hasCommit,
  headSha,
  restorePaths,
  softReset,
  stagedChanges,
  type StagedChanges,
} from '../adapters/git/workspace';
import { carryChanges } from '../adapters/integrator/carry-changes';
import type { IntegratorOutcome } from '../adapters/integrator/integrator';
import { proofFeedback } from '../proof/proof-text';
import { SourceSnapshot } from '../shared/source-snapshot';
import { FailureType } from '../shared/failures';
import type { ProofReport } from '../shared/proof-types';
import {
  BLOCKING_VERDICTS,
  DEFAULT_ROUTING,
  type ForkInfo,
  type IntegrationAttemptResult,
  type PolicyReport,
  type RepositoryAnalysis,
  type RoutingMode,
} from '../shared/types';
import { verificationSummary, verifyRepository } from '../verifier/verify-repository';
import { checkDiffPolicy, revertableFiles } from './diff-policy';
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
  /** The integration's routing mode; the worker's ROUTING setting when the workflow input had none. */
  routing?: RoutingMode;
  /**
   * The proof of this version found checks that newly fail: the integrator reworks the version it pushed (its
   * session resumed) with them as its one send-back, and the version stays one commit.
   */
  proofFix?: { proof: ProofReport; previous: IntegrationAttemptResult };
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
      const routing = params.routing ?? deps.config.ROUTING ?? DEFAULT_ROUTING;
      const dir = workspaceDir(deps, integrationId);
      const branch = stagingBranch(deps, integrationId);
      const auth = deps.forge.gitAuth();
      // Attempt 1 needs only the base commit: a clone that has it (the clone step's, on this worker) is used without a
      // fetch. Later attempts start from the version in review, fetched fresh from the fork.
      const previous = params.proofFix?.previous;
      // A rework starts from the version it reworks (pushed to the fork, so any worker has it after the fetch).
      const start = previous?.commitSha ?? (attempt === 1 ? fork.baseSha : `origin/${branch}`);
      const { hasNeed } = await ensureClone({
        cloneUrl: fork.fork.cloneUrl,
        dir,
        auth,
        branch: fork.defaultBranch,
        need: start === fork.baseSha ? fork.baseSha : undefined,
        ...(start !== fork.baseSha ? { refresh: [branch] } : {}),
      });
      // A fork whose default branch could not be synced may lack the upstream base commit: fetch it from upstream.
      if (!hasNeed && !(await hasCommit(dir, fork.baseSha))) await fetchCommit(dir, fork.upstream.cloneUrl, fork.defaultBranch, auth);
      log.info(`git checkout -B ${branch} ${start.slice(0, 12)}`);
      await checkoutFreshBranch(dir, branch, start);
      const previousDiff = attempt > 1 ? await diff(dir, fork.baseSha, 'HEAD') : undefined;

      const activityAttempt = Context.current().info.attempt;
      // Each integrator run gets a fresh view of the working copy; the verifier reuses it when the run says every
      // edit went through it (the codemod), and otherwise walks and reads the disk (a coding agent writes there).
      let snapshot = new SourceSnapshot(dir);
      const run = (policyFeedback?: string, sessionId?: string, policyReverted?: Reverted[]) => {
        log.info(`Running the ${deps.integrator.name} integrator (v${attempt}${policyFeedback ? ', policy retry' : ''})`);
        snapshot = new SourceSnapshot(dir);
        return deps.integrator.integrate({
          snapshot,
          workdir: dir,
          integrationId,
          attempt,
          feedback: params.feedback,
          analysis: params.analysis,
          routing,
          ...(sessionId ? { previousSessionId: sessionId } : {}),
          ...(previousDiff !== undefined ? { previousDiff } : {}),
          ...(policyFeedback ? { policyFeedback } : {}),
          ...(policyReverted?.length ? { policyReverted } : {}),
          activityAttempt,
          log: (m) => log.info(`[${deps.integrator.name}] ${m}`),
          heartbeat: (d) => heartbeat(d),
          signal: Context.current().cancellationSignal,
        });
      };

      // The verifier compares each changed file with the upstream base, to prove nothing changes without the key; the
      // base versions of all changed files come from one git process.
      const verify = async (o: IntegratorOutcome) => {
        const originals = await filesAt(dir, fork.baseSha, o.filesChanged);
        return verifyRepository(dir, {
          integratorSites: o.sites,
          changedFiles: o.filesChanged,
          routing,
          ...(o.snapshotCurrent ? { snapshot } : {}),
          original: async (rel) => (originals.has(rel) ? originals.get(rel) : (await filesAt(dir, fork.baseSha, [rel])).get(rel)),
        });
      };
      let outcome: IntegratorOutcome = previous
        ? await reworkForProof(run, previous, params.proofFix!.proof, params.previousSessionId)
        : await run(undefined, params.previousSessionId);
      // The staged change as last inspected: the policy check, the service's reverts and the commit share it.
      const inspect = async (): Promise<{ staged: StagedChanges; policy: PolicyReport }> => {
        const changes = await stagedChanges(dir, start);
        return { staged: changes, policy: checkDiffPolicy(changes.entries, changes.patch, deps.secrets ?? []) };
      };
      let { staged, policy } = await inspect();
      let verification = await verify(outcome);
      // Files the policy forbids (CI, hooks, lock files, binaries, symlinks) are put back by the service: the agent
      // has no tool that can restore or delete a file, so asking it to would only waste the one send-back.
      const reverted: Reverted[] = [];
      const revertForbidden = async () => {
        const forbidden = revertableFiles(staged.entries);
        if (!forbidden.length) return;
        log.warn(`v${attempt}: reverting what the diff policy forbids: ${forbidden.map((f) => `${f.path} (${f.reason})`).join('; ')}`);
        await restorePaths(
          dir,
          start,
          forbidden.map((f) => f.path),
        );
        snapshot.forget(forbidden.map((f) => f.path));
        for (const f of forbidden) if (!reverted.some((r) => r.path === f.path)) reverted.push(f);
        outcome = { ...outcome, filesChanged: outcome.filesChanged.filter((f) => !forbidden.some((r) => r.path === f)) };
        ({ staged, policy } = await inspect());
        verification = await verify(outcome);
      };
      await revertForbidden();
      const blocking = () => verification.sites.filter((s) => BLOCKING_VERDICTS.includes(s.verdict));
      const problems = () => [
        ...policy.violations,
        ...verification.sites
          .filter((s) => s.verdict === 'missed')
          .map((s) => `${s.file}:${s.line} (${s.library}) is not routed through Helicone: ${s.reason}`),
        ...blocking().map(
          (s) => `${s.file}:${s.line} (${s.library}) ${BLOCKING_PROBLEM[s.verdict as keyof typeof BLOCKING_PROBLEM]}: ${s.reason}`,
        ),
        ...verification.parseFailures.map((f) => `${f} no longer parses`),
      ];
      if (problems().length && deps.integrator.understandsFeedback) {
        // Send the work back once, with the reasons (and what the service reverted), to the same session.
        const reason = problems().join('; ');
        log.warn(`v${attempt} needs another pass: ${reason}; sending it back to the integrator once`);
        const first = outcome;
        const retry = await run(reason, outcome.agent?.sessionId, reverted);
        outcome = {
          ...retry,
          filesChanged: retry.filesChanged.filter((f) => !reverted.some((r) => r.path === f)),
          sites: carryChanges(first.sites, retry.sites),
          ...(first.integrator || retry.integrator ? { integrator: combinedName(first.integrator, retry.integrator) } : {}),
          ...(retry.agent && first.agent
            ? {
                agent: { ...retry.agent, costUsd: first.agent.costUsd + retry.agent.costUsd, turns: first.agent.turns + retry.agent.turns },
              }
            : {}),
        };
        ({ staged, policy } = await inspect());
        verification = await verify(outcome);
        // Whatever forbidden file the agent wrote again is reverted again; then the policy is checked once more.
        await revertForbidden();
      }
      if (reverted.length) policy = { ...policy, reverted };
      if (policy.violations.length) {
        throw ApplicationFailure.create({
          message: `The diff policy refused the change: ${policy.violations.join('; ')}`,
          type: FailureType.PolicyViolation,
          nonRetryable: true,
        });
      }
      if (blocking().length) {
        // Never a review PR for a change that would break users without a Helicone key (or send to a wrong URL).
        throw ApplicationFailure.create({
          message: `The verifier refused the change: ${blocking()
            .map((s) => `${s.file}:${s.line} (${s.library}) ${BLOCKING_PROBLEM[s.verdict as keyof typeof BLOCKING_PROBLEM]}: ${s.reason}`)
            .join('; ')}`,
          type: FailureType.PolicyViolation,
          nonRetryable: true,
        });
      }
      if (verification.parseFailures.length) {
        throw ApplicationFailure.create({
          message: `The change breaks parsing of ${verification.parseFailures.join(', ')}`,
          type: FailureType.PolicyViolation,
          nonRetryable: true,
        });
      }
      log.info(`Verifier: ${verificationSummary(verification)}`);

      const author = await commitAuthor(deps);
      const message = commitMessage(params.analysis, attempt, params.feedback, author, routing);
      let sha: string | undefined;
      if (previous?.changed && previous.commitSha) {
        // One commit per version: the rework is folded into the commit it reworks.
        await softReset(dir, `${previous.commitSha}^`);
        sha = await commitAll(dir, message, author);
      } else {
        // The index is the change last inspected (stagedChanges staged everything): commit it when it is not empty.
        sha = staged.entries.length ? await commitStaged(dir, message, author) : undefined;
      }
      const head = sha ?? (start === fork.baseSha ? fork.baseSha : await headSha(dir));
      const branchDiffers = head !== fork.baseSha;
      log.info(sha ? `git commit ${sha.slice(0, 10)}: ${outcome.filesChanged.join(', ')}` : 'No files changed');

      let diffRef: string | undefined;
      let changedFromBase: string[] = [];
      if (branchDiffers) {
        const { paths, patch } = await diffWithPaths(dir, fork.baseSha, head);
        changedFromBase = paths;
        const artifact = artifactPath(deps, integrationId, `v${attempt}.diff`);
        await fs.mkdir(path.dirname(artifact.abs), { recursive: true });
        await fs.writeFile(artifact.abs, patch);
        diffRef = artifact.ref;
      }
      // v2 and later: what changed since the version in review (its head is where this attempt started).
      let interdiffRef: string | undefined;
      if (attempt > 1) {
        const artifact = artifactPath(deps, integrationId, `v${attempt}.interdiff`);
        await fs.mkdir(path.dirname(artifact.abs), { recursive: true });
        await fs.writeFile(artifact.abs, await diff(dir, start, head));
        interdiffRef = artifact.ref;
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
        ...(interdiffRef ? { interdiffRef } : {}),
        ...(outcome.agent ? { agent: outcome.agent } : {}),
        policy,
        verification,
        routing,
        changedFromBase,
        integratorUnderstandsFeedback: deps.integrator.understandsFeedback,
      };
    });
  };
}

type Reverted = { path: string; reason: string };

/** The integrator's rework of a version whose checks newly fail, merged with what the version already had. */
async function reworkForProof(
  run: (feedback?: string, sessionId?: string) => Promise<IntegratorOutcome>,
  previous: IntegrationAttemptResult,
  proof: ProofReport,
  sessionId: string | undefined,
): Promise<IntegratorOutcome> {
  const retry = await run(proofFeedback(proof), previous.agent?.sessionId ?? sessionId);
  return {
    ...retry,
    filesChanged: [...new Set([...previous.filesChanged, ...retry.filesChanged])].sort(),
    sites: carryChanges(previous.sites, retry.sites),
    summary: `${previous.summary} ${retry.summary}`.trim(),
    integrator: combinedName(previous.integrator, retry.integrator ?? previous.integrator),
    ...(retry.agent && previous.agent
      ? {
          agent: { ...retry.agent, costUsd: previous.agent.costUsd + retry.agent.costUsd, turns: previous.agent.turns + retry.agent.turns },
        }
      : retry.agent || previous.agent
        ? { agent: (retry.agent ?? previous.agent)! }
        : {}),
  };
}

/** "codemod+claude-code" stays so when the send-back went to claude-code alone. */
function combinedName(first?: string, retry?: string): string {
  if (!first || !retry || first === retry || first.split('+').includes(retry)) return first ?? retry ?? '';
  return `${first}+${retry}`;
}

/** Where no identity is configured and the forge cannot tell one (the local forge). */
const FALLBACK_AUTHOR = { name: 'Helicone Integration Bot', email: 'integration-bot@users.noreply.helicone.ai' };

/** COMMIT_AUTHOR_NAME/EMAIL when configured, else the forge's bot account, so the forge links commits to it. */
export async function commitAuthor(deps: Pick<ActivityDeps, 'config' | 'forge'>): Promise<{ name: string; email: string }> {
  const { COMMIT_AUTHOR_NAME: name, COMMIT_AUTHOR_EMAIL: email } = deps.config;
  if (name && email) return { name, email };
  const bot = (await deps.forge.botIdentity?.()) ?? FALLBACK_AUTHOR;
  return { name: name ?? bot.name, email: email ?? bot.email };
}

/** How each blocking verdict is put to the integrator and in the failure message. */
const BLOCKING_PROBLEM = {
  unconditional:
    'is routed through Helicone even without HELICONE_API_KEY (route only when the key is set; without it the request must be the original one)',
  misrouted: 'is sent to a URL Helicone does not serve',
} as const;
