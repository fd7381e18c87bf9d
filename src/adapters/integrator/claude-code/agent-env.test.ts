import { describe, expect, it } from 'vitest';
import { buildAgentEnv, HELICONE_ANTHROPIC_PROXY } from './agent-env';
import { outsideRoot } from './path-guard';

describe('buildAgentEnv', () => {
  const base = { home: '/data/agent/x/home', configDir: '/data/agent/x/config', anthropicApiKey: 'sk-ant-k' };

  it('is built from nothing: none of the service secrets of the parent process leak in', () => {
    const saved = { ...process.env };
    process.env.GITHUB_TOKEN = 'ghp_secret';
    process.env.HELICONE_STATUS_SIGNING_SECRET = 'whsec';
    try {
      const env = buildAgentEnv(base);
      expect(Object.keys(env).sort()).toEqual(
        [
          'ANTHROPIC_API_KEY',
          'CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC',
          'CLAUDE_CONFIG_DIR',
          'DISABLE_AUTOUPDATER',
          'HOME',
          'LANG',
          'PATH',
        ].sort(),
      );
      expect(JSON.stringify(env)).not.toContain('ghp_secret');
    } finally {
      process.env = saved;
    }
  });

  it("routes the agent's own traffic through Helicone when a key is given, unless a base URL is set", () => {
    expect(buildAgentEnv({ ...base, heliconeApiKey: 'sk-helicone-1' })).toMatchObject({
      ANTHROPIC_BASE_URL: HELICONE_ANTHROPIC_PROXY,
      ANTHROPIC_CUSTOM_HEADERS: 'Helicone-Auth: Bearer sk-helicone-1',
    });
    const explicit = buildAgentEnv({ ...base, heliconeApiKey: 'sk-helicone-1', baseUrl: 'http://127.0.0.1:9' });
    expect(explicit.ANTHROPIC_BASE_URL).toBe('http://127.0.0.1:9');
    expect(explicit.ANTHROPIC_CUSTOM_HEADERS).toBeUndefined();
  });
});

describe('outsideRoot', () => {
  it.each([
    [{ file_path: '/etc/passwd' }, /outside the repository/],
    [{ file_path: '../x' }, /outside the repository/],
    [{ path: '/work/repo/.git/config' }, /inside .git/],
  ])('denies %j', (input, why) => {
    expect(outsideRoot('/work/repo', input)).toMatch(why);
  });

  it('allows paths inside the working copy', () => {
    expect(outsideRoot('/work/repo', { file_path: '/work/repo/src/a.ts' })).toBeUndefined();
    expect(outsideRoot('/work/repo', { path: 'src' })).toBeUndefined();
    expect(outsideRoot('/work/repo', { pattern: '**/*.ts' })).toBeUndefined();
  });
});
