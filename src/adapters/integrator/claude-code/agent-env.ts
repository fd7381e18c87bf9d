/**
 * The agent's environment, built from nothing: the SDK's `env` option replaces the child's whole environment, so
 * the service's own secrets (GITHUB_TOKEN and the rest) are absent unless listed here, and they never are.
 */
export interface AgentEnvSettings {
  /** Per-integration directory: HOME and the Claude config dir (sessions live there, so resume works). */
  home: string;
  configDir: string;
  anthropicApiKey: string;
  /** ANTHROPIC_BASE_URL given by the operator (a proxy, a gateway or a test double). */
  baseUrl?: string;
  model?: string;
  /** When set (and no explicit base URL), the agent's own traffic goes through Helicone's Anthropic proxy. */
  heliconeApiKey?: string;
  apiRetries?: number;
  apiTimeoutMs?: number;
}

export const HELICONE_ANTHROPIC_PROXY = 'https://anthropic.helicone.ai';

export function buildAgentEnv(s: AgentEnvSettings, parentPath = process.env.PATH ?? '/usr/bin:/bin'): Record<string, string> {
  const env: Record<string, string> = {
    PATH: parentPath,
    HOME: s.home,
    CLAUDE_CONFIG_DIR: s.configDir,
    ANTHROPIC_API_KEY: s.anthropicApiKey,
    // No telemetry, update checks or title generation: only the conversation itself goes out.
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
    DISABLE_AUTOUPDATER: '1',
    LANG: 'C.UTF-8',
  };
  if (s.baseUrl) env.ANTHROPIC_BASE_URL = s.baseUrl;
  else if (s.heliconeApiKey) {
    env.ANTHROPIC_BASE_URL = HELICONE_ANTHROPIC_PROXY;
    env.ANTHROPIC_CUSTOM_HEADERS = `Helicone-Auth: Bearer ${s.heliconeApiKey}`;
  }
  if (s.model) env.ANTHROPIC_MODEL = s.model;
  if (s.apiRetries !== undefined) env.CLAUDE_CODE_MAX_RETRIES = String(s.apiRetries);
  if (s.apiTimeoutMs !== undefined) env.API_TIMEOUT_MS = String(s.apiTimeoutMs);
  return env;
}
