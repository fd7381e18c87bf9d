/**
 * The GitHub forge (github.com or GitHub Enterprise Server). Every method is idempotent: it looks for what an
 * earlier call made (the bot's fork, a PR for the same head branch) before making anything.
 */
import type { PullRequestRef, PullRequestReviewState, RepoCoordinates } from '../../../shared/types';
import type { GitAuth } from '../../git/workspace';
import {
  assertCommitSha,
  type Forge,
  type IssueActivity,
  type IssueRef,
  type RepoPermission,
  type PullRequestMessage,
  type PullRequestParams,
  type RepoLocator,
  type RepositoryInfo,
} from '../forge';
import { RepositoryNotFoundError, RepositorySkippedError } from '../forge-errors';
import { createGitHubClient, type GitHubClient } from './github-client';
import { explainGitHubError, isAlreadyExists } from './github-errors';

type RepoName = { owner: string; name: string };

export interface GitHubForgeOptions {
  token: string;
  apiUrl: string;
  /** How long to wait for a new fork to become usable. */
  forkReadyTimeoutMs?: number;
  log?: (message: string) => void;
  client?: GitHubClient;
}

interface RepoData {
  name: string;
  full_name: string;
  owner: { login: string };
  default_branch: string;
  archived?: boolean;
  fork?: boolean;
  clone_url: string;
  html_url: string;
  parent?: { full_name: string };
}

interface PullData {
  number: number;
  html_url: string;
  state: string;
  merged_at?: string | null;
  head: { ref: string; label?: string; user?: { login: string } | null; repo?: { owner: { login: string } } | null };
  base: { ref: string };
}

export class GitHubForge implements Forge {
  readonly kind = 'github' as const;
  private readonly gh: GitHubClient;
  private login?: string;
  private userId?: number;

  constructor(private readonly opts: GitHubForgeOptions) {
    this.gh = opts.client ?? createGitHubClient({ token: opts.token, apiUrl: opts.apiUrl, log: opts.log });
  }

  gitAuth(): GitAuth {
    // GitHub accepts the token as the password of HTTP basic auth; git sends it as a header for this command only.
    const basic = Buffer.from(`x-access-token:${this.opts.token}`).toString('base64');
    return {
      env: { GIT_CONFIG_COUNT: '1', GIT_CONFIG_KEY_0: 'http.extraHeader', GIT_CONFIG_VALUE_0: `Authorization: Basic ${basic}` },
      secrets: [this.opts.token, basic],
    };
  }

  /** The account the token belongs to: it owns the forks. */
  async botLogin(): Promise<string> {
    if (!this.login) {
      const { data } = await this.call('read the token owner', () => this.gh.rest.users.getAuthenticated());
      this.login = data.login;
      this.userId = data.id;
    }
    return this.login;
  }

  /** The bot account's commit identity: GitHub links a commit to the account by its noreply address. */
  async botIdentity(): Promise<{ name: string; email: string }> {
    const login = await this.botLogin();
    return { name: login, email: this.userId ? `${this.userId}+${login}@users.noreply.github.com` : `${login}@users.noreply.github.com` };
  }

  async getRepository(repo: RepoLocator): Promise<RepositoryInfo> {
    const data = await this.repo(repo);
    if (!data) throw new RepositoryNotFoundError(`Repository ${repo.owner}/${repo.name} not found on GitHub (or the token cannot see it)`);
    if (data.archived) throw new RepositorySkippedError(`${data.full_name} is archived: it takes no pull requests`);
    const headSha = await this.branchSha(repo, data.default_branch);
    if (!headSha) throw new RepositoryNotFoundError(`Repository ${data.full_name} is empty: its default branch has no commits`);
    return { coords: coords(data), defaultBranch: data.default_branch, headSha };
  }

