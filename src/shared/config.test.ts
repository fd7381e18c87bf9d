import path from 'node:path';
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

  it('treats empty values from a copied .env.example as unset', () => {
    expect(loadConfig({ HELICONE_API_URL: '', GITHUB_TOKEN: '  ' }).HELICONE_API_URL).toBeUndefined();
  });

  it.each([
    [{ TEMPORAL_ADDRESS: 'http://localhost:7233' }, 'TEMPORAL_ADDRESS'],
    [{ HELICONE_API_URL: 'not a url' }, 'HELICONE_API_URL'],
    [{ REVIEW_TIMEOUT: 'next week' }, 'REVIEW_TIMEOUT'],
    [{ FORGE: 'gitlab' }, 'FORGE'],
    [{ GITHUB_API_URL: 'api.github.com' }, 'GITHUB_API_URL'],
    [{ COMMIT_AUTHOR_EMAIL: 'nobody' }, 'COMMIT_AUTHOR_EMAIL'],
  ])('names the bad variable in %j', (env, name) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(new RegExp(`${name}: `));
  });
});
