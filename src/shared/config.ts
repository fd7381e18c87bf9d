/**
 * Service configuration from environment variables, validated once at start-up. A bad value fails fast with a
 * message that names the variable, instead of surfacing later as an obscure error inside an activity.
 */
import path from 'node:path';
import { z } from 'zod';

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v && v.trim() ? v.trim() : undefined));

const optionalUrl = optionalString.refine((v) => v === undefined || isHttpUrl(v), {
  message: 'must be an http(s) URL',
});

function isHttpUrl(v: string): boolean {
  try {
    const u = new URL(v);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}

// Temporal accepts durations like "7 days", "36h", "90m" or plain milliseconds; checked here with the same grammar.
const DURATION_RE = /^\s*\d+(\.\d+)?\s*(ms|milliseconds?|s|secs?|seconds?|m|mins?|minutes?|h|hrs?|hours?|d|days?|w|weeks?)?\s*$/i;

const schema = z.object({
  GITHUB_TOKEN: optionalString,
  ANTHROPIC_API_KEY: optionalString,
  TEMPORAL_ADDRESS: z
    .string()
    .default('localhost:7233')
    .refine((v) => /^[^\s:/]+:\d{1,5}$/.test(v), { message: 'must be host:port, for example localhost:7233' }),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  HELICONE_API_URL: optionalUrl,
  HELICONE_API_KEY: optionalString,
  HELICONE_STATUS_SIGNING_SECRET: optionalString,
  DATA_DIR: z.string().min(1).default('.data'),
  GITHUB_URL: z.string().default('https://github.com').refine(isHttpUrl, { message: 'must be an http(s) URL' }),
  GITHUB_API_URL: z.string().default('https://api.github.com').refine(isHttpUrl, { message: 'must be an http(s) URL' }),
  FORGE: z.enum(['auto', 'local', 'github']).default('auto'),
  FORGE_BOT_OWNER: z
    .string()
    .regex(/^[A-Za-z0-9-]+$/, 'must be a plain account name')
    .default('helicone-bot'),
  BRANCH_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9._/-]+$/, 'must be a valid git branch prefix')
    .default('helicone/integration-'),
  REVIEW_TIMEOUT: z.string().regex(DURATION_RE, 'must be a duration such as "7 days", "36h" or "90m"').default('7 days'),
  INTEGRATOR: z.enum(['auto', 'codemod', 'claude-code']).default('auto'),
  ANTHROPIC_BASE_URL: optionalUrl,
  ANTHROPIC_MODEL: optionalString,
  AGENT_MAX_TURNS: z.coerce.number().int().min(1).max(500).default(40),
  AGENT_MAX_BUDGET_USD: z.coerce.number().positive().max(1000).default(3),
  AGENT_TIMEOUT: z.string().regex(DURATION_RE, 'must be a duration such as "20 minutes"').default('20 minutes'),
  AGENT_VIA_HELICONE: z.enum(['true', 'false']).default('true').transform((v) => v === 'true'),
  AGENT_API_RETRIES: z.coerce.number().int().min(0).max(20).optional(),
  AGENT_API_TIMEOUT_MS: z.coerce.number().int().min(100).optional(),
  DASHBOARD_HOST: z.string().min(1).default('127.0.0.1'),
  DASHBOARD_PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DASHBOARD_TOKEN: optionalString,
  DASHBOARD_SECRET: optionalString,
  TEMPORAL_UI_URL: z.string().default('http://localhost:8233').refine(isHttpUrl, { message: 'must be an http(s) URL' }),
  COMMIT_AUTHOR_NAME: z.string().min(1).default('Helicone Integration Bot'),
  COMMIT_AUTHOR_EMAIL: z.string().email('must be an email address').default('integration-bot@users.noreply.helicone.ai'),
});

/** `FORGE=auto` is resolved at load time: GitHub when a token is set, the local forge otherwise. */
export type Config = Omit<z.infer<typeof schema>, 'DATA_DIR' | 'FORGE'> & { DATA_DIR: string; FORGE: 'local' | 'github' };

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Parses and validates configuration; relative DATA_DIR is resolved against `cwd`. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  const result = schema.safeParse(env);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration (check your environment or .env file):\n${lines.join('\n')}`);
  }
  const data = result.data;
  const forge = data.FORGE === 'auto' ? (data.GITHUB_TOKEN ? 'github' : 'local') : data.FORGE;
  if (forge === 'github' && !data.GITHUB_TOKEN) {
    throw new ConfigError('Invalid configuration (check your environment or .env file):\n  GITHUB_TOKEN: is required when FORGE=github');
  }
  if (data.INTEGRATOR === 'claude-code' && !data.ANTHROPIC_API_KEY) {
    throw new ConfigError('Invalid configuration (check your environment or .env file):\n  ANTHROPIC_API_KEY: is required when INTEGRATOR=claude-code');
  }
  return { ...data, FORGE: forge, DATA_DIR: path.resolve(cwd, data.DATA_DIR) };
}
