import { expect, it } from 'vitest';
import { gitHelperPid } from './git-runner-process';
import { GitError, runGit } from './run-git';

it('runs git in a helper process, so the caller never forks itself', async () => {
  const { stdout } = await runGit(['--version']);
  expect(stdout).toMatch(/^git version /);
  const pid = gitHelperPid();
  expect(pid).toBeGreaterThan(0);
  expect(pid).not.toBe(process.pid);
  // One helper for every command, not one per command.
  await runGit(['--version']);
  expect(gitHelperPid()).toBe(pid);
});

it('fails the commands in flight when the helper dies, and starts a new one for the next command', async () => {
  await runGit(['--version']);
  const first = gitHelperPid()!;
  const slow = runGit(['-c', 'alias.wait=!sleep 3', 'wait']);
  await new Promise((r) => setTimeout(r, 300));
  process.kill(first, 'SIGKILL');
  const err = await slow.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(GitError);
  expect((err as GitError).message).toMatch(/git wait failed: the git helper process exited \(SIGKILL\)/);

  const { stdout } = await runGit(['--version']);
  expect(stdout).toMatch(/^git version /);
  expect(gitHelperPid()).not.toBe(first);
});

it('reports a git that cannot start in the given directory as a GitError, and the helper survives', async () => {
  await runGit(['--version']);
  const pid = gitHelperPid();
  const err = await runGit(['status'], { cwd: '/nonexistent/dir' }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(GitError);
  expect((err as GitError).message).toMatch(/ENOENT|nonexistent/);
  await runGit(['--version']);
  expect(gitHelperPid()).toBe(pid);
});
