import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { status } from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../shared/config';
import { explainConnectionFailure } from './connect';
import { temporalConnectionOptions, TemporalSettingsError } from './connection-options';

const CERT = '-----BEGIN CERTIFICATE-----\nMIIBfake\n-----END CERTIFICATE-----\n';
const KEY = '-----BEGIN PRIVATE KEY-----\nMIIEfake\n-----END PRIVATE KEY-----\n';
const b64 = (s: string) => Buffer.from(s).toString('base64');

function pemFiles() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hi-tls-'));
  const cert = path.join(dir, 'client.pem');
  const key = path.join(dir, 'client.key');
  fs.writeFileSync(cert, CERT);
  fs.writeFileSync(key, KEY);
  return { dir, cert, key };
}
const options = (env: Record<string, string>) => temporalConnectionOptions(loadConfig(env));

describe('temporalConnectionOptions', () => {
  it('is plaintext to the local dev server by default', () => {
    expect(options({})).toEqual({ address: 'localhost:7233', namespace: 'default', tls: false, auth: 'none' });
  });

  it('turns TLS on for an API key (Temporal Cloud) unless TEMPORAL_TLS=false', () => {
    const cloud = options({
      TEMPORAL_ADDRESS: 'eu-west-1.aws.api.temporal.io:7233',
      TEMPORAL_NAMESPACE: 'prod.a1b2c',
      TEMPORAL_API_KEY: 'key-123',
    });
    expect(cloud).toEqual({
      address: 'eu-west-1.aws.api.temporal.io:7233',
      namespace: 'prod.a1b2c',
      apiKey: 'key-123',
      tls: {},
      auth: 'api-key',
    });
    expect(options({ TEMPORAL_API_KEY: 'key-123', TEMPORAL_TLS: 'false' }).tls).toBe(false);
  });

  it('reads an mTLS pair and server CA from files, with an SNI override', () => {
    const f = pemFiles();
    const ca = path.join(f.dir, 'ca.pem');
    fs.writeFileSync(ca, CERT.replace('fake', 'ca'));
    const o = options({
      TEMPORAL_TLS_CLIENT_CERT_PATH: f.cert,
      TEMPORAL_TLS_CLIENT_KEY_PATH: f.key,
      TEMPORAL_TLS_SERVER_CA_CERT_PATH: ca,
      TEMPORAL_TLS_SERVER_NAME: 'temporal.internal',
    });
    expect(o.auth).toBe('mtls');
    expect(o.tls).toMatchObject({ serverNameOverride: 'temporal.internal' });
    const tls = o.tls as Exclude<typeof o.tls, false>;
    expect(Buffer.from(tls.clientCertPair!.crt).toString()).toBe(CERT);
    expect(Buffer.from(tls.clientCertPair!.key).toString()).toBe(KEY);
    expect(Buffer.from(tls.serverRootCACertificate!).toString()).toContain('MIIBca');
  });

  it('accepts the pair as PEM text or base64 in variables', () => {
    for (const [cert, key] of [
      [b64(CERT), b64(KEY)],
      [CERT, KEY],
      [CERT.replace(/\n/g, '\\n'), KEY],
    ]) {
      const o = options({ TEMPORAL_TLS_CLIENT_CERT_DATA: cert!, TEMPORAL_TLS_CLIENT_KEY_DATA: key! });
      const tls = o.tls as Exclude<typeof o.tls, false>;
      // Values are trimmed like every variable; the PEM body is what matters.
      expect(Buffer.from(tls.clientCertPair!.crt).toString().trim()).toBe(CERT.trim());
      expect(Buffer.from(tls.clientCertPair!.key).toString().trim()).toBe(KEY.trim());
    }
  });

  it.each([
    [
      { TEMPORAL_TLS_CLIENT_CERT_PATH: '/nope/client.pem', TEMPORAL_TLS_CLIENT_KEY_DATA: KEY },
      /TEMPORAL_TLS_CLIENT_CERT_PATH: cannot read the client certificate file \/nope\/client.pem: no such file/,
    ],
    [{ TEMPORAL_TLS_CLIENT_CERT_DATA: CERT }, /TEMPORAL_TLS_CLIENT_KEY_PATH: a client certificate is set but no key/],
    [{ TEMPORAL_TLS_CLIENT_KEY_DATA: KEY }, /TEMPORAL_TLS_CLIENT_CERT_PATH: a client key is set but no certificate/],
    [
      { TEMPORAL_TLS_CLIENT_CERT_DATA: 'not a cert!', TEMPORAL_TLS_CLIENT_KEY_DATA: KEY },
      /TEMPORAL_TLS_CLIENT_CERT_DATA: must hold the client certificate as PEM text or base64-encoded PEM/,
    ],
    [{ TEMPORAL_TLS_CLIENT_CERT_DATA: b64('hello'), TEMPORAL_TLS_CLIENT_KEY_DATA: KEY }, /TEMPORAL_TLS_CLIENT_CERT_DATA: must hold/],
    [
      { TEMPORAL_TLS_SERVER_CA_CERT_PATH: '/a', TEMPORAL_TLS_SERVER_CA_CERT_DATA: CERT },
      /TEMPORAL_TLS_SERVER_CA_CERT_PATH: set either TEMPORAL_TLS_SERVER_CA_CERT_PATH or TEMPORAL_TLS_SERVER_CA_CERT_DATA/,
    ],
    [{ TEMPORAL_TLS: 'false', TEMPORAL_TLS_SERVER_NAME: 'x' }, /TEMPORAL_TLS: is false, but TLS certificate settings are set/],
  ])('names the setting at fault: %j', (env, message) => {
    expect(() => options(env as Record<string, string>)).toThrow(TemporalSettingsError);
    expect(() => options(env as Record<string, string>)).toThrow(message);
  });

  it('says a file is not PEM, and which file', () => {
    const f = pemFiles();
    fs.writeFileSync(f.key, 'garbage');
    expect(() => options({ TEMPORAL_TLS_CLIENT_CERT_PATH: f.cert, TEMPORAL_TLS_CLIENT_KEY_PATH: f.key })).toThrow(
      `TEMPORAL_TLS_CLIENT_KEY_PATH: ${f.key} is not a PEM file`,
    );
  });

  it('points at the profile when the bad setting came from one', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hi-tls-'));
    const file = path.join(dir, 'temporal.toml');
    fs.writeFileSync(
      file,
      '[profile.default]\naddress = "x.tmprl.cloud:7233"\n[profile.default.tls]\nclient_cert_path = "/missing.pem"\nclient_key_path = "/missing.key"\n',
    );
    expect(() => options({ TEMPORAL_CONFIG_FILE: file })).toThrow(
      `TEMPORAL_TLS_CLIENT_CERT_PATH (from profile "default" in ${file}): cannot read`,
    );
  });
});

