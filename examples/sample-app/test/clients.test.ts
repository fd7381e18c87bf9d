import { describe, expect, it } from 'vitest';

// The SDKs refuse to build a client without a key; no request is ever sent by these tests.
process.env.OPENAI_API_KEY ??= 'sk-test';
process.env.ANTHROPIC_API_KEY ??= 'sk-ant-test';

describe('clients', () => {
  it('share one OpenAI client with a 30 s timeout', async () => {
    const { openai } = await import('../src/openai-client');
    expect(openai.timeout).toBe(30_000);
  });

  it('answer through the exported helpers', async () => {
    const { askOpenAI } = await import('../src/openai-client');
    const { askClaude } = await import('../src/anthropic-client');
    expect(typeof askOpenAI).toBe('function');
    expect(typeof askClaude).toBe('function');
  });
});
