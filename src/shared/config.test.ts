import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'dotenv';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config';

describe('loadConfig', () => {
  it('has working defaults with no variables at all', () => {
    const c = loadConfig({}, '/srv/app');
    expect(c).toMatchObject({
      TEMPORAL_ADDRESS: 'localhost:7233',
      TEMPORAL_NAMESPACE: 'default',
      DATA_DIR: path.resolve('/srv/app', '.data'),
      FORGE: 'local',
      REVIEW_TIMEOUT: '7 days',
      STALE_AFTER: '60 days',
      INTEGRATOR: 'auto',
    });
    expect(c.GITHUB_TOKEN).toBeUndefined();
    expect(c.HELICONE_API_URL).toBeUndefined();
  });

  it('resolves FORGE=auto to GitHub only when a token is set', () => {
    expect(loadConfig({}).FORGE).toBe('local');
    expect(loadConfig({ GITHUB_TOKEN: 'ghp_x' }).FORGE).toBe('github');
    expect(loadConfig({ GITHUB_TOKEN: 'ghp_x', FORGE: 'local' }).FORGE).toBe('local');
    expect(() => loadConfig({ FORGE: 'github' })).toThrow(/GITHUB_TOKEN: is required when FORGE=github/);
  });

  it('takes STALE_AFTER as a duration of the shared grammar, or off', () => {
    expect(loadConfig({ STALE_AFTER: '8 weeks' }).STALE_AFTER).toBe('8 weeks');
    expect(loadConfig({ STALE_AFTER: 'off' }).STALE_AFTER).toBe('off');
    expect(loadConfig({ STALE_AFTER: ' ' }).STALE_AFTER).toBe('60 days');
  });

  it('treats empty values from a copied .env.example as unset', () => {
    expect(loadConfig({ HELICONE_API_URL: '', GITHUB_TOKEN: '  ' }).HELICONE_API_URL).toBeUndefined();
  });

  it.each([
    [{ TEMPORAL_ADDRESS: 'http://localhost:7233' }, 'TEMPORAL_ADDRESS'],
    [{ HELICONE_API_URL: 'not a url' }, 'HELICONE_API_URL'],
    [{ REVIEW_TIMEOUT: 'next week' }, 'REVIEW_TIMEOUT'],
    [{ STALE_AFTER: 'two months' }, 'STALE_AFTER'],
    [{ STALE_AFTER: '0' }, 'STALE_AFTER'],
    [{ FORGE: 'gitlab' }, 'FORGE'],
    [{ GITHUB_API_URL: 'api.github.com' }, 'GITHUB_API_URL'],
    [{ COMMIT_AUTHOR_EMAIL: 'nobody' }, 'COMMIT_AUTHOR_EMAIL'],
  ])('names the bad variable in %j', (env, name) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(new RegExp(`${name}: `));
  });
});

describe('loadConfig: Temporal connection and operations', () => {
  const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'hi-cfg-'));
  const toml = (body: string) => {
    const file = path.join(tmp(), 'temporal.toml');
    fs.writeFileSync(file, body);
    return file;
  };

  it('reads the Temporal profile and lets environment variables win key by key', () => {
    const file = toml(
      `[profile.default]\naddress = "a.tmprl.cloud:7233"\nnamespace = "ns.acct"\n\n[profile.prod]\naddress = "prod.tmprl.cloud:7233"\nnamespace = "prod.acct"\napi_key = "from-profile"\n[profile.prod.tls]\nserver_name = "sni.example"\n`,
    );
    const def = loadConfig({ TEMPORAL_CONFIG_FILE: file });
    expect(def).toMatchObject({ TEMPORAL_ADDRESS: 'a.tmprl.cloud:7233', TEMPORAL_NAMESPACE: 'ns.acct' });
    const prod = loadConfig({ TEMPORAL_CONFIG_FILE: file, TEMPORAL_PROFILE: 'prod', TEMPORAL_NAMESPACE: 'override.acct' });
    expect(prod).toMatchObject({
      TEMPORAL_ADDRESS: 'prod.tmprl.cloud:7233',
      TEMPORAL_NAMESPACE: 'override.acct',
      TEMPORAL_API_KEY: 'from-profile',
      TEMPORAL_TLS: true,
      TEMPORAL_TLS_SERVER_NAME: 'sni.example',
    });
    expect(prod.TEMPORAL_PROFILE_SOURCE).toEqual({
      profile: 'prod',
      file,
      keys: ['TEMPORAL_ADDRESS', 'TEMPORAL_API_KEY', 'TEMPORAL_TLS', 'TEMPORAL_TLS_SERVER_NAME'],
    });
  });

  it('finds the default temporal.toml under XDG_CONFIG_HOME like the temporal CLI', () => {
    const dir = tmp();
    fs.mkdirSync(path.join(dir, 'temporalio'));
    fs.writeFileSync(path.join(dir, 'temporalio', 'temporal.toml'), '[profile.default]\nnamespace = "from-xdg"\n');
    expect(loadConfig({ XDG_CONFIG_HOME: dir }).TEMPORAL_NAMESPACE).toBe('from-xdg');
    expect(loadConfig({ XDG_CONFIG_HOME: path.join(dir, 'nothing-here') }).TEMPORAL_NAMESPACE).toBe('default');
  });

  it('names TEMPORAL_PROFILE or TEMPORAL_CONFIG_FILE when the profile cannot be used', () => {
    const file = toml('[profile.default]\naddress = "localhost:7233"\n');
    expect(() => loadConfig({ TEMPORAL_CONFIG_FILE: file, TEMPORAL_PROFILE: 'staging' })).toThrow(/TEMPORAL_PROFILE: .*"staging"/);
    expect(() => loadConfig({ TEMPORAL_CONFIG_FILE: '/nonexistent/temporal.toml' })).toThrow(
      /TEMPORAL_CONFIG_FILE: \/nonexistent\/temporal.toml does not exist/,
    );
    expect(() => loadConfig({ TEMPORAL_CONFIG_FILE: toml('[profile.default\naddress = ') })).toThrow(/TEMPORAL_CONFIG_FILE: cannot use/);
    expect(() => loadConfig({ TEMPORAL_CONFIG_FILE: toml('[profile.default]\naddress = "https://x:7233"\n') })).toThrow(
      /TEMPORAL_ADDRESS \(address in profile "default" of .*\): must be host:port/,
    );
  });

  it('has operational defaults and validates them by name', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      WORKER_SHUTDOWN_GRACE: '30s',
      RETENTION: '7 days',
      LOG_LEVEL: 'INFO',
      OTEL_SERVICE_NAME: 'helicone-integrator',
      ROUTING: 'optional',
    });
    expect(loadConfig({ ROUTING: 'always' }).ROUTING).toBe('always');
    expect(c).toMatchObject({ WEBHOOK_HOST: '127.0.0.1', WEBHOOK_PORT: 8788 });
    expect(c.WEBHOOK_SECRET).toBeUndefined();
    expect(c.METRICS_PORT).toBeUndefined();
    expect(c.TEMPORAL_METRICS_BIND).toBeUndefined();
    expect(c.LOG_FORMAT).toBeUndefined();
    expect(loadConfig({ RETENTION: '0', METRICS_PORT: '9100', TEMPORAL_TLS: 'false' })).toMatchObject({
      RETENTION: '0',
      METRICS_PORT: 9100,
      TEMPORAL_TLS: false,
    });
    for (const [env, name] of [
      [{ WORKER_SHUTDOWN_GRACE: 'soon' }, 'WORKER_SHUTDOWN_GRACE'],
      [{ RETENTION: 'forever' }, 'RETENTION'],
      [{ METRICS_PORT: '70000' }, 'METRICS_PORT'],
      [{ TEMPORAL_METRICS_BIND: '9464' }, 'TEMPORAL_METRICS_BIND'],
      [{ LOG_FORMAT: 'xml' }, 'LOG_FORMAT'],
      [{ TEMPORAL_TLS: 'yes' }, 'TEMPORAL_TLS'],
      [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' }, 'OTEL_EXPORTER_OTLP_ENDPOINT'],
      [{ ROUTING: 'sometimes' }, 'ROUTING'],
      [{ WEBHOOK_SECRET: 'short' }, 'WEBHOOK_SECRET'],
      [{ WEBHOOK_PORT: '70000' }, 'WEBHOOK_PORT'],
    ] as const) {
      expect(() => loadConfig(env)).toThrow(new RegExp(`${name}: `));
    }
  });
});

