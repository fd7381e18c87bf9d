/**
 * Service configuration from environment variables, validated once at start-up. A bad value fails fast with a
 * message that names the variable, instead of surfacing later as an obscure error inside an activity.
 */
import fs from 'node:fs';
import path from 'node:path';
import { loadClientConfigProfile, type ClientConfigProfile } from '@temporalio/envconfig';
import { z } from 'zod';
import { proofSchema } from '../proof/settings';
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

// Temporal accepts durations like "7 days", "36h", "90m" or plain milliseconds; checked here with the same grammar.
const DURATION_RE = /^\s*\d+(\.\d+)?\s*(ms|milliseconds?|s|secs?|seconds?|m|mins?|minutes?|h|hrs?|hours?|d|days?|w|weeks?)?\s*$/i;

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
  // ~/.config/temporalio/temporal.toml), then to the local dev server. Checked further in connection-options.ts.
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
  // Operations: shutdown, logs, metrics, tracing, retention (see README "Production").
  WORKER_SHUTDOWN_GRACE: z.string().regex(DURATION_RE, 'must be a duration such as "30s" or "2 minutes"').default('30s'),
  LOG_FORMAT: z.enum(['json', 'pretty', '']).optional().transform((v) => v || undefined),
  LOG_LEVEL: z.enum(['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', '']).optional().transform((v) => v || 'INFO'),
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
  RETENTION: z.string().regex(DURATION_RE, 'must be a duration such as "7 days" or "0" (delete as soon as an integration ends)').default('7 days'),
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
  AGENT_TIMEOUT: z.string().regex(DURATION_RE, 'must be a duration such as "20 minutes"').default('20 minutes'),
  AGENT_VIA_HELICONE: z.enum(['true', 'false']).default('true').transform((v) => v === 'true'),
  AGENT_API_RETRIES: z.coerce.number().int().min(0).max(20).optional(),
  AGENT_API_TIMEOUT_MS: z.coerce.number().int().min(100).optional(),
  DASHBOARD_HOST: z.string().min(1).default('127.0.0.1'),
  DASHBOARD_PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DASHBOARD_TOKEN: optionalString,
  DASHBOARD_SECRET: optionalString,
  /** Where reviewers reach the dashboard (behind a proxy, or on another name): its host is allowed, https makes cookies Secure. */
  DASHBOARD_PUBLIC_URL: optionalUrl,
  DASHBOARD_SESSION_TTL: z.string().regex(DURATION_RE, 'must be a duration such as "12h" or "30 minutes"').default('12h'),
  /** Trust X-Forwarded-Proto and DASHBOARD_AUTH_HEADER (only behind a proxy that sets them and strips them from clients). */
  DASHBOARD_TRUST_PROXY: optionalBool.transform((v) => v ?? false),
  /** Header of an authenticating proxy naming the signed-in user, e.g. X-Forwarded-User; needs DASHBOARD_TRUST_PROXY. */
  DASHBOARD_AUTH_HEADER: optionalString.refine((v) => v === undefined || /^[A-Za-z0-9-]+$/.test(v), { message: 'must be a header name such as X-Forwarded-User' }),
  /** File of `name:sha256-hex-of-token` lines: named reviewer tokens (the sign-in form takes the token only). */
  DASHBOARD_REVIEWERS_FILE: optionalString,
  TEMPORAL_UI_URL: z.string().default('http://localhost:8233').refine(isHttpUrl, { message: 'must be an http(s) URL' }),
  // Unset: commits are authored as the forge's bot account (on GitHub the token's user and its noreply address).
  COMMIT_AUTHOR_NAME: optionalString,
  COMMIT_AUTHOR_EMAIL: optionalString.refine((v) => v === undefined || z.email().safeParse(v).success, { message: 'must be an email address' }),
  // The proof: the repository's own checks in a sandbox, before and after the change (see proof/settings.ts).
  ...proofSchema,
});

