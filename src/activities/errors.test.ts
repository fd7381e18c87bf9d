import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { describe, expect, it } from 'vitest';
import { GitError } from '../adapters/git/run-git';
import { RETRY_BUDGETS } from '../shared/retry-budgets';
import { classifyErrors } from './errors';

const unreachable = () =>
  new GitError(
    'git clone failed (exit 128)',
    ['clone', 'http://x/y.git'],
    128,
    "fatal: unable to access 'http://x/y.git/': Failed to connect to x port 80",
  );

async function failureAt(attempt: number, err: Error): Promise<ApplicationFailure | Error> {
  const env = new MockActivityEnvironment({ attempt });
  return env
    .run(() => classifyErrors(() => Promise.reject(err)))
    .then(
      () => {
        throw new Error('expected a failure');
      },
      (e: Error) => e,
    );
}

describe('classifyErrors', () => {
  it('keeps an unreachable forge retryable until the outage budget is spent', async () => {
    const early = await failureAt(RETRY_BUDGETS.otherErrors + 3, unreachable());
    expect(early).toBeInstanceOf(ApplicationFailure);
    expect(early).toMatchObject({ type: 'ForgeUnavailable', nonRetryable: false });
    expect(early.message).toMatch(/^The forge cannot be reached; retrying: git clone failed/);

    const last = await failureAt(RETRY_BUDGETS.ForgeUnavailable, unreachable());
    expect(last).toMatchObject({ type: 'ForgeUnavailable', nonRetryable: true });
    expect(last.message).toMatch(/could not be reached in 20 attempts/);
  });

  it('gives any other error its short budget', async () => {
    const other = () => new GitError('git commit failed (exit 1)', ['commit'], 1, 'nothing to commit');
    const before = await failureAt(RETRY_BUDGETS.otherErrors - 1, other());
    expect(before).toBeInstanceOf(GitError);
    const at = await failureAt(RETRY_BUDGETS.otherErrors, other());
    expect(at).toMatchObject({ type: 'GitError', nonRetryable: true, message: 'git commit failed (exit 1)' });
  });

  it('fails an error no retry can fix at once, by name', async () => {
    const notFound = Object.assign(new Error('Repository not found: acme/x'), { name: 'RepositoryNotFoundError' });
    expect(await failureAt(1, notFound)).toMatchObject({ type: 'RepositoryNotFoundError', nonRetryable: true });
  });
});
