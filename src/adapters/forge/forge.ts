/**
 * The code-host interface. The local forge (bare repositories on disk) is the embedded default; GitHub implements
 * the same interface in its own adapter. Every method is idempotent: calling it again after a crash finds and
 * reuses what the previous call made (fork, pull request) instead of making a second one.
 */
import type { PullRequestRef, RepoCoordinates, PullRequestReviewState } from '../../shared/types';
import type { GitAuth } from '../git/workspace';

/** Identifies a repository as the user gave it: owner/name plus the URL or path it came from. */
export interface RepoLocator {
  owner: string;
  name: string;
  /** The URL or path the user gave (the local forge imports from it; GitHub ignores it). */
  url: string;
}

export interface RepositoryInfo {
  coords: RepoCoordinates;
  defaultBranch: string;
  /** Head commit of the default branch. */
  headSha: string;
  /** From `ensureFork`: this call created the fork (so it holds no pull request yet). */
  created?: boolean;
}

export interface PullRequestParams {
  /** Repository the PR is opened in (the fork for a review PR, upstream for the final PR). */
  repo: { owner: string; name: string };
  /** Branch holding the change, and the owner of the repository that branch lives in. */
  head: { owner: string; name: string; branch: string };
  /** Branch the PR targets. */
  base: string;
  title: string;
  body: string;
  /**
   * The caller knows no PR exists for this head (a fork it just created, an upstream it just listed): the forge may
   * create first and look only when told one exists, one request instead of two. Still idempotent: a PR made by an
   * earlier attempt is found and updated.
   */
  expectNew?: boolean;
}

/** One message of a pull request's conversation, from anyone (the tracker leaves out the bot's own). */
export interface PullRequestMessage {
  /** Unique within the PR: `comment:<id>` (the conversation), `review:<id>`, `review_comment:<id>` (on a line). */
  id: string;
  kind: 'comment' | 'review' | 'review_comment';
  /** The forge account that wrote it. */
  author: string;
  /** ISO time it was written (a review: submitted). */
  createdAt: string;
  /** Markdown; a review without words is empty (its `reviewState` is the answer). */
  body: string;
  /** Where a person reads it. */
  url: string;
  /** Reviews: `approved`, `changes_requested`, `commented` or `dismissed`. */
  reviewState?: string;
  /** Review comments: the file and line they are on. */
  path?: string;
  line?: number;
}

/** An issue as every forge reports it. */
export interface IssueRef {
  number: number;
  url: string;
  state: 'open' | 'closed';
}

/** Everything written on an issue that can answer it: the ask-first workflow reads it whole at each look. */
export interface IssueActivity {
  state: 'open' | 'closed';
  /** Who closed it (GitHub's `closed_by`), when closed. */
  closedBy?: string;
  closedAt?: string;
  /** The labels it has now (only people with triage access or more can set them). */
  labels: string[];
  comments: { id: string; author: string; body: string; createdAt: string; url: string }[];
  /** Reactions on the issue itself: `+1`, `-1`, `laugh`, `confused`, `heart`, `hooray`, `rocket`, `eyes`. */
  reactions: { id: string; author: string; content: string; createdAt: string }[];
}

/** GitHub's collaborator permission levels; `none` for someone without access. */
export type RepoPermission = 'admin' | 'maintain' | 'write' | 'triage' | 'read' | 'none';

