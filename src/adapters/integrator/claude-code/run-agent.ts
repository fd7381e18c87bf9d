/**
 * One Claude Code run through the official Agent SDK, under least privilege: read/search/edit tools only, edits
 * only inside the working copy, the repository's own agent settings ignored, bounded by turns, dollars, time and
 * cancellation. Every message goes to a JSONL transcript outside workflow history.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { AgentRunRecord } from '../../../shared/types';
import { outsideRoot, targetOf } from './path-guard';

/** Tools the agent has at all: no shell, no web, no sub-agents. */
export const AGENT_TOOLS = ['Read', 'Glob', 'Grep', 'Edit', 'Write'];
/** Tools allowed without asking (`dontAsk` denies everything else); edits only under the working directory. */
export const AGENT_ALLOWED = ['Read', 'Glob', 'Grep', 'Edit(./**)', 'Write(./**)'];

export class AgentRunError extends Error {
  override readonly name = 'AgentRunError';
}
/** The run hit its turn or budget limit: retrying would hit it again. */
export class AgentLimitError extends Error {
  override readonly name = 'AgentLimitError';
}

export interface RunAgentOptions {
  prompt: string;
  cwd: string;
  env: Record<string, string>;
  resume?: string;
  model?: string;
  maxTurns: number;
  maxBudgetUsd: number;
  timeoutMs: number;
  signal?: AbortSignal;
  transcriptPath: string;
  log: (message: string) => void;
  heartbeat?: (details?: unknown) => void;
}

export type AgentRun = Omit<AgentRunRecord, 'resumed' | 'freshFallback' | 'transcriptRef'> & { resultText: string };

const MAX_TOOL_CALLS_KEPT = 200;

export async function runAgent(o: RunAgentOptions): Promise<AgentRun> {
  // The SDK is an ES module; a dynamic import keeps this CommonJS project loading it lazily (only when used).
  const { query } = await import('@anthropic-ai/claude-agent-sdk');
  fs.mkdirSync(path.dirname(o.transcriptPath), { recursive: true });
  const transcript = fs.createWriteStream(o.transcriptPath, { flags: 'a' });
  const abort = new AbortController();
  const onAbort = () => abort.abort();
  o.signal?.addEventListener('abort', onAbort);
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    abort.abort();
  }, o.timeoutMs);
  const beat = setInterval(() => o.heartbeat?.({ agent: 'running' }), 15_000);
  const toolCalls: AgentRunRecord['toolCalls'] = [];
  let sessionId = o.resume ?? '';
  try {
    const q = query({
      prompt: o.prompt,
      options: {
        cwd: o.cwd,
        env: o.env,
        ...(o.resume ? { resume: o.resume } : {}),
        ...(o.model ? { model: o.model } : {}),
        tools: AGENT_TOOLS,
        allowedTools: AGENT_ALLOWED,
        permissionMode: 'dontAsk',
        // Ignore the repository's .claude settings, hooks and CLAUDE.md: the repository is untrusted input.
        settingSources: [],
        maxTurns: o.maxTurns,
        maxBudgetUsd: o.maxBudgetUsd,
        abortController: abort,
        hooks: {
          PreToolUse: [
            {
              hooks: [
                async (input) => {
                  const reason = 'tool_input' in input ? outsideRoot(o.cwd, input.tool_input) : undefined;
                  if (!reason) return {};
                  o.log(`denied ${'tool_name' in input ? input.tool_name : 'tool'}: ${reason}`);
                  return { hookSpecificOutput: { hookEventName: 'PreToolUse', permissionDecision: 'deny', permissionDecisionReason: reason } };
                },
              ],
            },
          ],
        },
      },
    });
    for await (const message of q) {
      transcript.write(`${JSON.stringify(message)}\n`);
      o.heartbeat?.({ agent: message.type });
      if (message.type === 'system' && message.subtype === 'init') sessionId = message.session_id;
      if (message.type === 'assistant') {
        for (const block of message.message.content) {
          if (block.type === 'text' && block.text.trim()) o.log(block.text.trim());
          if (block.type === 'tool_use') {
            const target = targetOf(block.input);
            o.log(`tool ${block.name}${target ? ` ${target}` : ''}`);
            if (toolCalls.length < MAX_TOOL_CALLS_KEPT) toolCalls.push({ tool: block.name, ...(target ? { target: relative(o.cwd, target) } : {}) });
          }
        }
      }
      if (message.type === 'result') {
        sessionId = message.session_id || sessionId;
        const denials = message.permission_denials.map((d) => {
          const target = targetOf(d.tool_input);
          return { tool: d.tool_name, ...(target ? { target: relative(o.cwd, target) } : {}) };
        });
        if (message.subtype === 'error_max_turns' || message.subtype === 'error_max_budget_usd') {
          const what = message.subtype === 'error_max_turns' ? `${o.maxTurns} turns (AGENT_MAX_TURNS)` : `$${o.maxBudgetUsd} (AGENT_MAX_BUDGET_USD)`;
          throw new AgentLimitError(`Claude Code stopped at its limit of ${what} without finishing`);
        }
        if (message.subtype !== 'success' || message.is_error) {
          const detail = message.subtype === 'success' ? message.result : message.errors.join('; ');
          throw new AgentRunError(`Claude Code failed (${message.subtype}): ${detail || 'no detail'}`.slice(0, 500));
        }
        const u = message.usage;
        return {
          sessionId,
          turns: message.num_turns,
          costUsd: message.total_cost_usd,
          usage: {
            inputTokens: u.input_tokens ?? 0,
            outputTokens: u.output_tokens ?? 0,
            cacheReadTokens: u.cache_read_input_tokens ?? 0,
            cacheCreationTokens: u.cache_creation_input_tokens ?? 0,
          },
          toolCalls,
          permissionDenials: denials,
          ...(o.model ? { model: o.model } : {}),
          resultText: message.result,
        };
      }
    }
    throw new AgentRunError('Claude Code ended without a result');
  } catch (err) {
    if (err instanceof AgentLimitError || err instanceof AgentRunError) throw err;
    if (timedOut) throw new AgentRunError(`Claude Code did not finish within ${Math.round(o.timeoutMs / 1000)}s (AGENT_TIMEOUT)`);
    if (o.signal?.aborted) throw new AgentRunError('Claude Code was cancelled');
    throw new AgentRunError(`Claude Code failed: ${(err as Error).message ?? String(err)}`.slice(0, 500));
  } finally {
    clearTimeout(timer);
    clearInterval(beat);
    o.signal?.removeEventListener('abort', onAbort);
    abort.abort();
    await new Promise((r) => transcript.end(r));
  }
}

function relative(root: string, p: string): string {
  const rel = path.relative(root, path.resolve(root, p));
  return rel.startsWith('..') ? p : rel.split(path.sep).join('/');
}