type TemporalKey = (typeof PROFILE_KEYS)[number];

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
  TEMPORAL_PROFILE_SOURCE?: { profile: string; file: string; keys: TemporalKey[] };
};

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

const INVALID = 'Invalid configuration (check your environment or .env file):';

/** The connection settings a Temporal profile can provide, by the environment variable that overrides each. */
const PROFILE_KEYS = [
  'TEMPORAL_ADDRESS',
  'TEMPORAL_NAMESPACE',
  'TEMPORAL_API_KEY',
  'TEMPORAL_TLS',
  'TEMPORAL_TLS_CLIENT_CERT_PATH',
  'TEMPORAL_TLS_CLIENT_CERT_DATA',
  'TEMPORAL_TLS_CLIENT_KEY_PATH',
  'TEMPORAL_TLS_CLIENT_KEY_DATA',
  'TEMPORAL_TLS_SERVER_CA_CERT_PATH',
  'TEMPORAL_TLS_SERVER_CA_CERT_DATA',
  'TEMPORAL_TLS_SERVER_NAME',
] as const;

function fromSource(source: { path: string } | { data: string | Uint8Array } | undefined, kind: 'path' | 'data'): string | undefined {
  if (!source) return undefined;
  if (kind === 'path') return 'path' in source ? source.path : undefined;
  return 'data' in source ? (typeof source.data === 'string' ? source.data : Buffer.from(source.data).toString('utf8')) : undefined;
}

/** A profile's settings under the environment variable names, so the rest of the service sees one flat shape. */
function flattenProfile(p: ClientConfigProfile): Partial<Record<TemporalKey, string | boolean>> {
  const flat: Partial<Record<TemporalKey, string | boolean | undefined>> = {
    TEMPORAL_ADDRESS: p.address,
    TEMPORAL_NAMESPACE: p.namespace,
    TEMPORAL_API_KEY: p.apiKey,
    TEMPORAL_TLS: p.tls ? !p.tls.disabled : undefined,
    TEMPORAL_TLS_CLIENT_CERT_PATH: fromSource(p.tls?.clientCert, 'path'),
    TEMPORAL_TLS_CLIENT_CERT_DATA: fromSource(p.tls?.clientCert, 'data'),
    TEMPORAL_TLS_CLIENT_KEY_PATH: fromSource(p.tls?.clientKey, 'path'),
    TEMPORAL_TLS_CLIENT_KEY_DATA: fromSource(p.tls?.clientKey, 'data'),
    TEMPORAL_TLS_SERVER_CA_CERT_PATH: fromSource(p.tls?.serverCACert, 'path'),
    TEMPORAL_TLS_SERVER_CA_CERT_DATA: fromSource(p.tls?.serverCACert, 'data'),
    TEMPORAL_TLS_SERVER_NAME: p.tls?.serverName,
  };
  return Object.fromEntries(Object.entries(flat).filter(([, v]) => v !== undefined && v !== '')) as Partial<Record<TemporalKey, string | boolean>>;
}

/**
 * Reads the Temporal TOML profile the `temporal` CLI would use: TEMPORAL_PROFILE (default "default") from
 * TEMPORAL_CONFIG_FILE, or from ~/.config/temporalio/temporal.toml when that exists. No file, no profile.
 */
