/**
 * Service configuration from environment variables, validated once at start-up. A bad value fails fast with a
 * message that names the variable, instead of surfacing later as an obscure error inside an activity.
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { proofSchema } from '../proof/settings';
import { durationMs, isDuration } from './duration';
import { FailureType } from './failures';
import { loadTemporalEnvironment, TemporalProfileError, type TemporalEnvironment, type TemporalProfileSource } from './temporal-profile';
import { DEFAULT_ROUTING, ROUTING_MODES } from './types';

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

/**
 * A Temporal duration setting, checked with the SDK's own grammar (shared/duration.ts) so the worker and the
 * workflows can use every value accepted here; empty means unset, like every other variable.
 */
const duration = (fallback: string, example: string) =>
  z
    .string()
    .optional()
    .transform((v) => v?.trim() || fallback)
    .refine(isDuration, { message: `must be a duration such as ${example}` });

const HOST_PORT_RE = /^[^\s:/]+:\d{1,5}$/;
const HOST_PORT_MESSAGE = 'must be host:port, for example localhost:7233';
const optionalBool = z
  .enum(['true', 'false', '1', '0', ''])
  .optional()
  .transform((v) => (v === undefined || v === '' ? undefined : v === 'true' || v === '1'));

const schema = z.object({
  GITHUB_TOKEN: optionalString,
  ANTHROPIC_API_KEY: optionalString,
  // Temporal connection: the names and meaning of Temporal's own environment configuration (the `temporal` CLI
  // reads the same ones). Unset values fall back to the TOML profile (TEMPORAL_PROFILE in TEMPORAL_CONFIG_FILE or
  // ~/.config/temporalio/temporal.toml), then to the local dev server: shared/temporal-profile.ts, by the SDK's
  // loader. Checked further in connection-options.ts.
  TEMPORAL_ADDRESS: optionalString.refine((v) => v === undefined || HOST_PORT_RE.test(v), { message: HOST_PORT_MESSAGE }),
  TEMPORAL_NAMESPACE: optionalString,
  TEMPORAL_API_KEY: optionalString,
  TEMPORAL_PROFILE: optionalString,
  TEMPORAL_CONFIG_FILE: optionalString,
  TEMPORAL_TLS: optionalBool,
  TEMPORAL_TLS_CLIENT_CERT_PATH: optionalString,
  TEMPORAL_TLS_CLIENT_KEY_PATH: optionalString,
  TEMPORAL_TLS_CLIENT_CERT_DATA: optionalString,
  TEMPORAL_TLS_CLIENT_KEY_DATA: optionalString,
  TEMPORAL_TLS_SERVER_CA_CERT_PATH: optionalString,
  TEMPORAL_TLS_SERVER_CA_CERT_DATA: optionalString,
  TEMPORAL_TLS_SERVER_NAME: optionalString,
  // Operations: shutdown, logs, metrics, tracing, retention (see docs/production.md).
  WORKER_SHUTDOWN_GRACE: duration('30s', '"30s" or "2 minutes"'),
  LOG_FORMAT: z
    .enum(['json', 'pretty', ''])
    .optional()
    .transform((v) => v || undefined),
  LOG_LEVEL: z
    .enum(['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', ''])
    .optional()
    .transform((v) => v || 'INFO'),
  TEMPORAL_METRICS_BIND: optionalString.refine((v) => v === undefined || HOST_PORT_RE.test(v), {
    message: 'must be host:port, for example 0.0.0.0:9464',
  }),
  METRICS_PORT: z
    .union([z.literal(''), z.coerce.number().int().min(0).max(65535)])
    .optional()
    .transform((v) => (v === '' ? undefined : v)),
  METRICS_HOST: z.string().min(1).default('0.0.0.0'),
  OTEL_EXPORTER_OTLP_ENDPOINT: optionalUrl,
  OTEL_SERVICE_NAME: z.string().min(1).default('helicone-integrator'),
  RETENTION: duration('7 days', '"7 days" or "0" (delete as soon as an integration ends)'),
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
  REVIEW_TIMEOUT: duration('7 days', '"7 days", "36h" or "90m"'),
  /** The upstream PR tracker closes a PR nobody answered for this long, once, with one comment; "off": never. */
  STALE_AFTER: z
    .string()
    .optional()
    .transform((v) => v?.trim() || '60 days')
    .refine((v) => v.toLowerCase() === 'off' || (isDuration(v) && durationMs(v)! > 0), {
      message: 'must be a duration such as "60 days" or "8 weeks", or "off"',
    }),
  /** Ask first: a proposal issue nobody answered for this long is closed, once, and nothing is integrated. */
  ASK_FIRST_TIMEOUT: duration('14 days', '"14 days", "2 weeks" or "36h"'),
  INTEGRATOR: z.enum(['auto', 'codemod', 'claude-code']).default('auto'),
  /** Default routing mode of integrations whose input names none: `optional` (only with HELICONE_API_KEY) or `always`. */
  ROUTING: z.enum(ROUTING_MODES, { message: `must be one of ${ROUTING_MODES.join(', ')}` }).default(DEFAULT_ROUTING),
  ANTHROPIC_BASE_URL: optionalUrl,
  ANTHROPIC_MODEL: optionalString,
  /** The model discovery ranks with (defaults to ANTHROPIC_MODEL, then claude-sonnet-4-5). */
  DISCOVERY_MODEL: optionalString,
  /** File of `owner/name` lines discovery never proposes (read by `npm run discover`). */
  DISCOVERY_OPT_OUT_FILE: optionalString,
  AGENT_MAX_TURNS: z.coerce.number().int().min(1).max(500).default(40),
  AGENT_MAX_BUDGET_USD: z.coerce.number().positive().max(1000).default(3),
  AGENT_TIMEOUT: duration('20 minutes', '"20 minutes"'),
  AGENT_VIA_HELICONE: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  AGENT_API_RETRIES: z.coerce.number().int().min(0).max(20).optional(),
  AGENT_API_TIMEOUT_MS: z.coerce.number().int().min(100).optional(),
  DASHBOARD_HOST: z.string().min(1).default('127.0.0.1'),
  DASHBOARD_PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DASHBOARD_TOKEN: optionalString,
  DASHBOARD_SECRET: optionalString,
  /** Where reviewers reach the dashboard (behind a proxy, or on another name): its host is allowed, https makes cookies Secure. */
  DASHBOARD_PUBLIC_URL: optionalUrl,
  DASHBOARD_SESSION_TTL: duration('12h', '"12h" or "30 minutes"'),
  /** Trust X-Forwarded-Proto and DASHBOARD_AUTH_HEADER (only behind a proxy that sets them and strips them from clients). */
  DASHBOARD_TRUST_PROXY: optionalBool.transform((v) => v ?? false),
  /** Header of an authenticating proxy naming the signed-in user, e.g. X-Forwarded-User; needs DASHBOARD_TRUST_PROXY. */
  DASHBOARD_AUTH_HEADER: optionalString.refine((v) => v === undefined || /^[A-Za-z0-9-]+$/.test(v), {
    message: 'must be a header name such as X-Forwarded-User',
  }),
  /** File of `name:sha256-hex-of-token` lines: named reviewer tokens (the sign-in form takes the token only). */
  DASHBOARD_REVIEWERS_FILE: optionalString,
  /** The webhook receiver (`helicone-integrator webhooks`): the secret GitHub signs deliveries with (required there; a
   * short one could be guessed from signed deliveries), and where it listens. */
  WEBHOOK_SECRET: optionalString.refine((v) => v === undefined || v.length >= 16, {
    message: 'must be at least 16 characters (for example the output of `openssl rand -hex 32`)',
  }),
  WEBHOOK_HOST: z.string().min(1).default('127.0.0.1'),
  WEBHOOK_PORT: z.coerce.number().int().min(0).max(65535).default(8788),
  TEMPORAL_UI_URL: z.string().default('http://localhost:8233').refine(isHttpUrl, { message: 'must be an http(s) URL' }),
  // Unset: commits are authored as the forge's bot account (on GitHub the token's user and its noreply address).
  COMMIT_AUTHOR_NAME: optionalString,
  COMMIT_AUTHOR_EMAIL: optionalString.refine((v) => v === undefined || z.email().safeParse(v).success, {
    message: 'must be an email address',
  }),
  // The proof: the repository's own checks in a sandbox, before and after the change (see proof/settings.ts).
  ...proofSchema,
});

