import { Context, heartbeat, log } from '@temporalio/activity';
import { ensureClone, ensureCommit, hasCommit } from '../adapters/git/workspace';
import { runProof } from '../proof/run-proof';
import type { ProofReport } from '../shared/proof-types';
import type { ForkInfo } from '../shared/types';
import { artifactPath, workspaceDir, type ActivityDeps } from './deps';

export interface ProveChangeParams {
  integrationId: string;
  fork: ForkInfo;
  attempt: number;
  /** The version's commit, pushed to the fork. */
  commitSha: string;
  /** True for the proof of a change the integrator reworked after its first proof. */
  afterSendBack?: boolean;
}

export interface ProveChangeResult {
  proof: ProofReport;
  /** Steps newly fail and the integrator can act on them (a coding agent) and has not been sent them yet. */
  sendBack: boolean;
}

/**
 * Runs the repository's own checks on the base commit and on the change, in the sandbox. Any worker can run it: the
 * working copy is rebuilt from the fork (and the base from upstream), as the other activities do. A proof that
 * cannot run (its sandbox broke) is an outcome, not a failure: PROOF=required turns it into one in the workflow.
 */
export function proveChangeActivity(deps: ActivityDeps) {
  return async function proveChange(params: ProveChangeParams): Promise<ProveChangeResult> {
    const proof = deps.proof;
    if (!proof || proof.settings.mode === 'off') {
      return {
        proof: {
          mode: 'off',
          outcome: 'off',
          summary: "The proof is off on this worker (PROOF=off): the repository's own build, type-check, lint and tests were not run.",
          ecosystems: [],
          rows: [],
          notes: [],
          durationMs: 0,
        },
        sendBack: false,
      };
    }
    const started = Date.now();
    const dir = workspaceDir(deps, params.integrationId);
    const auth = deps.forge.gitAuth();
    let report: ProofReport;
    try {
      await ensureClone({ cloneUrl: params.fork.fork.cloneUrl, dir, auth });
      await ensureCommit(dir, params.fork.baseSha, params.fork.upstream.cloneUrl, params.fork.defaultBranch, auth);
      if (!(await hasCommit(dir, params.commitSha))) throw new Error(`commit ${params.commitSha.slice(0, 10)} is not on the fork`);
      const name = `proof-v${params.attempt}${params.afterSendBack ? '-rework' : ''}`;
      report = await runProof({
        sandbox: proof.sandbox,
        settings: proof.settings,
        clone: dir,
        baseSha: params.fork.baseSha,
        headSha: params.commitSha,
        artifacts: artifactPath(deps, params.integrationId, name),
        label: `${params.integrationId}-v${params.attempt}`,
        signal: Context.current().cancellationSignal,
        onProgress: (d) => heartbeat(d),
        log: (l) => log.info(l),
      });
    } catch (err) {
      if (Context.current().cancellationSignal.aborted) throw err;
      const message = err instanceof Error ? err.message : String(err);
      log.warn(`The proof could not run: ${message}`);
      report = {
        mode: proof.settings.mode,
        outcome: 'error',
        summary: `The proof could not run: ${message}`,
        sandbox: proof.sandbox.name,
        ecosystems: [],
        rows: [],
        notes: [],
        durationMs: Date.now() - started,
      };
    }
    if (params.afterSendBack) report = { ...report, afterSendBack: true };
    log.info(`Proof v${params.attempt}: ${report.summary}`);
    return { proof: report, sendBack: report.outcome === 'blocked' && deps.integrator.understandsFeedback && !params.afterSendBack };
  };
}