function readTemporalProfile(env: NodeJS.ProcessEnv): Config['TEMPORAL_PROFILE_SOURCE'] & { values: ReturnType<typeof flattenProfile> } | undefined {
  const nonEmpty = Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1].trim() !== ''));
  const explicitFile = nonEmpty.TEMPORAL_CONFIG_FILE;
  const home = nonEmpty.XDG_CONFIG_HOME ?? (nonEmpty.HOME ? path.join(nonEmpty.HOME, '.config') : undefined);
  const file = explicitFile ?? (home ? path.join(home, 'temporalio', 'temporal.toml') : undefined);
  const profileName = nonEmpty.TEMPORAL_PROFILE;
  if (!file || !fs.existsSync(file)) {
    // Temporal's loader silently ignores a missing file; a file someone named must exist.
    if (explicitFile) throw new ConfigError(`${INVALID}\n  TEMPORAL_CONFIG_FILE: ${explicitFile} does not exist`);
    if (profileName) throw new ConfigError(`${INVALID}\n  TEMPORAL_PROFILE: profile "${profileName}" requested but no Temporal config file was found (set TEMPORAL_CONFIG_FILE)`);
    return undefined;
  }
  let profile: ClientConfigProfile;
  try {
    profile = loadClientConfigProfile({ configSource: { path: file }, disableEnv: true, ...(profileName ? { profile: profileName } : {}) });
  } catch (err) {
    const setting = profileName && /not found/i.test(String(err)) ? 'TEMPORAL_PROFILE' : 'TEMPORAL_CONFIG_FILE';
    throw new ConfigError(`${INVALID}\n  ${setting}: cannot use ${profileName ? `profile "${profileName}" of ` : ''}${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
  const values = flattenProfile(profile);
  return { profile: profileName ?? 'default', file, keys: Object.keys(values) as TemporalKey[], values };
}

/** Parses and validates configuration; relative DATA_DIR is resolved against `cwd`. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  const result = schema.safeParse(env);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`${INVALID}\n${lines.join('\n')}`);
  }
  const { TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, ...data } = result.data;
  const profile = readTemporalProfile(env);
  // The environment wins over the profile, key by key, as in the `temporal` CLI.
  const temporal: Record<string, unknown> = {};
  const keys: TemporalKey[] = [];
  for (const key of PROFILE_KEYS) {
    const own = key === 'TEMPORAL_ADDRESS' ? TEMPORAL_ADDRESS : key === 'TEMPORAL_NAMESPACE' ? TEMPORAL_NAMESPACE : data[key];
    const fromProfile = profile?.values[key];
    if (own === undefined && fromProfile !== undefined) keys.push(key);
    temporal[key] = own ?? fromProfile;
  }
  const address = (temporal.TEMPORAL_ADDRESS as string | undefined) ?? 'localhost:7233';
  if (!HOST_PORT_RE.test(address)) {
    throw new ConfigError(`${INVALID}\n  TEMPORAL_ADDRESS (address in profile "${profile?.profile}" of ${profile?.file}): ${HOST_PORT_MESSAGE}`);
  }
  const forge = data.FORGE === 'auto' ? (data.GITHUB_TOKEN ? 'github' : 'local') : data.FORGE;
  if (forge === 'github' && !data.GITHUB_TOKEN) {
    throw new ConfigError(`${INVALID}\n  GITHUB_TOKEN: is required when FORGE=github`);
  }
  if (data.INTEGRATOR === 'claude-code' && !data.ANTHROPIC_API_KEY) {
    throw new ConfigError(`${INVALID}\n  ANTHROPIC_API_KEY: is required when INTEGRATOR=claude-code`);
  }
  if (data.DASHBOARD_AUTH_HEADER && !data.DASHBOARD_TRUST_PROXY) {
    throw new ConfigError(`${INVALID}\n  DASHBOARD_AUTH_HEADER: is honoured only with DASHBOARD_TRUST_PROXY=true (behind a proxy that sets it)`);
  }
  if (data.DASHBOARD_REVIEWERS_FILE && !fs.existsSync(path.resolve(cwd, data.DASHBOARD_REVIEWERS_FILE))) {
    throw new ConfigError(`${INVALID}\n  DASHBOARD_REVIEWERS_FILE: ${data.DASHBOARD_REVIEWERS_FILE} does not exist`);
  }
  return {
    ...data,
    ...temporal,
    TEMPORAL_ADDRESS: address,
    TEMPORAL_NAMESPACE: (temporal.TEMPORAL_NAMESPACE as string | undefined) ?? 'default',
    FORGE: forge,
    DATA_DIR: path.resolve(cwd, data.DATA_DIR),
    ...(profile && keys.length ? { TEMPORAL_PROFILE_SOURCE: { profile: profile.profile, file: profile.file, keys } } : {}),
  };
}
