import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { GitError, redact, runGit, subcommandOf } from './run-git';

const tmpDirs: string[] = [];
async function tmp(): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'run-git-test-'));
  tmpDirs.push(dir);
  return dir;
}
afterEach(async () => {
  await Promise.all(tmpDirs.splice(0).map((d) => fs.rm(d, { recursive: true, force: true })));
});

describe('runGit', () => {
  it('returns stdout of a successful command', async () => {
    const { stdout } = await runGit(['--version']);
    expect(stdout).toMatch(/^git version/);
  });

  it('passes input on stdin', async () => {
    const { stdout } = await runGit(['hash-object', '--stdin'], { input: 'hello\n' });
    expect(stdout.trim()).toBe('ce013625030ba8dba906f756967f9e9ca394464a');
  });

  it('throws a GitError naming the subcommand, with every secret redacted', async () => {
    const secret = 'ghp_supersecrettoken123';
    const cwd = await tmp();
    const url = `https://x-access-token:${secret}@127.0.0.1:1/owner/repo.git`;
    const err = await runGit(['-c', `http.extraHeader=Authorization: Bearer ${secret}`, 'ls-remote', url], {
      cwd,
      secrets: [secret],
      timeoutMs: 30_000,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GitError);
    const g = err as GitError;
    expect(g.message).toMatch(/^git ls-remote failed/);
    expect(g.exitCode).not.toBeNull();
    for (const text of [g.message, g.stderr, ...g.args, String(g.stack)]) expect(text).not.toContain(secret);
    expect(g.args.join(' ')).toContain('***');
    expect(g.stderr.length).toBeGreaterThan(0);
  });

  it('redacts a secret that git repeats in its stderr', async () => {
    const secret = 'sk-helicone-abcdef0123456789';
    const cwd = await tmp();
    await runGit(['init', '-q'], { cwd });
    const err = (await runGit(['rev-parse', `refs/heads/${secret}`], { cwd, secrets: [secret] }).catch((e: unknown) => e)) as GitError;
    expect(err).toBeInstanceOf(GitError);
    expect(err.message).toMatch(/^git rev-parse failed \(exit \d+\)/);
    // Without redaction git's message would carry the string (proves the stderr path is exercised).
    const raw = (await runGit(['rev-parse', `refs/heads/${secret}`], { cwd }).catch((e: unknown) => e)) as GitError;
    expect(raw.message + raw.stderr).toContain(secret);
    expect(err.message + err.stderr + err.args.join(' ')).not.toContain(secret);
    expect(err.args).toContain('refs/heads/***');
  });

  it('reports a non-repository with git’s own words', async () => {
    const cwd = await tmp();
    await expect(runGit(['log'], { cwd })).rejects.toThrow(/git log failed \(exit \d+\): .*not a git repository/i);
  });
});

describe('redact / subcommandOf', () => {
  it('replaces the longest secret first', () => {
    expect(redact('token abc123 and abc', ['abc', 'abc123'])).toBe('token *** and ***');
    expect(redact('nothing', ['', 'x'])).toBe('nothing');
  });

  it('skips global options and their values', () => {
    expect(subcommandOf(['-c', 'user.name=A', '-C', '/tmp', 'commit', '-m', 'x'])).toBe('commit');
    expect(subcommandOf(['--no-pager', 'diff'])).toBe('diff');
    expect(subcommandOf([])).toBe('git');
  });
});
