/** Shared set-up for the Claude Code tests: a fake Anthropic API, a dev server and a worker using the agent. */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { AutoIntegrator } from '../../src/adapters/integrator/auto-integrator';
import { ClaudeCodeIntegrator, type ClaudeCodeSettings } from '../../src/adapters/integrator/claude-code';
import { CodemodIntegrator } from '../../src/adapters/integrator/codemod';
import { startDevServer } from '../../src/adapters/temporal/dev-server';
import { FakeAnthropic } from './fake-anthropic';
import { startHarness, type Harness } from './integration-harness';
import { scriptedAgent } from './scripted-agent';

export const ANTHROPIC_KEY = 'sk-ant-test-key-000000000000000000000000';

export interface ClaudeHarness {
  env: TestWorkflowEnvironment;
  h: Harness;
  fake: FakeAnthropic;
  stop(): Promise<void>;
}

export async function startClaudeHarness(settings: Partial<ClaudeCodeSettings> = {}): Promise<ClaudeHarness> {
  const faults = { failOnce: new Set<string>() };
  const fake = new FakeAnthropic((req, text) => scriptedAgent(req, text, faults));
  await fake.start();
  const env = await startDevServer({});
  const h = await startHarness(env, {
    integrator: (dataDir) =>
      new AutoIntegrator(
        new CodemodIntegrator(),
        new ClaudeCodeIntegrator({
          dataDir,
          anthropicApiKey: ANTHROPIC_KEY,
          baseUrl: fake.url,
          maxTurns: 12,
          maxBudgetUsd: 5,
          timeoutMs: 60_000,
          apiRetries: 0,
          ...settings,
        }),
      ),
  });
  return {
    env,
    h,
    fake,
    async stop() {
      await h.stop();
      await env.teardown();
      await fake.stop();
    },
  };
}

/** A repository whose client the codemod cannot rewrite (options imported from another module), so the agent gets it. */
export function agentFixture(extra: Record<string, string> = {}): Record<string, string> {
  return {
    'src/ai.ts': "import OpenAI from 'openai';\nimport { opts } from './config';\n\nexport const ai = new OpenAI(opts);\n",
    'src/config.ts': 'export const opts = { apiKey: process.env.OPENAI_API_KEY };\n',
    'README.md': '# app\n',
    ...extra,
  };
}
