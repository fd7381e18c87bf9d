/**
 * The Claude Code integrator: briefs the agent with the exact client sites and the repository's conventions,
 * resumes the same session for reviewer feedback, and falls back to a fresh, fully briefed session when the
 * previous one is gone (another worker, a wiped disk).
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { AgentRunRecord, ClientSite } from '../../../shared/types';
import { runGit } from '../../git/run-git';
import { scanClientSites } from '../codemod';
import type { Integrator, IntegratorContext, IntegratorOutcome } from '../integrator';
import { buildAgentEnv } from './agent-env';
import { buildBrief, buildFeedbackPrompt, buildFreshPrompt, buildPolicyPrompt } from './agent-prompt';
import { agentSystemRules } from './helicone-brief';
import { runAgent } from './run-agent';
import { sessionExists } from './session-store';

/**
 * The model the agent runs when ANTHROPIC_MODEL is unset: a dated id, so a new release of Claude Code (whose own
 * default moves with every version) never changes the model under a running service without an operator's say.
 */
export const DEFAULT_AGENT_MODEL = 'claude-sonnet-4-5-20250929';

export interface ClaudeCodeSettings {
  dataDir: string;
  anthropicApiKey: string;
  baseUrl?: string;
  /** ANTHROPIC_MODEL; DEFAULT_AGENT_MODEL when unset. */
  model?: string;
  /** Route the agent's own Anthropic traffic through Helicone with this key (unset: direct). */
  heliconeApiKey?: string;
  maxTurns: number;
  maxBudgetUsd: number;
  timeoutMs: number;
  apiRetries?: number;
  apiTimeoutMs?: number;
}

export class ClaudeCodeIntegrator implements Integrator {
  readonly name = 'claude-code';
  readonly understandsFeedback = true;

  constructor(
    private readonly s: ClaudeCodeSettings,
    private readonly note?: string,
  ) {}

  async integrate(ctx: IntegratorContext): Promise<IntegratorOutcome> {
    const safeId = ctx.integrationId.replace(/[^A-Za-z0-9._-]/g, '_');
    const agentDir = path.join(this.s.dataDir, 'agent', safeId);
    const home = path.join(agentDir, 'home');
    const configDir = path.join(agentDir, 'config');
    await fs.mkdir(home, { recursive: true });
    await fs.mkdir(configDir, { recursive: true });
    const before = await scanClientSites(ctx.workdir, ctx.routing);
    const model = this.s.model || DEFAULT_AGENT_MODEL;
    const brief = buildBrief({
      sites: before.filter((s) => s.outcome !== 'already-integrated'),
      analysis: ctx.analysis,
      note: this.note,
      ...(ctx.routing ? { routing: ctx.routing } : {}),
    });

    let prompt = brief;
    let resume: string | undefined;
    let freshFallback = false;
    if (ctx.policyFeedback && ctx.previousSessionId && (await sessionExists(configDir, ctx.previousSessionId))) {
      prompt = buildPolicyPrompt({ problems: [ctx.policyFeedback], ...(ctx.policyReverted ? { reverted: ctx.policyReverted } : {}) });
      resume = ctx.previousSessionId;
    } else if (ctx.policyFeedback) {
      // A send-back with no session here (the codemod wrote the version, or the proof ran on another worker): a fresh
      // session gets the brief and the problems; the working copy already holds the version to fix.
      prompt = `${brief}\n\nThe working copy already holds a version of this integration.\n${buildPolicyPrompt({ problems: [ctx.policyFeedback], ...(ctx.policyReverted ? { reverted: ctx.policyReverted } : {}) })}`;
      freshFallback = !!ctx.previousSessionId;
    } else if (ctx.attempt > 1) {
      const latest = ctx.feedback[ctx.feedback.length - 1] ?? '';
      if (ctx.previousSessionId && (await sessionExists(configDir, ctx.previousSessionId))) {
        prompt = buildFeedbackPrompt(latest, ctx.previousDiff ?? '');
        resume = ctx.previousSessionId;
      } else {
        prompt = buildFreshPrompt(brief, ctx.previousDiff ?? '', ctx.feedback);
        freshFallback = true;
        ctx.log('the previous agent session is not on this worker: starting a fresh session briefed with the earlier diff and feedback');
      }
    }

    const transcriptRef = path.posix.join('transcripts', safeId, `v${ctx.attempt}-${Date.now()}.jsonl`);
    const run = await runAgent({
      prompt,
      cwd: ctx.workdir,
      env: buildAgentEnv({
        home,
        configDir,
        anthropicApiKey: this.s.anthropicApiKey,
        baseUrl: this.s.baseUrl,
        model,
        heliconeApiKey: this.s.heliconeApiKey,
        apiRetries: this.s.apiRetries,
        apiTimeoutMs: this.s.apiTimeoutMs,
      }),
      ...(resume ? { resume } : {}),
      model,
      systemRules: agentSystemRules(ctx.routing),
      ...(ctx.activityAttempt ? { activityAttempt: ctx.activityAttempt } : {}),
      maxTurns: this.s.maxTurns,
      maxBudgetUsd: this.s.maxBudgetUsd,
      timeoutMs: this.s.timeoutMs,
      signal: ctx.signal,
      transcriptPath: path.join(this.s.dataDir, transcriptRef),
      log: (m) => ctx.log(m),
      heartbeat: ctx.heartbeat,
    });

    const after = await scanClientSites(ctx.workdir, ctx.routing);
    const agent: AgentRunRecord = {
      sessionId: run.sessionId,
      turns: run.turns,
      costUsd: run.costUsd,
      usage: run.usage,
      toolCalls: run.toolCalls,
      permissionDenials: run.permissionDenials,
      resumed: resume !== undefined,
      freshFallback,
      model: run.model ?? model,
      transcriptRef,
    };
    return {
      filesChanged: await changedFiles(ctx.workdir),
      sites: markChanged(before, after),
      summary: run.resultText.trim() || 'Claude Code made the changes shown in the diff.',
      agent,
    };
  }
}

/** Sites that were not integrated before the run and are now count as changed by the agent. */
function markChanged(before: ClientSite[], after: ClientSite[]): ClientSite[] {
  const key = (s: ClientSite) => `${s.file}:${s.library}`;
  const was = new Map(before.map((s) => [key(s), s.outcome]));
  return after.map((s) =>
    s.outcome === 'already-integrated' && was.get(key(s)) !== 'already-integrated' ? { ...s, outcome: 'changed', by: 'agent' } : s,
  );
}

async function changedFiles(dir: string): Promise<string[]> {
  const { stdout } = await runGit(['status', '--porcelain', '-uall', '--no-renames'], { cwd: dir });
  return stdout
    .split('\n')
    .filter(Boolean)
    .map((l) => l.slice(3).replace(/^"|"$/g, ''))
    .sort();
}