  async ensureFork(upstream: RepoLocator, known?: RepositoryInfo): Promise<RepositoryInfo> {
    const up = known ?? (await this.getRepository(upstream));
    const login = await this.botLogin();
    let fork = await this.findFork(login, upstream);
    const created = !fork;
    if (fork) {
      // Bring an existing fork's default branch up to date before branching from it.
      await this.call(`sync fork ${fork.full_name}`, () =>
        this.gh.rest.repos.mergeUpstream({ owner: login, repo: fork!.name, branch: up.defaultBranch }),
      ).catch((err: unknown) =>
        this.opts.log?.(
          `Could not sync ${fork!.full_name} with upstream (${(err as Error).message}); the base commit will be fetched from upstream`,
        ),
      );
    } else {
      const { data } = await this.call(`fork ${upstream.owner}/${upstream.name}`, () =>
        this.gh.rest.repos.createFork({ owner: upstream.owner, repo: upstream.name, default_branch_only: true }),
      );
      fork = data as RepoData;
    }
    const sha = await this.waitForBranch({ owner: fork.owner.login, name: fork.name }, up.defaultBranch);
    return { coords: coords(fork), defaultBranch: up.defaultBranch, headSha: sha, ...(created ? { created } : {}) };
  }

  async ensurePullRequest(p: PullRequestParams): Promise<PullRequestRef> {
    // Expected new: create straight away; an open PR for the head (an earlier attempt's) makes GitHub answer 422,
    // and then it is found and updated below.
    const existing = p.expectNew ? undefined : await this.findPull(p.repo, p.head);
    if (existing) return this.updatePull(p, existing);
    try {
      const { data } = await this.call(`open a pull request in ${p.repo.owner}/${p.repo.name}`, () =>
        this.gh.rest.pulls.create({
          owner: p.repo.owner,
          repo: p.repo.name,
          title: p.title,
          body: p.body,
          head: headLabel(p.repo, p.head),
          base: p.base,
          maintainer_can_modify: true,
        }),
      );
      return toRef(p.repo, data as PullData);
    } catch (err) {
      // Opened by an earlier attempt whose answer was lost: read it back instead of failing.
      if (!isAlreadyExists(err) && (err as Error).name !== 'GitHubValidationError') throw err;
      const found = await this.findPull(p.repo, p.head);
      if (!found) throw err;
      return this.updatePull(p, found);
    }
  }

  async findPullRequest(repo: RepoName, head: { owner: string; branch: string }): Promise<PullRequestRef | undefined> {
    const pr = await this.findPull(repo, head);
    return pr && toRef(repo, pr);
  }

  async closePullRequest(repo: RepoName, number: number, comment?: string, opts: { firstTry?: boolean } = {}): Promise<void> {
    // A retry reads the state first, so the comment of an attempt that closed the PR is not left twice. A first try
    // has nothing to repeat (commenting on a PR someone closed meanwhile is harmless, and closing it again a no-op).
    if (!opts.firstTry) {
      const { data } = await this.call(`read pull request #${number}`, () =>
        this.gh.rest.pulls.get({ owner: repo.owner, repo: repo.name, pull_number: number }),
      );
      if (data.state === 'closed') return;
    }
    if (comment) {
      await this.call(`comment on #${number}`, () =>
        this.gh.rest.issues.createComment({ owner: repo.owner, repo: repo.name, issue_number: number, body: comment }),
      );
    }
    await this.call(`close #${number}`, () =>
      this.gh.rest.pulls.update({ owner: repo.owner, repo: repo.name, pull_number: number, state: 'closed' }),
    );
  }

  async commentOnPullRequest(repo: RepoName, number: number, comment: string): Promise<void> {
    await this.call(`comment on #${number}`, () =>
      this.gh.rest.issues.createComment({ owner: repo.owner, repo: repo.name, issue_number: number, body: comment }),
    );
  }

  /** Two requests: the PR (merged or closed) and, while it is open, its reviews (each reviewer's latest counts). */
  async getPullRequestState(repo: RepoName, number: number): Promise<PullRequestReviewState> {
    const { data: pr } = await this.call(`read pull request #${number}`, () =>
      this.gh.rest.pulls.get({ owner: repo.owner, repo: repo.name, pull_number: number }),
    );
    const dates = { ...(pr.merged_at ? { mergedAt: pr.merged_at } : {}), ...(pr.closed_at ? { closedAt: pr.closed_at } : {}) };
    if (pr.merged_at) return { state: 'merged', changesRequestedBy: [], ...dates };
    if (pr.state === 'closed') return { state: 'closed', changesRequestedBy: [], ...dates };
    const reviews = await this.call(`read the reviews of #${number}`, () =>
      this.gh.paginate(this.gh.rest.pulls.listReviews, { owner: repo.owner, repo: repo.name, pull_number: number, per_page: 100 }),
    );
    const latest = new Map<string, string>();
    // COMMENTED reviews do not change a reviewer's verdict; DISMISSED withdraws it.
    for (const r of reviews) if (r.user && r.state !== 'COMMENTED') latest.set(r.user.login, r.state);
    const changesRequestedBy = [...latest].filter(([, st]) => st === 'CHANGES_REQUESTED').map(([who]) => who);
    return { state: changesRequestedBy.length ? 'changes_requested' : 'open', changesRequestedBy, ...dates };
  }

