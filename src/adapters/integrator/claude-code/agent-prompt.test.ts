import { describe, expect, it } from 'vitest';
import { buildBrief, buildPolicyPrompt } from './agent-prompt';
import { agentSystemRules, ALWAYS_ROUTING_RULE, HOUSE_RULES, OPTIONAL_ROUTING_RULE, UNTRUSTED_DATA_RULE } from './helicone-brief';
import { describeApiFailure } from './run-agent';

describe('the agent prompts', () => {
  it('puts the rules in the system prompt and the task in the user message', () => {
    const system = agentSystemRules('optional');
    for (const rule of [UNTRUSTED_DATA_RULE, OPTIONAL_ROUTING_RULE, HOUSE_RULES]) expect(system).toContain(rule);
    expect(agentSystemRules('always')).toContain(ALWAYS_ROUTING_RULE);
    expect(agentSystemRules('always')).not.toContain(OPTIONAL_ROUTING_RULE);
    const brief = buildBrief({
      sites: [{ file: 'src/ai.ts', line: 4, library: 'openai', outcome: 'skipped', reason: 'imported options' }],
      routing: 'optional',
    });
    expect(brief).toContain('- src/ai.ts:4 (openai) — the deterministic rewrite left it: imported options');
    for (const rule of [UNTRUSTED_DATA_RULE, OPTIONAL_ROUTING_RULE, HOUSE_RULES]) expect(brief).not.toContain(rule);
  });

  it('never asks the agent to restore files: the service reverts them', () => {
    const prompt = buildPolicyPrompt({
      problems: ['src/ai.ts:4 (openai) is not routed through Helicone: x'],
      reverted: [{ path: '.github/workflows/x.yml', reason: 'changes CI configuration' }],
    });
    expect(prompt).not.toMatch(/restore files/i);
    expect(prompt).toContain('The service has reverted these files itself');
    expect(prompt).toContain('.github/workflows/x.yml (changes CI configuration)');
    expect(buildPolicyPrompt({ problems: ['p'] })).not.toContain('reverted');
  });
});

describe('describeApiFailure', () => {
  it('names the status, its reason phrase and the attempts', () => {
    expect(describeApiFailure({ status: 500, message: 'boom', everyCall: true, activityAttempt: 3, failedCalls: 1 })).toBe(
      'Claude Code failed: the Anthropic API answered 500 (Internal Server Error) on every call (3 attempts): boom',
    );
    expect(describeApiFailure({ status: 529, everyCall: true, activityAttempt: 1, failedCalls: 11, timedOutAfterS: 1200 })).toBe(
      'Claude Code failed: the Anthropic API answered 529 (Overloaded) on every call (11 attempts), until AGENT_TIMEOUT (1200s) stopped the run',
    );
    expect(describeApiFailure({ status: null, everyCall: false, activityAttempt: 2, failedCalls: 4 })).toBe(
      'Claude Code failed: the Anthropic API could not be reached (no response) on its last call (2 attempts; 4 calls in the last)',
    );
  });
});
