/**
 * Chooses the adapters a worker uses from configuration: which forge, which integrator, where status reports go.
 */
import { createForge } from '../adapters/forge/create-forge';
import { AutoIntegrator } from '../adapters/integrator/auto-integrator';
import { ClaudeCodeIntegrator } from '../adapters/integrator/claude-code';
import { CodemodIntegrator } from '../adapters/integrator/codemod';
import type { Integrator } from '../adapters/integrator/integrator';
import { createStatusReporter } from '../adapters/status/helicone-status-reporter';
import type { ActivityDeps } from '../activities';
import type { DiscoveryDeps } from '../activities/deps';
import { GitHubDiscovery } from '../adapters/discovery/github-discovery';
import { createGitHubClient } from '../adapters/forge/github/github-client';
import { AnthropicRanker } from '../adapters/ranking/anthropic-ranker';
import type { Config } from '../shared/config';
import { requireDurationMs } from '../shared/duration';

export function buildIntegrator(config: Config): Integrator {
  const codemod = new CodemodIntegrator();
  const agent = config.ANTHROPIC_API_KEY
    ? new ClaudeCodeIntegrator({
        dataDir: config.DATA_DIR,
        anthropicApiKey: config.ANTHROPIC_API_KEY,
        baseUrl: config.ANTHROPIC_BASE_URL,
        model: config.ANTHROPIC_MODEL,
        heliconeApiKey: config.AGENT_VIA_HELICONE ? config.HELICONE_API_KEY : undefined,
        maxTurns: config.AGENT_MAX_TURNS,
        maxBudgetUsd: config.AGENT_MAX_BUDGET_USD,
        timeoutMs: requireDurationMs(config.AGENT_TIMEOUT, 'AGENT_TIMEOUT'),
        apiRetries: config.AGENT_API_RETRIES,
        apiTimeoutMs: config.AGENT_API_TIMEOUT_MS,
      })
    : undefined;
  if (config.INTEGRATOR === 'codemod') return codemod;
  if (config.INTEGRATOR === 'claude-code') return agent!;
  return new AutoIntegrator(codemod, agent);
}

export function buildActivityDeps(config: Config): ActivityDeps {
  return {
    config,
    forge: createForge(config),
    integrator: buildIntegrator(config),
    reporter: createStatusReporter({
      url: config.HELICONE_API_URL,
      apiKey: config.HELICONE_API_KEY,
      signingSecret: config.HELICONE_STATUS_SIGNING_SECRET,
    }),
    secrets: [config.GITHUB_TOKEN, config.ANTHROPIC_API_KEY, config.HELICONE_API_KEY, config.HELICONE_STATUS_SIGNING_SECRET].filter(
      (s): s is string => !!s,
    ),
    discovery: buildDiscoveryDeps(config),
  };
}

/** Discovery searches GitHub with the bot's token and ranks with Claude when a key is set; either may be absent. */
export function buildDiscoveryDeps(config: Config): DiscoveryDeps {
  return {
    ...(config.GITHUB_TOKEN
      ? { github: new GitHubDiscovery(createGitHubClient({ token: config.GITHUB_TOKEN, apiUrl: config.GITHUB_API_URL })) }
      : {}),
    ...(config.ANTHROPIC_API_KEY
      ? {
          ranker: new AnthropicRanker({
            apiKey: config.ANTHROPIC_API_KEY,
            baseUrl: config.ANTHROPIC_BASE_URL,
            model: config.DISCOVERY_MODEL ?? config.ANTHROPIC_MODEL,
          }),
        }
      : {}),
  };
}
