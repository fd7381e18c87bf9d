/**
 * One Claude Code run through the official Agent SDK, under least privilege: read/search/edit tools only, edits
 * only inside the working copy, the repository's own agent settings ignored, bounded by turns, dollars, time and
 * cancellation. Every message goes to a JSONL transcript outside workflow history.
 */
import fs from 'node:fs';
import path from 'node:path';
import { FailureType } from '../../../shared/failures';
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
  override readonly name = FailureType.AgentLimitError;
}
/** The Anthropic API answered with an error (or could not be reached): retryable, and said as such. */
export class AgentApiError extends AgentRunError {
  constructor(
    message: string,
    readonly status: number | null,
  ) {
    super(message);
  }
}

/** Reason phrases of the statuses the Anthropic API answers with (529 is its own "overloaded"). */
const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  408: 'Request Timeout',
  413: 'Payload Too Large',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
  529: 'Overloaded',
};

/**
 * What the API did, in one sentence: the status and its reason phrase, on how many calls, and the API's own message.
 * The count is the activity's attempts (each a fresh run); when Claude Code itself retried within the last one
 * (CLAUDE_CODE_MAX_RETRIES), that run's failed calls too.
 */
export function describeApiFailure(f: {
  status: number | null;
  message?: string;
  everyCall: boolean;
  activityAttempt: number;
  failedCalls: number;
  timedOutAfterS?: number;
}): string {
  const what =
    f.status === null
      ? 'could not be reached (no response)'
      : `answered ${f.status}${STATUS_TEXT[f.status] ? ` (${STATUS_TEXT[f.status]})` : ''}`;
  const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;
  const count =
    f.failedCalls <= 1
      ? plural(f.activityAttempt, 'attempt')
      : f.activityAttempt === 1
        ? plural(f.failedCalls, 'attempt')
        : `${plural(f.activityAttempt, 'attempt')}; ${f.failedCalls} calls in the last`;
  const when = f.everyCall ? 'on every call' : 'on its last call';
  const until = f.timedOutAfterS !== undefined ? `, until AGENT_TIMEOUT (${f.timedOutAfterS}s) stopped the run` : '';
  const detail = f.message ? `: ${f.message}` : '';
  return `Claude Code failed: the Anthropic API ${what} ${when} (${count})${until}${detail}`.slice(0, 500);
}

