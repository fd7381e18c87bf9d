/**
 * Turns Octokit's RequestError into errors that say what to do. Authentication, permission, not-found and
 * validation errors cannot be fixed by retrying; activities mark them non-retryable by name.
 */
import { FailureType } from '../../../shared/failures';
import { RepositoryNotFoundError } from '../forge-errors';

export class GitHubAuthError extends Error {
  override readonly name = FailureType.GitHubAuthError;
}
export class GitHubPermissionError extends Error {
  override readonly name = FailureType.GitHubPermissionError;
}
export class GitHubValidationError extends Error {
  override readonly name = FailureType.GitHubValidationError;
}

interface RequestErrorLike {
  status?: number;
  message?: string;
  response?: { data?: unknown };
}

/** Converts a failed request into a specific error; `what` describes the operation ("fork acme/app"). */
export function explainGitHubError(err: unknown, what: string): Error {
  const e = err as RequestErrorLike;
  const status = e?.status;
  const detail = githubMessage(e);
  switch (status) {
    case 401:
      return new GitHubAuthError(
        `GitHub rejected the token while trying to ${what} (401 ${detail}): GITHUB_TOKEN is missing, expired or revoked. Create a new token and restart the worker.`,
      );
    case 403:
      return new GitHubPermissionError(
        `GitHub refused to ${what} (403 ${detail}): the token lacks a permission (a classic token needs the public_repo or repo scope; a fine-grained one needs Contents and Pull requests: write) or the repository blocks it.`,
      );
    case 404:
      return new RepositoryNotFoundError(
        `Not found on GitHub while trying to ${what} (404): the repository does not exist or the token cannot see it.`,
      );
    case 422:
      return new GitHubValidationError(`GitHub did not accept the request to ${what} (422 ${detail}).`);
    default:
      return err instanceof Error ? err : new Error(String(err));
  }
}

export function githubMessage(e: RequestErrorLike): string {
  const data = e?.response?.data as { message?: string; errors?: { message?: string }[] } | undefined;
  const parts = [data?.message, ...(data?.errors ?? []).map((x) => x.message)].filter(Boolean);
  return parts.length ? parts.join(': ') : (e?.message ?? '');
}

export function isAlreadyExists(err: unknown): boolean {
  const e = err as RequestErrorLike;
  return e?.status === 422 && /already exists/i.test(githubMessage(e));
}
