/**
 * Builds the Temporal connection options shared by the client (CLI, dashboard) and the worker's NativeConnection
 * from the effective configuration (environment over TOML profile, merged by the SDK's loader in
 * shared/temporal-profile.ts): address, namespace,
 * API key (TLS on by default with a key, as Temporal Cloud requires), mTLS client certificate and key from files or
 * from PEM / base64 in variables, server CA and SNI override. Every problem names the setting that causes it.
 */
import fs from 'node:fs';
import type { TLSConfig } from '@temporalio/client';
import { toClientOptions } from '@temporalio/envconfig';
import { z } from 'zod';
import type { Config } from '../../shared/config';

export type TemporalSettings = Pick<Config, 'TEMPORAL_ADDRESS' | 'TEMPORAL_NAMESPACE'> &
  Partial<
    Pick<
      Config,
      | 'TEMPORAL_API_KEY'
      | 'TEMPORAL_TLS'
      | 'TEMPORAL_TLS_CLIENT_CERT_PATH'
      | 'TEMPORAL_TLS_CLIENT_CERT_DATA'
      | 'TEMPORAL_TLS_CLIENT_KEY_PATH'
      | 'TEMPORAL_TLS_CLIENT_KEY_DATA'
      | 'TEMPORAL_TLS_SERVER_CA_CERT_PATH'
      | 'TEMPORAL_TLS_SERVER_CA_CERT_DATA'
      | 'TEMPORAL_TLS_SERVER_NAME'
      | 'TEMPORAL_PROFILE_SOURCE'
      | 'TEMPORAL_GRPC_META'
    >
  >;

/** What both `Connection.connect` and `NativeConnection.connect` accept, plus how to describe it in messages. */
export interface TemporalConnectionOptions {
  address: string;
  namespace: string;
  apiKey?: string;
  /** `false`: plaintext (the local dev server). */
  tls: TLSConfig | false;
  /** gRPC headers for every call (TEMPORAL_GRPC_META_<NAME>, or grpc_meta in the profile). */
  metadata?: Record<string, string>;
  /** Which credential the server will judge, for error messages: 'api-key', 'mtls' or 'none'. */
  auth: 'api-key' | 'mtls' | 'none';
}

export class TemporalSettingsError extends Error {
  override readonly name = 'TemporalSettingsError';
}

type Key = keyof TemporalSettings & `TEMPORAL_${string}`;

/** The setting's name, and where it came from when a TOML profile provided it. */
export function settingName(settings: TemporalSettings, key: Key): string {
  const src = settings.TEMPORAL_PROFILE_SOURCE;
  return src?.keys.includes(key as never) ? `${key} (from profile "${src.profile}" in ${src.file})` : key;
}

const PEM_RE = /-----BEGIN [A-Z0-9 ]+-----/;

/** PEM text as is, or base64 of PEM text (convenient in a single-line secret). Anything else is refused. */
function decodePem(value: string, what: string, name: string): Buffer {
  if (PEM_RE.test(value)) return Buffer.from(value.replace(/\\n/g, '\n'));
  const compact = value.replace(/\s+/g, '');
  if (/^[A-Za-z0-9+/]+={0,2}$/.test(compact)) {
    const decoded = Buffer.from(compact, 'base64');
    if (PEM_RE.test(decoded.toString('utf8'))) return decoded;
  }
  throw new TemporalSettingsError(`${name}: must hold the ${what} as PEM text or base64-encoded PEM`);
}

function readPemFile(file: string, what: string, name: string, readFile: (p: string) => Buffer): Buffer {
  let content: Buffer;
  try {
    content = readFile(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EACCES'
          ? 'permission denied'
          : code === 'EISDIR'
            ? 'is a directory'
            : (err as Error).message;
    throw new TemporalSettingsError(`${name}: cannot read the ${what} file ${file}: ${reason}`);
  }
  if (!PEM_RE.test(content.toString('utf8'))) throw new TemporalSettingsError(`${name}: ${file} is not a PEM file (no "-----BEGIN" line)`);
  return content;
}

/** Settings that must not be combined or must come in pairs, checked before any file is read. */
const rules = z
  .object({
    TEMPORAL_TLS: z.boolean().optional(),
    TEMPORAL_API_KEY: z.string().optional(),
    TEMPORAL_TLS_CLIENT_CERT_PATH: z.string().optional(),
    TEMPORAL_TLS_CLIENT_CERT_DATA: z.string().optional(),
    TEMPORAL_TLS_CLIENT_KEY_PATH: z.string().optional(),
    TEMPORAL_TLS_CLIENT_KEY_DATA: z.string().optional(),
    TEMPORAL_TLS_SERVER_CA_CERT_PATH: z.string().optional(),
    TEMPORAL_TLS_SERVER_CA_CERT_DATA: z.string().optional(),
    TEMPORAL_TLS_SERVER_NAME: z.string().optional(),
  })
  .superRefine((s, ctx) => {
    const both = (a: Key, b: Key) => {
      if (s[a as keyof typeof s] !== undefined && s[b as keyof typeof s] !== undefined) {
        ctx.addIssue({ code: 'custom', path: [a], message: `set either ${a} or ${b}, not both` });
      }
    };
    both('TEMPORAL_TLS_CLIENT_CERT_PATH', 'TEMPORAL_TLS_CLIENT_CERT_DATA');
    both('TEMPORAL_TLS_CLIENT_KEY_PATH', 'TEMPORAL_TLS_CLIENT_KEY_DATA');
    both('TEMPORAL_TLS_SERVER_CA_CERT_PATH', 'TEMPORAL_TLS_SERVER_CA_CERT_DATA');
    const cert = s.TEMPORAL_TLS_CLIENT_CERT_PATH ?? s.TEMPORAL_TLS_CLIENT_CERT_DATA;
    const key = s.TEMPORAL_TLS_CLIENT_KEY_PATH ?? s.TEMPORAL_TLS_CLIENT_KEY_DATA;
    if (cert !== undefined && key === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['TEMPORAL_TLS_CLIENT_KEY_PATH'],
        message: 'a client certificate is set but no key (TEMPORAL_TLS_CLIENT_KEY_PATH or _DATA)',
      });
    }
    if (key !== undefined && cert === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['TEMPORAL_TLS_CLIENT_CERT_PATH'],
        message: 'a client key is set but no certificate (TEMPORAL_TLS_CLIENT_CERT_PATH or _DATA)',
      });
    }
    const tlsOnly = cert ?? key ?? s.TEMPORAL_TLS_SERVER_CA_CERT_PATH ?? s.TEMPORAL_TLS_SERVER_CA_CERT_DATA ?? s.TEMPORAL_TLS_SERVER_NAME;
    if (s.TEMPORAL_TLS === false && tlsOnly !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['TEMPORAL_TLS'],
        message: 'is false, but TLS certificate settings are set: remove one or the other',
      });
    }
  });