describe('.env.example', () => {
  it('loads as it is (every documented variable, empty values meaning unset)', () => {
    const file = path.resolve(__dirname, '..', '..', '.env.example');
    const env = parse(fs.readFileSync(file));
    for (const name of [
      'TEMPORAL_API_KEY',
      'WORKER_SHUTDOWN_GRACE',
      'METRICS_PORT',
      'TEMPORAL_METRICS_BIND',
      'OTEL_EXPORTER_OTLP_ENDPOINT',
      'RETENTION',
      'LOG_FORMAT',
    ]) {
      expect(Object.keys(env)).toContain(name);
    }
    const c = loadConfig({ ...env, HOME: undefined } as NodeJS.ProcessEnv, '/srv');
    expect(c).toMatchObject({ TEMPORAL_ADDRESS: 'localhost:7233', WORKER_SHUTDOWN_GRACE: '30s', RETENTION: '7 days' });
    expect(c.TEMPORAL_API_KEY).toBeUndefined();
    expect(c.METRICS_PORT).toBeUndefined();
  });

  it('reads the proof settings, and refuses a bad one by name', () => {
    const c = loadConfig({
      PROOF: 'required',
      PROOF_STEP_TIMEOUT: '90s',
      PROOF_MEMORY: '1.5g',
      PROOF_REGISTRIES: 'registry.npmjs.org, *.corp.example',
      PROOF_PROCESSES: '',
    });
    expect(c).toMatchObject({
      PROOF: 'required',
      PROOF_STEP_TIMEOUT: 90_000,
      PROOF_MEMORY: 1.5 * 2 ** 30,
      PROOF_REGISTRIES: ['registry.npmjs.org', '*.corp.example'],
      PROOF_PROCESSES: 1024,
    });
    expect(loadConfig({}).PROOF).toBe('auto');
    expect(loadConfig({ PROOF_REGISTRIES: 'none' }).PROOF_REGISTRIES).toEqual([]);
    expect(() => loadConfig({ PROOF: 'sometimes' })).toThrow(/PROOF: must be one of auto, required, off/);
    expect(() => loadConfig({ PROOF_DISK: 'plenty' })).toThrow(/PROOF_DISK: must be a size such as "512m" or "4g"/);
    expect(() => loadConfig({ PROOF_TOTAL_TIMEOUT: '5h' })).toThrow(/PROOF_TOTAL_TIMEOUT: must be between 1 s and 90 minutes/);
    expect(() => loadConfig({ PROOF_PROCESSES: '3' })).toThrow(/PROOF_PROCESSES/);
    expect(() => loadConfig({ PROOF_REGISTRIES: 'https://registry.npmjs.org/' })).toThrow(
      /PROOF_REGISTRIES: "https:\/\/registry.npmjs.org\/" is not a host name/,
    );
    expect(() => loadConfig({ PROOF_NODE_TOOLS: '/no/such/folder' })).toThrow(/PROOF_NODE_TOOLS: \/no\/such\/folder is not a folder/);
  });
});