export interface RunAgentOptions {
  prompt: string;
  cwd: string;
  env: Record<string, string>;
  resume?: string;
  model?: string;
  /** Appended to Claude Code's own system prompt (the `claude_code` preset): the rules the agent works under. */
  systemRules?: string;
  /** The activity's attempt number, counted in API error messages (1 outside an activity). */
  activityAttempt?: number;
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
  let model = o.model;
  // API errors seen in this run: Claude Code's retries (`api_retry`) and its synthetic API-error assistant messages.
  const api = {
    okCalls: 0,
    failedCalls: 0,
    lastStatus: undefined as number | null | undefined,
    lastMessage: undefined as string | undefined,
  };
  const apiFailure = (timedOutAfterS?: number) =>
    describeApiFailure({
      status: api.lastStatus ?? null,
      ...(api.lastMessage ? { message: api.lastMessage } : {}),
      everyCall: api.okCalls === 0,
      activityAttempt: o.activityAttempt ?? 1,
      failedCalls: api.failedCalls,
      ...(timedOutAfterS !== undefined ? { timedOutAfterS } : {}),
    });
  try {
    const q = query({
      prompt: o.prompt,
      options: {
        cwd: o.cwd,
        env: o.env,
        ...(o.resume ? { resume: o.resume } : {}),
        ...(o.model ? { model: o.model } : {}),
        // Claude Code's own system prompt, with the service's rules appended: rules belong to the system, not the task.
        ...(o.systemRules ? { systemPrompt: { type: 'preset' as const, preset: 'claude_code' as const, append: o.systemRules } } : {}),
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
                  return {
                    hookSpecificOutput: { hookEventName: 'PreToolUse', permissionDecision: 'deny', permissionDecisionReason: reason },
                  };
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
      if (message.type === 'system' && message.subtype === 'init') {
        sessionId = message.session_id;
        model = message.model || model;
      }
      if (message.type === 'system' && message.subtype === 'api_retry') {
        api.failedCalls++;
        api.lastStatus = message.error_status;
        api.lastMessage = undefined;
        o.log(
          `the Anthropic API answered ${message.error_status ?? 'no response'} (${message.error}); Claude Code retries (${message.attempt}/${message.max_retries})`,
        );
      }
      if (message.type === 'assistant') {
        const apiError = apiErrorOf(message);
        if (apiError) {
          api.failedCalls++;
          api.lastStatus = apiError.status;
          api.lastMessage = apiError.message;
        } else if (message.message.model !== '<synthetic>') {
          api.okCalls++;
          api.failedCalls = 0;
          api.lastStatus = undefined;
          api.lastMessage = undefined;
        }
        for (const block of message.message.content) {
          if (block.type === 'text' && block.text.trim()) o.log(block.text.trim());
          if (block.type === 'tool_use') {
            const target = targetOf(block.input);
            o.log(`tool ${block.name}${target ? ` ${target}` : ''}`);
            if (toolCalls.length < MAX_TOOL_CALLS_KEPT)
              toolCalls.push({ tool: block.name, ...(target ? { target: relative(o.cwd, target) } : {}) });
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
          const what =
            message.subtype === 'error_max_turns' ? `${o.maxTurns} turns (AGENT_MAX_TURNS)` : `$${o.maxBudgetUsd} (AGENT_MAX_BUDGET_USD)`;
          throw new AgentLimitError(`Claude Code stopped at its limit of ${what} without finishing`);
        }
        const resultStatus = 'api_error_status' in message ? message.api_error_status : undefined;
        if (
          message.is_error &&
          (message.terminal_reason === 'api_error' || typeof resultStatus === 'number' || api.lastStatus !== undefined)
        ) {
          if (typeof resultStatus === 'number') api.lastStatus = resultStatus;
          api.lastMessage ??= message.subtype === 'success' ? stripApiPrefix(message.result) : message.errors.join('; ');
          throw new AgentApiError(apiFailure(), api.lastStatus ?? null);
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
          ...(model ? { model } : {}),
          resultText: message.result,
        };
      }
    }
    throw new AgentRunError('Claude Code ended without a result');
  } catch (err) {
    if (err instanceof AgentLimitError || err instanceof AgentRunError) throw err;
    // A model that keeps failing while Claude Code retries it must not hide behind the timeout.
    if (timedOut && api.lastStatus !== undefined) throw new AgentApiError(apiFailure(Math.round(o.timeoutMs / 1000)), api.lastStatus);
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

/** The API error a synthetic assistant message stands for (Claude Code reports a failed call this way). */
function apiErrorOf(message: {
  error?: string;
  message: { model?: string; content: unknown[] };
}): { status: number | null; message: string } | undefined {
  const extra = message as { is_api_error_message?: boolean; api_error_status?: number | null };
  if (!extra.is_api_error_message && typeof extra.api_error_status !== 'number') return undefined;
  const text = message.message.content
    .map((b) => (b && typeof b === 'object' && 'text' in b && typeof b.text === 'string' ? b.text : ''))
    .join(' ')
    .trim();
  const status = typeof extra.api_error_status === 'number' ? extra.api_error_status : /API Error: (\d{3})/.exec(text)?.[1];
  return { status: status === undefined ? null : Number(status), message: stripApiPrefix(text) };
}

/** "API Error: 500 scripted failure. This is a server-side issue…" → "scripted failure". */
function stripApiPrefix(text: string): string {
  return text
    .replace(/^API Error:\s*(\d{3})?\s*/, '')
    .replace(/\.\s+This is a server-side issue[\s\S]*$/, '')
    .trim();
}

function relative(root: string, p: string): string {
  const rel = path.relative(root, path.resolve(root, p));
  return rel.startsWith('..') ? p : rel.split(path.sep).join('/');
}