describe('explainConnectionFailure', () => {
  const explain = (env: Record<string, string>, err: unknown) => {
    const config = loadConfig(env);
    return explainConnectionFailure(config, temporalConnectionOptions(config), err).message;
  };
  const grpcError = (code: number, message: string) => Object.assign(new Error(message), { code });

  it('says the API key was rejected when the server answers Unauthenticated', () => {
    const m = explain({ TEMPORAL_API_KEY: 'bad' }, grpcError(status.UNAUTHENTICATED, '16 UNAUTHENTICATED: Request unauthorized.'));
    expect(m).toMatch(/rejected TEMPORAL_API_KEY: Unauthenticated/);
    // The native connection reports the code by name only.
    expect(
      explain({ TEMPORAL_API_KEY: 'bad' }, new Error('Failed client connect: Status { code: Unauthenticated, message: "x" }')),
    ).toMatch(/rejected TEMPORAL_API_KEY/);
    expect(m).not.toContain('bad ');
  });

  it('names the namespace, the address, or TLS by the kind of failure', () => {
    expect(explain({ TEMPORAL_NAMESPACE: 'nope' }, grpcError(status.NOT_FOUND, 'Namespace nope is not found.'))).toMatch(
      /Namespace nope \(TEMPORAL_NAMESPACE\) was not found/,
    );
    expect(explain({ TEMPORAL_API_KEY: 'k' }, grpcError(status.PERMISSION_DENIED, 'denied'))).toMatch(
      /refused TEMPORAL_API_KEY access to namespace default \(TEMPORAL_NAMESPACE\)/,
    );
    expect(explain({ TEMPORAL_ADDRESS: 'temporal.example:7233' }, new Error('getaddrinfo ENOTFOUND temporal.example'))).toMatch(
      /Cannot reach the Temporal server at temporal.example:7233 \(TEMPORAL_ADDRESS\)[\s\S]*TLS is off/,
    );
    expect(explain({ TEMPORAL_API_KEY: 'k' }, new Error('transport error: invalid peer certificate: UnknownIssuer'))).toMatch(
      /^TLS with the Temporal server/,
    );
  });
});
