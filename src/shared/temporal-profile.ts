/**
 * The Temporal connection settings as the `temporal` CLI computes them, by the SDK's own loader
 * (`@temporalio/envconfig`): TEMPORAL_* environment variables over the TOML profile (TEMPORAL_PROFILE, default
 * "default", in TEMPORAL_CONFIG_FILE or the platform's temporalio/temporal.toml). What is ours: a file or profile
 * someone named must exist (the loader ignores a missing file), the settings keep their environment variable names
 * (every error message names one), and each remembers whether it came from the profile.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadClientConfigProfile, type ClientConfigProfile, type ConfigDataSource } from '@temporalio/envconfig';

/** The connection settings a profile can provide, by the environment variable that overrides each. */
export const TEMPORAL_KEYS = [
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

export type TemporalKey = (typeof TEMPORAL_KEYS)[number];

/** Files given as a path or as their content (PEM or base64), never both. */
const PEM_PAIRS = [
  ['TEMPORAL_TLS_CLIENT_CERT_PATH', 'TEMPORAL_TLS_CLIENT_CERT_DATA'],
  ['TEMPORAL_TLS_CLIENT_KEY_PATH', 'TEMPORAL_TLS_CLIENT_KEY_DATA'],
  ['TEMPORAL_TLS_SERVER_CA_CERT_PATH', 'TEMPORAL_TLS_SERVER_CA_CERT_DATA'],
] as const;

/** Every setting is text but TEMPORAL_TLS, which is on or off. */
export type TemporalValues = { [K in TemporalKey]?: K extends 'TEMPORAL_TLS' ? boolean : string };

export interface TemporalProfileSource {
  profile: string;
  file: string;
  /** The settings the profile provided (the environment set none of them). */
  keys: TemporalKey[];
}

export interface TemporalEnvironment {
  values: TemporalValues;
  /** gRPC headers from the profile's grpc_meta and TEMPORAL_GRPC_META_* variables. */
  grpcMeta?: Record<string, string>;
  source?: TemporalProfileSource;
}

/** A setting that makes the profile unusable, and why; config.ts words it as a configuration error. */
export class TemporalProfileError extends Error {
  override readonly name = 'TemporalProfileError';
  constructor(
    readonly setting: 'TEMPORAL_CONFIG_FILE' | 'TEMPORAL_PROFILE',
    message: string,
  ) {
    super(message);
  }
}

/** Where the `temporal` CLI and the SDK look when TEMPORAL_CONFIG_FILE is unset (Go's os.UserConfigDir). */
export function defaultTemporalConfigFile(env: Record<string, string>, platform: NodeJS.Platform = os.platform()): string | undefined {
  let dir: string | undefined;
  if (platform === 'win32') dir = env.APPDATA;
  else if (platform === 'darwin') dir = env.HOME && path.join(env.HOME, 'Library', 'Application Support');
  else
    dir = env.XDG_CONFIG_HOME
      ? path.isAbsolute(env.XDG_CONFIG_HOME)
        ? env.XDG_CONFIG_HOME
        : undefined
      : env.HOME && path.join(env.HOME, '.config');
  return dir ? path.join(dir, 'temporalio', 'temporal.toml') : undefined;
}

export function loadTemporalEnvironment(rawEnv: NodeJS.ProcessEnv): TemporalEnvironment {
  // Empty values (a copied .env.example) mean unset; the loader would let an empty TEMPORAL_ADDRESS win.
  const env = Object.fromEntries(
    Object.entries(rawEnv).flatMap(([k, v]) => (typeof v === 'string' && v.trim() !== '' ? [[k, v.trim()]] : [])),
  ) as Record<string, string>;
  const explicitFile = env.TEMPORAL_CONFIG_FILE;
  const profileName = env.TEMPORAL_PROFILE;
  const file = explicitFile ?? defaultTemporalConfigFile(env);
  const hasFile = file !== undefined && fs.existsSync(file);
  if (!hasFile && explicitFile) throw new TemporalProfileError('TEMPORAL_CONFIG_FILE', `${explicitFile} does not exist`);
  if (!hasFile && profileName) {
    throw new TemporalProfileError(
      'TEMPORAL_PROFILE',
      `profile "${profileName}" requested but no Temporal config file was found (set TEMPORAL_CONFIG_FILE)`,
    );
  }
  // The loader refuses a file given both as a path and as data in words of TOML keys; keep the data aside so that
  // connection-options.ts refuses the pair naming both variables, as for every other conflict.
  const loaderEnv = { ...env };
  const deferred: TemporalValues = {};
  for (const [pathKey, dataKey] of PEM_PAIRS) {
    if (env[pathKey] !== undefined && env[dataKey] !== undefined) {
      deferred[dataKey] = env[dataKey];
      delete loaderEnv[dataKey];
    }
  }
  const load = (disableEnv: boolean): ClientConfigProfile => {
    try {
      return loadClientConfigProfile({
        overrideEnvVars: loaderEnv,
        disableEnv,
        ...(hasFile ? { configSource: { path: file } } : { disableFile: true }),
      });
    } catch (err) {
      const setting = profileName && /not found/i.test(String(err)) ? 'TEMPORAL_PROFILE' : 'TEMPORAL_CONFIG_FILE';
      throw new TemporalProfileError(
        setting,
        `cannot use ${profileName ? `profile "${profileName}" of ` : ''}${file}: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
  };
  const effective = load(false);
  const values = { ...flatten(effective), ...deferred };
  if (!hasFile) return { values, ...grpc(effective) };
  // A setting came from the profile when the profile alone has it and the environment does not set it.
  const keys = (Object.keys(flatten(load(true))) as TemporalKey[]).filter((k) => env[k] === undefined);
  return { values, ...grpc(effective), ...(keys.length ? { source: { profile: profileName ?? 'default', file, keys } } : {}) };
}

function grpc(p: ClientConfigProfile): Pick<TemporalEnvironment, 'grpcMeta'> {
  return p.grpcMeta && Object.keys(p.grpcMeta).length ? { grpcMeta: p.grpcMeta } : {};
}

function fromSource(source: ConfigDataSource | undefined, kind: 'path' | 'data'): string | undefined {
  if (!source) return undefined;
  if (kind === 'path') return 'path' in source ? source.path : undefined;
  return 'data' in source ? (typeof source.data === 'string' ? source.data : Buffer.from(source.data).toString('utf8')) : undefined;
}

/** A profile under the environment variable names, so the rest of the service sees one flat shape. */
function flatten(p: ClientConfigProfile): TemporalValues {
  const flat: Required<{ [K in TemporalKey]: TemporalValues[K] | undefined }> = {
    TEMPORAL_ADDRESS: p.address,
    TEMPORAL_NAMESPACE: p.namespace,
    TEMPORAL_API_KEY: p.apiKey,
    // A [tls] table (or any TLS variable) turns TLS on unless it says disabled, as in the SDK's toClientOptions.
    TEMPORAL_TLS: p.tls ? !p.tls.disabled : undefined,
    TEMPORAL_TLS_CLIENT_CERT_PATH: fromSource(p.tls?.clientCert, 'path'),
    TEMPORAL_TLS_CLIENT_CERT_DATA: fromSource(p.tls?.clientCert, 'data'),
    TEMPORAL_TLS_CLIENT_KEY_PATH: fromSource(p.tls?.clientKey, 'path'),
    TEMPORAL_TLS_CLIENT_KEY_DATA: fromSource(p.tls?.clientKey, 'data'),
    TEMPORAL_TLS_SERVER_CA_CERT_PATH: fromSource(p.tls?.serverCACert, 'path'),
    TEMPORAL_TLS_SERVER_CA_CERT_DATA: fromSource(p.tls?.serverCACert, 'data'),
    TEMPORAL_TLS_SERVER_NAME: p.tls?.serverName,
  };
  return Object.fromEntries(Object.entries(flat).filter(([, v]) => v !== undefined && v !== '')) as TemporalValues;
}