export interface Forge {
  readonly kind: 'local' | 'github';
  /** Looks up a repository; throws RepositoryNotFoundError (forge-errors.ts) when it is missing or empty. */
  getRepository(repo: RepoLocator): Promise<RepositoryInfo>;
  /**
   * Returns the bot account's fork of `upstream`, creating it when missing and bringing its default branch up to
   * date with upstream when it exists.
   *
   * `known`: what `getRepository(upstream)` returned moments ago in the same step, so it is not read again.
   */
  ensureFork(upstream: RepoLocator, known?: RepositoryInfo): Promise<RepositoryInfo>;
  /**
   * How a single git command authenticates against this forge: environment variables (git's GIT_CONFIG_COUNT
   * mechanism carrying an `http.extraHeader`), so the token is never in a remote URL, `.git/config`, the process
   * arguments or a log line; and the strings to redact from any error message.
   */
  gitAuth(): GitAuth;
  /**
   * Opens a pull request from `head` into `base`, or, when one already exists for the same head branch, updates
   * its title and body (reopening it if it was closed) and returns it.
   */
  ensurePullRequest(params: PullRequestParams): Promise<PullRequestRef>;
  /** Finds the PR for a head branch, open or closed. */
  findPullRequest(repo: { owner: string; name: string }, head: { owner: string; branch: string }): Promise<PullRequestRef | undefined>;
  /**
   * Closes a pull request, leaving a comment when given. Closing a closed PR is not an error. `firstTry`: no earlier
   * call can have commented already, so the forge need not read the PR's state first.
   */
  closePullRequest(repo: { owner: string; name: string }, number: number, comment?: string, opts?: { firstTry?: boolean }): Promise<void>;
  /** Leaves a comment on a pull request (a retry may not add the same comment twice where the forge can tell). */
  commentOnPullRequest(repo: { owner: string; name: string }, number: number, comment: string): Promise<void>;
  /**
   * Pull requests the bot account has opened in a repository, in any state (forges that can tell). Used to leave
   * alone repositories we already approached.
   */
  pullRequestsByBot?(repo: { owner: string; name: string }): Promise<{ number: number; url: string; state: string; head?: string }[]>;
  /** Who commits as the bot on this forge (GitHub: the token's account and its noreply address), when it can tell. */
  botIdentity?(): Promise<{ name: string; email: string }>;
  /** The bot account's login on this forge: its own comments are left out of what the tracker reads. */
  botLogin(): Promise<string>;
  /**
   * The conversation of a pull request, oldest first: its comments, its reviews (submitted ones) and its review
   * comments on lines, from anyone. `since` (ISO): only what was written at or after it (the forge may return more;
   * the caller filters by `createdAt` and `id`).
   */
  getPullRequestConversation(repo: { owner: string; name: string }, number: number, since?: string): Promise<PullRequestMessage[]>;
  /** Merged, closed, open, or open with changes requested (the latest review of some reviewer). */
  getPullRequestState(repo: { owner: string; name: string }, number: number): Promise<PullRequestReviewState>;
  /** The unified diff of a pull request (base...head). */
  getPullRequestDiff(repo: { owner: string; name: string }, number: number): Promise<string>;
  /** A pull request's description (markdown), for the review dashboard. */
  getPullRequestBody?(repo: { owner: string; name: string }, number: number): Promise<string | undefined>;
  /**
   * The unified diff between two commits of a repository (`base...head`): the dashboard's "changes since the previous
   * version" between two review versions on the fork.
   */
  getCommitDiff?(repo: { owner: string; name: string }, base: string, head: string): Promise<string>;
  /**
   * Opens an issue, or returns the one the bot opened earlier whose body holds `marker` (open or closed), so a retry
   * never opens a second.
   */
  ensureIssue(repo: { owner: string; name: string }, issue: { title: string; body: string; marker: string }): Promise<IssueRef>;
  /** An issue's state, labels, comments and reactions. */
  getIssueActivity(repo: { owner: string; name: string }, number: number): Promise<IssueActivity>;
  /** Closes an issue with a comment; an issue already closed is left as it is (no second comment). */
  closeIssue(repo: { owner: string; name: string }, number: number, comment: string): Promise<void>;
  /** What a user may do in a repository (GitHub: the collaborator permission endpoint). */
  permissionOf(repo: { owner: string; name: string }, login: string): Promise<RepoPermission>;
}

/** A full or abbreviated commit id: anything else is refused before it reaches git or an API path. */
export function assertCommitSha(sha: string): void {
  if (!/^[0-9a-f]{7,64}$/i.test(sha)) throw new Error(`Not a commit id: ${JSON.stringify(sha.slice(0, 80))}`);
}