/**
 * `FORGE=auto` is resolved at load time: GitHub when a token is set, the local forge otherwise. The Temporal
 * settings are the effective ones (environment, else profile, else the local defaults).
 */
export type Config = Omit<z.infer<typeof schema>, 'DATA_DIR' | 'FORGE' | 'TEMPORAL_ADDRESS' | 'TEMPORAL_NAMESPACE'> & {
  DATA_DIR: string;
  FORGE: 'local' | 'github';
  TEMPORAL_ADDRESS: string;
  TEMPORAL_NAMESPACE: string;
  /** Which Temporal settings came from a TOML profile, and where it is (for error messages). */
  TEMPORAL_PROFILE_SOURCE?: TemporalProfileSource;
  /** gRPC headers sent with every Temporal call (profile `grpc_meta`, TEMPORAL_GRPC_META_<NAME> variables). */
  TEMPORAL_GRPC_META?: Record<string, string>;
};

export class ConfigError extends Error {
  override readonly name = FailureType.ConfigError;
}

const INVALID = 'Invalid configuration (check your environment or .env file):';

/** Parses and validates configuration; relative DATA_DIR is resolved against `cwd`. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  const result = schema.safeParse(env);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`${INVALID}\n${lines.join('\n')}`);
  }
  const data = result.data;
  let temporal: TemporalEnvironment;
  try {
    temporal = loadTemporalEnvironment(env);
  } catch (err) {
    if (err instanceof TemporalProfileError) throw new ConfigError(`${INVALID}\n  ${err.setting}: ${err.message}`);
    throw err;
  }
  const address = temporal.values.TEMPORAL_ADDRESS ?? 'localhost:7233';
  if (!HOST_PORT_RE.test(address)) {
    const where = temporal.source;
    throw new ConfigError(
      `${INVALID}\n  TEMPORAL_ADDRESS (address in profile "${where?.profile}" of ${where?.file}): ${HOST_PORT_MESSAGE}`,
    );
  }
  const forge = data.FORGE === 'auto' ? (data.GITHUB_TOKEN ? 'github' : 'local') : data.FORGE;
  if (forge === 'github' && !data.GITHUB_TOKEN) {
    throw new ConfigError(`${INVALID}\n  GITHUB_TOKEN: is required when FORGE=github`);
  }
  if (data.INTEGRATOR === 'claude-code' && !data.ANTHROPIC_API_KEY) {
    throw new ConfigError(`${INVALID}\n  ANTHROPIC_API_KEY: is required when INTEGRATOR=claude-code`);
  }
  if (data.DASHBOARD_AUTH_HEADER && !data.DASHBOARD_TRUST_PROXY) {
    throw new ConfigError(
      `${INVALID}\n  DASHBOARD_AUTH_HEADER: is honoured only with DASHBOARD_TRUST_PROXY=true (behind a proxy that sets it)`,
    );
  }
  if (data.DASHBOARD_REVIEWERS_FILE && !fs.existsSync(path.resolve(cwd, data.DASHBOARD_REVIEWERS_FILE))) {
    throw new ConfigError(`${INVALID}\n  DASHBOARD_REVIEWERS_FILE: ${data.DASHBOARD_REVIEWERS_FILE} does not exist`);
  }
  return {
    ...data,
    // The effective values (environment over profile, as the SDK's loader merged them) replace the environment's.
    ...temporal.values,
    TEMPORAL_ADDRESS: address,
    TEMPORAL_NAMESPACE: temporal.values.TEMPORAL_NAMESPACE ?? 'default',
    FORGE: forge,
    DATA_DIR: path.resolve(cwd, data.DATA_DIR),
    ...(temporal.source ? { TEMPORAL_PROFILE_SOURCE: temporal.source } : {}),
    ...(temporal.grpcMeta ? { TEMPORAL_GRPC_META: temporal.grpcMeta } : {}),
  };
}
