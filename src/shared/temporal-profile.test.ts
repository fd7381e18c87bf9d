import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { temporalConnectionOptions } from '../adapters/temporal/connection-options';
import { loadConfig } from './config';
import { defaultTemporalConfigFile, loadTemporalEnvironment } from './temporal-profile';

const toml = (body: string) => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'hi-profile-')), 'temporal.toml');
  fs.writeFileSync(file, body);
  return file;
};

describe('Temporal environment configuration (the SDK loader)', () => {
  it('sends gRPC headers from the profile and TEMPORAL_GRPC_META_* variables, the variable winning', () => {
    const file = toml(
      '[profile.default]\naddress = "a.example:7233"\n[profile.default.grpc_meta]\nx-team = "from-profile"\nx-env = "prod"\n',
    );
    const c = loadConfig({ TEMPORAL_CONFIG_FILE: file, TEMPORAL_GRPC_META_X_TEAM: 'from-env' });
    expect(c.TEMPORAL_GRPC_META).toEqual({ 'x-team': 'from-env', 'x-env': 'prod' });
    expect(temporalConnectionOptions(c).metadata).toEqual({ 'x-team': 'from-env', 'x-env': 'prod' });
    expect(temporalConnectionOptions(loadConfig({})).metadata).toBeUndefined();
  });

  it('credits a setting to the profile only when the profile has it and the environment does not', () => {
    const file = toml('[profile.default]\naddress = "a.example:7233"\n');
    const t = loadTemporalEnvironment({ TEMPORAL_CONFIG_FILE: file, TEMPORAL_TLS_SERVER_NAME: 'sni.example', TEMPORAL_NAMESPACE: 'ns' });
    expect(t.values).toMatchObject({
      TEMPORAL_ADDRESS: 'a.example:7233',
      TEMPORAL_NAMESPACE: 'ns',
      TEMPORAL_TLS_SERVER_NAME: 'sni.example',
      TEMPORAL_TLS: true,
    });
    expect(t.source).toEqual({ profile: 'default', file, keys: ['TEMPORAL_ADDRESS'] });
  });

  it('ignores empty variables, which would otherwise win over the profile', () => {
    const file = toml('[profile.default]\naddress = "a.example:7233"\nnamespace = "ns.acct"\n');
    expect(loadConfig({ TEMPORAL_CONFIG_FILE: file, TEMPORAL_ADDRESS: '', TEMPORAL_TLS: '' })).toMatchObject({
      TEMPORAL_ADDRESS: 'a.example:7233',
      TEMPORAL_NAMESPACE: 'ns.acct',
    });
    expect(loadConfig({ TEMPORAL_CONFIG_FILE: file, TEMPORAL_TLS: '' }).TEMPORAL_TLS).toBeUndefined();
  });

  it('looks for temporal.toml where the temporal CLI does on each platform', () => {
    expect(defaultTemporalConfigFile({ HOME: '/home/u' }, 'linux')).toBe('/home/u/.config/temporalio/temporal.toml');
    expect(defaultTemporalConfigFile({ HOME: '/home/u', XDG_CONFIG_HOME: '/xdg' }, 'linux')).toBe('/xdg/temporalio/temporal.toml');
    expect(defaultTemporalConfigFile({ HOME: '/home/u', XDG_CONFIG_HOME: 'relative' }, 'linux')).toBeUndefined();
    expect(defaultTemporalConfigFile({ HOME: '/Users/u' }, 'darwin')).toBe('/Users/u/Library/Application Support/temporalio/temporal.toml');
    expect(defaultTemporalConfigFile({}, 'linux')).toBeUndefined();
  });
});