/**
 * Resolves and validates the connection settings; reads certificate files (`readFile` is injectable for tests).
 * Throws TemporalSettingsError naming the setting at fault.
 */
export function temporalConnectionOptions(
  settings: TemporalSettings,
  readFile: (p: string) => Buffer = (p) => fs.readFileSync(p),
): TemporalConnectionOptions {
  const checked = rules.safeParse(settings);
  if (!checked.success) {
    const lines = checked.error.issues.map((i) => `  ${settingName(settings, String(i.path[0]) as Key)}: ${i.message}`);
    throw new TemporalSettingsError(`Invalid Temporal connection settings:\n${lines.join('\n')}`);
  }
  const s = checked.data;
  const pem = (pathKey: Key, dataKey: Key, what: string): Buffer | undefined => {
    const file = s[pathKey as keyof typeof s] as string | undefined;
    if (file !== undefined) return readPemFile(file, what, settingName(settings, pathKey), readFile);
    const data = s[dataKey as keyof typeof s] as string | undefined;
    return data !== undefined ? decodePem(data, what, settingName(settings, dataKey)) : undefined;
  };
  const crt = pem('TEMPORAL_TLS_CLIENT_CERT_PATH', 'TEMPORAL_TLS_CLIENT_CERT_DATA', 'client certificate');
  const key = pem('TEMPORAL_TLS_CLIENT_KEY_PATH', 'TEMPORAL_TLS_CLIENT_KEY_DATA', 'client private key');
  const ca = pem('TEMPORAL_TLS_SERVER_CA_CERT_PATH', 'TEMPORAL_TLS_SERVER_CA_CERT_DATA', 'server CA certificate');

  // Temporal's own rule (envconfig's toClientOptions): TLS when a TLS setting or an API key is given (Temporal
  // Cloud), off when TEMPORAL_TLS=false. The files reach it already read and checked, so a bad one is named above.
  const tlsGiven =
    s.TEMPORAL_TLS !== undefined || crt !== undefined || key !== undefined || ca !== undefined || s.TEMPORAL_TLS_SERVER_NAME !== undefined;
  const { connectionOptions } = toClientOptions({
    address: settings.TEMPORAL_ADDRESS,
    namespace: settings.TEMPORAL_NAMESPACE,
    ...(s.TEMPORAL_API_KEY ? { apiKey: s.TEMPORAL_API_KEY } : {}),
    ...(tlsGiven
      ? {
          tls: {
            disabled: s.TEMPORAL_TLS === false,
            ...(s.TEMPORAL_TLS_SERVER_NAME ? { serverName: s.TEMPORAL_TLS_SERVER_NAME } : {}),
            ...(crt ? { clientCert: { data: crt } } : {}),
            ...(key ? { clientKey: { data: key } } : {}),
            ...(ca ? { serverCACert: { data: ca } } : {}),
          },
        }
      : {}),
  });
  const tls = connectionOptions.tls === true ? {} : (connectionOptions.tls ?? false);
  return {
    address: settings.TEMPORAL_ADDRESS,
    namespace: settings.TEMPORAL_NAMESPACE,
    ...(s.TEMPORAL_API_KEY ? { apiKey: s.TEMPORAL_API_KEY } : {}),
    tls: tls === false ? false : withoutUndefined(tls),
    ...(settings.TEMPORAL_GRPC_META ? { metadata: settings.TEMPORAL_GRPC_META } : {}),
    auth: s.TEMPORAL_API_KEY ? 'api-key' : crt ? 'mtls' : 'none',
  };
}

/** The SDK's TLS object lists unset fields as undefined; drop them so the options print and compare cleanly. */
function withoutUndefined(tls: TLSConfig): TLSConfig {
  return Object.fromEntries(Object.entries(tls).filter(([, v]) => v !== undefined)) as TLSConfig;
}