  /**
   * Three paginated reads: the PR's issue comments and its review comments (both from `since`, which GitHub applies to
   * the update time, so nothing written after it is missed) and its reviews (no `since` on GitHub: filtered here).
   */
  async getPullRequestConversation(repo: RepoName, number: number, since?: string): Promise<PullRequestMessage[]> {
    const where = { owner: repo.owner, repo: repo.name, per_page: 100, ...(since ? { since } : {}) };
    const comments = await this.call(`read the comments of #${number}`, () =>
      this.gh.paginate(this.gh.rest.issues.listComments, { ...where, issue_number: number }),
    );
    const reviews = await this.call(`read the reviews of #${number}`, () =>
      this.gh.paginate(this.gh.rest.pulls.listReviews, { owner: repo.owner, repo: repo.name, pull_number: number, per_page: 100 }),
    );
    const lineComments = await this.call(`read the review comments of #${number}`, () =>
      this.gh.paginate(this.gh.rest.pulls.listReviewComments, { ...where, pull_number: number }),
    );
    const out: PullRequestMessage[] = [];
    for (const c of comments) {
      out.push({
        id: `comment:${c.id}`,
        kind: 'comment',
        author: c.user?.login ?? 'ghost',
        createdAt: c.created_at,
        body: c.body ?? '',
        url: c.html_url,
      });
    }
    for (const r of reviews) {
      // A pending review (not submitted) has no time and nobody else can see it yet.
      if (!r.submitted_at || (since && r.submitted_at < since)) continue;
      out.push({
        id: `review:${r.id}`,
        kind: 'review',
        author: r.user?.login ?? 'ghost',
        createdAt: r.submitted_at,
        body: r.body ?? '',
        url: r.html_url,
        reviewState: r.state.toLowerCase(),
      });
    }
    for (const c of lineComments) {
      const line = c.line ?? c.original_line ?? undefined;
      out.push({
        id: `review_comment:${c.id}`,
        kind: 'review_comment',
        author: c.user?.login ?? 'ghost',
        createdAt: c.created_at,
        body: c.body,
        url: c.html_url,
        path: c.path,
        ...(line ? { line } : {}),
      });
    }
    return out.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  async getPullRequestDiff(repo: RepoName, number: number): Promise<string> {
    const { data } = await this.call(`read the diff of #${number}`, () =>
      this.gh.rest.pulls.get({ owner: repo.owner, repo: repo.name, pull_number: number, mediaType: { format: 'diff' } }),
    );
    return data as unknown as string;
  }

  async getCommitDiff(repo: RepoName, base: string, head: string): Promise<string> {
    assertCommitSha(base);
    assertCommitSha(head);
    const { data } = await this.call(`compare ${base.slice(0, 10)}...${head.slice(0, 10)}`, () =>
      this.gh.rest.repos.compareCommitsWithBasehead({
        owner: repo.owner,
        repo: repo.name,
        basehead: `${base}...${head}`,
        mediaType: { format: 'diff' },
      }),
    );
    return data as unknown as string;
  }

  async getPullRequestBody(repo: RepoName, number: number): Promise<string | undefined> {
    const { data } = await this.call(`read #${number}`, () =>
      this.gh.rest.pulls.get({ owner: repo.owner, repo: repo.name, pull_number: number }),
    );
    return data.body ?? undefined;
  }

  /** Pull requests the bot account opened in a repository, any state (one search request). */
  async pullRequestsByBot(repo: RepoName): Promise<{ number: number; url: string; state: string; head?: string }[]> {
    const login = await this.botLogin();
    const { data } = await this.call(`search pull requests in ${repo.owner}/${repo.name}`, () =>
      this.gh.rest.search.issuesAndPullRequests({ q: `repo:${repo.owner}/${repo.name} is:pr author:${login}`, per_page: 100 }),
    );
    const prs = [];
    for (const item of data.items) {
      // The search result does not name the head branch; read it so our own PR (a retry) is recognised.
      const { data: pr } = await this.call(`read pull request #${item.number}`, () =>
        this.gh.rest.pulls.get({ owner: repo.owner, repo: repo.name, pull_number: item.number }),
      );
      prs.push({ number: item.number, url: item.html_url, state: item.state, head: pr.head.ref });
    }
    return prs;
  }

  /**
   * Finds the bot's issue holding `marker` (the bot's issues, any state, newest first: one page of 100 is plenty for
   * one bot in one repository), else opens one. A retry after a lost answer finds the issue instead of opening two.
   */
  async ensureIssue(repo: RepoName, issue: { title: string; body: string; marker: string }): Promise<IssueRef> {
    const login = await this.botLogin();
    const { data: mine } = await this.call(`list the issues of ${login} in ${repo.owner}/${repo.name}`, () =>
      this.gh.rest.issues.listForRepo({ owner: repo.owner, repo: repo.name, creator: login, state: 'all', per_page: 100 }),
    );
    const found = mine.find((i) => !i.pull_request && (i.body ?? '').includes(issue.marker));
    if (found) return { number: found.number, url: found.html_url, state: found.state === 'closed' ? 'closed' : 'open' };
    const { data } = await this.call(`open an issue in ${repo.owner}/${repo.name}`, () =>
      this.gh.rest.issues.create({ owner: repo.owner, repo: repo.name, title: issue.title, body: issue.body }),
    );
    return { number: data.number, url: data.html_url, state: 'open' };
  }

  /** Three reads: the issue (state, closer, labels), its comments and its reactions (both paginated). */
  async getIssueActivity(repo: RepoName, number: number): Promise<IssueActivity> {
    const where = { owner: repo.owner, repo: repo.name, issue_number: number };
    const { data: issue } = await this.call(`read issue #${number}`, () => this.gh.rest.issues.get(where));
    const comments = await this.call(`read the comments of #${number}`, () =>
      this.gh.paginate(this.gh.rest.issues.listComments, { ...where, per_page: 100 }),
    );
    const reactions = await this.call(`read the reactions of #${number}`, () =>
      this.gh.paginate(this.gh.rest.reactions.listForIssue, { ...where, per_page: 100 }),
    );
    return {
      state: issue.state === 'closed' ? 'closed' : 'open',
      ...(issue.closed_by ? { closedBy: issue.closed_by.login } : {}),
      ...(issue.closed_at ? { closedAt: issue.closed_at } : {}),
      labels: issue.labels.map((l) => (typeof l === 'string' ? l : (l.name ?? ''))).filter(Boolean),
      comments: comments.map((c) => ({
        id: `comment:${c.id}`,
        author: c.user?.login ?? 'ghost',
        body: c.body ?? '',
        createdAt: c.created_at,
        url: c.html_url,
      })),
      reactions: reactions.map((r) => ({
        id: `reaction:${r.id}`,
        author: r.user?.login ?? 'ghost',
        content: r.content,
        createdAt: r.created_at,
      })),
    };
  }

  /** Reads the state first, so a retry after the close never comments twice. */
  async closeIssue(repo: RepoName, number: number, comment: string): Promise<void> {
    const where = { owner: repo.owner, repo: repo.name, issue_number: number };
    const { data } = await this.call(`read issue #${number}`, () => this.gh.rest.issues.get(where));
    if (data.state === 'closed') return;
    await this.call(`comment on #${number}`, () => this.gh.rest.issues.createComment({ ...where, body: comment }));
    await this.call(`close #${number}`, () => this.gh.rest.issues.update({ ...where, state: 'closed', state_reason: 'not_planned' }));
  }

  /** GitHub answers 404 for someone who is not a collaborator of a public repository: no access to answer for it. */
  async permissionOf(repo: RepoName, login: string): Promise<RepoPermission> {
    try {
      const { data } = await this.gh.rest.repos.getCollaboratorPermissionLevel({ owner: repo.owner, repo: repo.name, username: login });
      // `role_name` has the finer levels (maintain, triage); `permission` folds them into write and read.
      const role = (data as { role_name?: string }).role_name ?? data.permission;
      return (['admin', 'maintain', 'write', 'triage', 'read'] as const).find((p) => p === role) ?? 'none';
    } catch (err) {
      if ((err as { status?: number }).status === 404) return 'none';
      throw explainGitHubError(err, `read the permission of ${login} in ${repo.owner}/${repo.name}`);
    }
  }

  private async updatePull(p: PullRequestParams, pr: PullData): Promise<PullRequestRef> {
    if (pr.merged_at) return toRef(p.repo, pr);
    const { data } = await this.call(`update pull request #${pr.number}`, () =>
      this.gh.rest.pulls.update({
        owner: p.repo.owner,
        repo: p.repo.name,
        pull_number: pr.number,
        title: p.title,
        body: p.body,
        state: 'open',
      }),
    );
    return toRef(p.repo, data as PullData);
  }

  private async findPull(repo: RepoName, head: { owner: string; branch: string }): Promise<PullData | undefined> {
    const { data } = await this.call(`list pull requests of ${repo.owner}/${repo.name}`, () =>
      this.gh.rest.pulls.list({ owner: repo.owner, repo: repo.name, state: 'all', head: `${head.owner}:${head.branch}`, per_page: 10 }),
    );
    // Newest first: after a PR was closed and a new one opened, the newest is the one to update.
    return (data as PullData[]).sort((a, b) => b.number - a.number).find((pr) => pr.head.ref === head.branch);
  }

  private async findFork(login: string, upstream: RepoName): Promise<RepoData | undefined> {
    const same = await this.repo({ owner: login, name: upstream.name });
    const parentIs = (r?: RepoData) => r?.fork && r.parent?.full_name.toLowerCase() === `${upstream.owner}/${upstream.name}`.toLowerCase();
    if (parentIs(same)) return same;
    return undefined;
  }

  /** Polls (with backoff, not a fixed sleep) until a new fork's branch exists; forks are created asynchronously. */
  private async waitForBranch(repo: RepoName, branch: string): Promise<string> {
    const deadline = Date.now() + (this.opts.forkReadyTimeoutMs ?? 5 * 60_000);
    for (let delay = 500; ; delay = Math.min(delay * 2, 15_000)) {
      const sha = await this.branchSha(repo, branch);
      if (sha) return sha;
      if (Date.now() + delay > deadline) {
        throw new Error(
          `The fork ${repo.owner}/${repo.name} was not ready after ${Math.round((this.opts.forkReadyTimeoutMs ?? 300_000) / 1000)}s`,
        );
      }
      this.opts.log?.(`Fork ${repo.owner}/${repo.name} not ready yet; checking again in ${delay} ms`);
      await new Promise((r) => setTimeout(r, delay));
    }
  }

  private async repo(repo: RepoName): Promise<RepoData | undefined> {
    try {
      const { data } = await this.gh.rest.repos.get({ owner: repo.owner, repo: repo.name });
      return data as RepoData;
    } catch (err) {
      if ((err as { status?: number }).status === 404) return undefined;
      throw explainGitHubError(err, `read ${repo.owner}/${repo.name}`);
    }
  }

  private async branchSha(repo: RepoName, branch: string): Promise<string | undefined> {
    try {
      const { data } = await this.gh.rest.repos.getBranch({ owner: repo.owner, repo: repo.name, branch });
      return data.commit.sha;
    } catch (err) {
      const status = (err as { status?: number }).status;
      if (status === 404 || status === 409) return undefined; // 409: the repository is empty
      throw explainGitHubError(err, `read branch ${branch} of ${repo.owner}/${repo.name}`);
    }
  }

  private async call<T>(what: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw explainGitHubError(err, what);
    }
  }
}

function headLabel(repo: RepoName, head: { owner: string; branch: string }): string {
  return head.owner === repo.owner ? head.branch : `${head.owner}:${head.branch}`;
}

function coords(data: RepoData): RepoCoordinates {
  return { owner: data.owner.login, name: data.name, cloneUrl: data.clone_url, webUrl: data.html_url };
}

function toRef(repo: RepoName, pr: PullData): PullRequestRef {
  const state = pr.merged_at ? 'merged' : pr.state === 'closed' ? 'closed' : 'open';
  return { number: pr.number, url: pr.html_url, repo: `${repo.owner}/${repo.name}`, head: pr.head.ref, base: pr.base.ref, state };
}
