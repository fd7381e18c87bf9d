import { describe, expect, it } from 'vitest';
import { GitError } from '../adapters/git/run-git';
import { isForgeUnreachable } from './forge-unreachable';

const gitError = (stderr: string, args = ['clone', 'http://x/y.git'], exitCode: number | null = 128) =>
  new GitError('git failed', args, exitCode, stderr);

describe('isForgeUnreachable', () => {
  it.each([
    "fatal: unable to access 'http://127.0.0.1:1/a.git/': Failed to connect to 127.0.0.1 port 1 after 0 ms: Couldn't connect to server",
    "fatal: unable to access 'https://github.com/a/b.git/': Could not resolve host: github.com",
    "fatal: unable to access 'https://github.com/a/b.git/': The requested URL returned error: 503",
    'error: RPC failed; HTTP 502 curl 22 The requested URL returned error: 502\nfatal: the remote end hung up unexpectedly',
  ])('a git remote that cannot be reached: %s', (stderr) => {
    expect(isForgeUnreachable(gitError(stderr))).toBe(true);
  });

  it('a network git command killed at its timeout', () => {
    expect(isForgeUnreachable(gitError('', ['push', 'origin', 'x'], null))).toBe(true);
    expect(isForgeUnreachable(gitError('', ['commit', '-m', 'x'], null))).toBe(false);
  });

  it.each([
    "fatal: unable to access 'https://github.com/a/b.git/': The requested URL returned error: 403",
    "remote: Repository not found.\nfatal: repository 'https://github.com/a/b.git/' not found",
    'error: pathspec did not match any file(s) known to git',
    "fatal: couldn't find remote ref refs/heads/main",
  ])('a git error a retry cannot fix: %s', (stderr) => {
    expect(isForgeUnreachable(gitError(stderr))).toBe(false);
  });

  it('an Octokit request that never got an answer, or a 5xx', () => {
    const refused = Object.assign(new Error('fetch failed'), {
      status: 500,
      cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
    });
    expect(isForgeUnreachable(refused)).toBe(true);
    expect(isForgeUnreachable(Object.assign(new Error('Service Unavailable'), { status: 503 }))).toBe(true);
    expect(isForgeUnreachable(Object.assign(new Error('socket'), { cause: { code: 'UND_ERR_SOCKET' } }))).toBe(true);
  });

  it('client errors and plain errors are not outages', () => {
    expect(isForgeUnreachable(Object.assign(new Error('Not Found'), { status: 404 }))).toBe(false);
    expect(isForgeUnreachable(Object.assign(new Error('Validation Failed'), { status: 422 }))).toBe(false);
    expect(isForgeUnreachable(new Error('something else'))).toBe(false);
    expect(isForgeUnreachable(undefined)).toBe(false);
  });
});
