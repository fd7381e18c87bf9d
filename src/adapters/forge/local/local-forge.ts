/**
 * The embedded forge: bare git repositories under `<dataDir>/forge/repos/<owner>/<name>.git`, forks that are bare
 * clones owned by the bot account, and pull requests kept as JSON records. It needs no network and no token, which
 * is what lets the demo and the tests run the whole pipeline on any machine.
 */
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { PullRequestRef, PullRequestReviewState, RepoCoordinates } from '../../../shared/types';
import { runGit } from '../../git/run-git';
import type { GitAuth } from '../../git/workspace';
import {
  assertCommitSha,
  type Forge,
  type IssueActivity,
  type IssueRef,
  type PullRequestMessage,
  type RepoPermission,
  type PullRequestParams,
  type RepoLocator,
  type RepositoryInfo,
} from '../forge';
import { RepositoryNotFoundError } from '../forge-errors';
import { KeyedLock } from './keyed-lock';
import { createFork, findForkName, syncForkBranch } from './local-fork';
import { importSource } from './local-import';
import { IssueStore, type LocalIssue } from './local-issues';
import { PullRequestStore, type LocalPullRequest } from './local-pull-requests';

type RepoName = { owner: string; name: string };

/**
 * Orders this process's calls that touch the same repository or PR list (see KeyedLock). Shared by every instance,
 * since activities may each build their own forge over the same data directory; keys carry absolute paths.
 */
const lock = new KeyedLock();

/**
 * Forks this process is creating, by bare path: the name is chosen under the forks lock and claimed here, and the
 * clone runs after the lock is released, so twenty integrations fork at once instead of one after another. A second
 * call for the same upstream waits for the same creation.
 */
const creatingForks = new Map<string, { of: RepoName; created: Promise<boolean> }>();

export class LocalForge implements Forge {
  readonly kind = 'local' as const;
  private readonly root: string;
  private readonly botOwner: string;
  private readonly pulls: PullRequestStore;
  private readonly issues: IssueStore;

  constructor(opts: { dataDir: string; botOwner?: string }) {
    this.root = path.join(path.resolve(opts.dataDir), 'forge');
    this.botOwner = opts.botOwner ?? 'helicone-bot';
    this.pulls = new PullRequestStore(path.join(this.root, 'pulls'));
    this.issues = new IssueStore(path.join(this.root, 'issues'));
  }

  /** The bare repository holding `owner/name` (absolute). */
  repoPath(repo: RepoName): string {
    return path.join(this.root, 'repos', repo.owner, `${repo.name}.git`);
  }

  /** Imports (or refreshes) the forge's copy of the repository at `repo.url` and describes it. */
  async getRepository(repo: RepoLocator): Promise<RepositoryInfo> {
    const bare = this.repoPath(repo);
    return lock.run(`repo:${bare}`, async () => this.info(repo, await importSource(sourcePath(repo.url), bare)));
  }

  async ensureFork(upstream: RepoLocator, known?: RepositoryInfo): Promise<RepositoryInfo> {
    // Refreshes the upstream copy first (unless the caller just did), so the fork's default branch catches up with a
    // source that moved on.
    const upstreamInfo = known ?? (await this.getRepository(upstream));
    const upstreamBare = this.repoPath(upstream);
    // One lock for all of the bot's forks, held while a free name is chosen and claimed (two calls must not pick the
    // same one), not while the fork is copied.
    const { fork, creation, mine } = await lock.run(`forks:${path.join(this.root, 'repos', this.botOwner)}`, async () => {
      const found = await findForkName(
        this.botOwner,
        upstream,
        (r) => this.repoPath(r),
        (bare) => creatingForks.get(bare)?.of,
      );
      const bare = this.repoPath(found.fork);
      if (found.exists) return { fork: found.fork, creation: undefined, mine: false };
      const pending = creatingForks.get(bare);
      if (pending) return { fork: found.fork, creation: pending.created, mine: false };
      const created = createFork(upstream, upstreamBare, bare);
      creatingForks.set(bare, { of: { owner: upstream.owner, name: upstream.name }, created });
      return { fork: found.fork, creation: created, mine: true };
    });
    const bare = this.repoPath(fork);
    let created = false;
    try {
      created = creation ? await creation : false;
    } finally {
      if (mine) creatingForks.delete(bare);
    }
    // A fork this call made is a copy of upstream as it is now: nothing to sync. One another call made (or is making)
    // may predate upstream's latest commit.
    const made = mine && created;
    if (!made) await lock.run(`repo:${bare}`, () => syncForkBranch(bare, upstreamBare, upstreamInfo.defaultBranch));
    // The fork's default branch is upstream's after either (the bot never commits on it).
    const coords = this.coords(fork);
    return { coords, defaultBranch: upstreamInfo.defaultBranch, headSha: upstreamInfo.headSha, ...(made ? { created: true } : {}) };
  }

  /** Local paths need no credentials. */
  gitAuth(): GitAuth {
    return { env: {}, secrets: [] };
  }

  async ensurePullRequest(p: PullRequestParams): Promise<PullRequestRef> {
    if (p.head.owner === p.repo.owner && p.head.name === p.repo.name) {
      // A review PR: both branches live in the fork, and one process checks both (the slow path names the missing one).
      const both = await runGit(['rev-parse', `refs/heads/${p.head.branch}^{commit}`, `refs/heads/${p.base}^{commit}`], {
        cwd: this.repoPath(p.repo),
      }).catch(() => undefined);
      if (!both) {
        await this.requireBranch(p.head, p.head.branch);
        await this.requireBranch(p.repo, p.base);
      }
    } else {
      await this.requireBranch(p.head, p.head.branch);
      await this.requireBranch(p.repo, p.base);
    }
    return lock.run(this.pullsKey(p.repo), async () => {
      const now = new Date().toISOString();
      const existing = await this.findRecord(p.repo, p.head);
      const pr = existing
        ? { ...existing, title: p.title, body: p.body, head: p.head, base: p.base, state: 'open' as const, updatedAt: now }
        : await this.pulls.create(p.repo, {
            title: p.title,
            body: p.body,
            head: p.head,
            base: p.base,
            state: 'open',
            createdAt: now,
            updatedAt: now,
            comments: [],
          });
      await this.fetchPullHead(p.repo, pr);
      if (existing) await this.pulls.save(p.repo, pr);
      return this.pulls.toRef(p.repo, pr);
    });
  }

  async findPullRequest(repo: RepoName, head: { owner: string; branch: string }): Promise<PullRequestRef | undefined> {
    const pr = await this.findRecord(repo, head);
    return pr && this.pulls.toRef(repo, pr);
  }

  /** Every pull request of a repository, in any state, by number (for the demo and the dashboard). */
  async listPullRequests(repo: RepoName): Promise<PullRequestRef[]> {
    return (await this.pulls.list(repo)).map((pr) => this.pulls.toRef(repo, pr));
  }

  /** The full record (title, body, comments) of a pull request, for the demo and the dashboard. */
  async getPullRequest(repo: RepoName, number: number): Promise<LocalPullRequest | undefined> {
    return this.pulls.get(repo, number);
  }

  async getPullRequestBody(repo: RepoName, number: number): Promise<string | undefined> {
    return (await this.pulls.get(repo, number))?.body;
  }

  async closePullRequest(repo: RepoName, number: number, comment?: string): Promise<void> {
    await lock.run(this.pullsKey(repo), async () => {
      const pr = await this.requirePull(repo, number);
      const now = new Date().toISOString();
      // A retried close must not add the same comment twice.
      if (comment && !isBotComment(pr.comments.at(-1), comment)) pr.comments.push({ at: now, body: comment });
      await this.pulls.save(repo, { ...pr, state: pr.state === 'merged' ? 'merged' : 'closed', updatedAt: now });
    });
  }

  async commentOnPullRequest(repo: RepoName, number: number, comment: string): Promise<void> {
    await lock.run(this.pullsKey(repo), async () => {
      const pr = await this.requirePull(repo, number);
      const now = new Date().toISOString();
      // A retried comment is not added twice.
      if (isBotComment(pr.comments.at(-1), comment)) return;
      pr.comments.push({ at: now, body: comment });
      await this.pulls.save(repo, { ...pr, updatedAt: now });
    });
  }

  async getPullRequestState(repo: RepoName, number: number): Promise<PullRequestReviewState> {
    return reviewState(await this.requirePull(repo, number));
  }

  async botLogin(): Promise<string> {
    return this.botOwner;
  }

  /** Comments (the bot's have no author: they are the bot's login here), reviews and review comments, oldest first. */
  async getPullRequestConversation(repo: RepoName, number: number, since?: string): Promise<PullRequestMessage[]> {
    const pr = await this.requirePull(repo, number);
    const out: PullRequestMessage[] = [];
    pr.comments.forEach((c, i) => {
      const kind = c.path ? 'review_comment' : 'comment';
      out.push({
        id: `${kind}:${i + 1}`,
        kind,
        author: c.author ?? this.botOwner,
        createdAt: c.at,
        body: c.body,
        url: `${pr.url}#comment-${i + 1}`,
        ...(c.path ? { path: c.path } : {}),
        ...(c.line ? { line: c.line } : {}),
      });
    });
    (pr.reviews ?? []).forEach((r, i) => {
      out.push({
        id: `review:${i + 1}`,
        kind: 'review',
        author: r.reviewer,
        createdAt: r.at,
        body: r.body ?? '',
        url: `${pr.url}#review-${i + 1}`,
        reviewState: r.state,
      });
    });
    return out.filter((m) => !since || m.createdAt >= since).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  /**
   * What a maintainer writes on a PR upstream: a comment on the conversation, or with `on` a review comment on a
   * line. Like reviewPullRequest, for the demo and the tests (the local forge has no web UI).
   */
  async maintainerComment(
    repo: RepoName,
    number: number,
    body: string,
    author = 'maintainer',
    on?: { path: string; line?: number },
  ): Promise<void> {
    if (author === this.botOwner) throw new Error(`${author} is the bot account: a maintainer comment needs another author`);
    await lock.run(this.pullsKey(repo), async () => {
      const pr = await this.requirePull(repo, number);
      const now = new Date().toISOString();
      pr.comments.push({ at: now, body, author, ...(on ? { path: on.path, ...(on.line ? { line: on.line } : {}) } : {}) });
      await this.pulls.save(repo, { ...pr, updatedAt: now });
    });
  }

  /**
   * What a maintainer does upstream: review (approve, request changes, comment), merge or close a PR. The local
   * forge has no web UI, so the demo and the tests act through these.
   */
  async reviewPullRequest(
    repo: RepoName,
    number: number,
    action: 'approved' | 'changes_requested' | 'commented' | 'merged' | 'closed',
    reviewer = 'maintainer',
    body?: string,
  ): Promise<void> {
    await lock.run(this.pullsKey(repo), async () => {
      const pr = await this.requirePull(repo, number);
      const now = new Date().toISOString();
      if (action === 'merged') Object.assign(pr, { state: 'merged', mergedAt: now });
      else if (action === 'closed') Object.assign(pr, { state: pr.state === 'merged' ? 'merged' : 'closed', closedAt: now });
      else pr.reviews = [...(pr.reviews ?? []), { at: now, reviewer, state: action, ...(body ? { body } : {}) }];
      await this.pulls.save(repo, { ...pr, updatedAt: now });
    });
  }

  async getPullRequestDiff(repo: RepoName, number: number): Promise<string> {
    const pr = await this.requirePull(repo, number);
    // Refetch so the diff shows the branch as it is now; like GitHub, a PR whose head branch was deleted keeps
    // showing the last head it had.
    await this.fetchPullHead(repo, pr).catch(async (err: unknown) => {
      const kept = await runGit(['rev-parse', '--verify', '--quiet', `refs/pull/${number}/head`], { cwd: this.repoPath(repo) }).catch(
        () => undefined,
      );
      if (!kept) throw err;
    });
    const { stdout } = await runGit(['diff', '--no-color', `refs/heads/${pr.base}...refs/pull/${number}/head`], {
      cwd: this.repoPath(repo),
    });
    return stdout;
  }

  async getCommitDiff(repo: RepoName, base: string, head: string): Promise<string> {
    assertCommitSha(base);
    assertCommitSha(head);
    const { stdout } = await runGit(['diff', '--no-color', `${base}...${head}`], { cwd: this.repoPath(repo) });
    return stdout;
  }

  async ensureIssue(repo: RepoName, issue: { title: string; body: string; marker: string }): Promise<IssueRef> {
    return lock.run(this.issuesKey(repo), async () => {
      const found = (await this.issues.list(repo)).find((i) => i.author === this.botOwner && i.body.includes(issue.marker));
      const made =
        found ??
        (await this.issues.create(repo, {
          title: issue.title,
          body: issue.body,
          author: this.botOwner,
          state: 'open',
          createdAt: new Date().toISOString(),
          labels: [],
          comments: [],
          reactions: [],
        }));
      return { number: made.number, url: made.url, state: made.state };
    });
  }

  async getIssueActivity(repo: RepoName, number: number): Promise<IssueActivity> {
    const i = await this.issues.require(repo, number);
    return {
      state: i.state,
      ...(i.closedBy ? { closedBy: i.closedBy } : {}),
      ...(i.closedAt ? { closedAt: i.closedAt } : {}),
      labels: i.labels,
      comments: i.comments.map((c) => ({
        id: `comment:${c.id}`,
        author: c.author,
        body: c.body,
        createdAt: c.at,
        url: `${i.url}#comment-${c.id}`,
      })),
      reactions: i.reactions.map((r) => ({ id: `reaction:${r.id}`, author: r.author, content: r.content, createdAt: r.at })),
    };
  }

  async closeIssue(repo: RepoName, number: number, comment: string): Promise<void> {
    await this.changeIssue(repo, number, (i, now) => {
      if (i.state === 'closed') return false;
      i.comments.push({ id: i.comments.length + 1, author: this.botOwner, body: comment, at: now });
      Object.assign(i, { state: 'closed', closedAt: now, closedBy: this.botOwner });
    });
  }

  async permissionOf(repo: RepoName, login: string): Promise<RepoPermission> {
    if (login === this.botOwner) return 'read';
    return (await this.issues.permissions(repo))[login] ?? 'write';
  }

  /** The issues of a repository (the dashboard, the CLI and the tests read them). */
  async listIssues(repo: RepoName): Promise<LocalIssue[]> {
    return this.issues.list(repo);
  }

  /** Gives `login` a permission level in `repo` (the local forge's stand-in for GitHub's collaborators). */
  async setPermission(repo: RepoName, login: string, permission: RepoPermission): Promise<void> {
    await lock.run(this.issuesKey(repo), () => this.issues.setPermission(repo, login, permission));
  }

  /**
   * What a maintainer does on an issue: comment, react to it (`+1`, `heart`, `-1`, ...), add a label, or close it.
   * The local forge has no web UI, so `maintainer-says` and the tests act through this.
   */
  async maintainerOnIssue(
    repo: RepoName,
    number: number,
    act: { comment: string } | { react: string } | { label: string } | { close: true },
    author = 'maintainer',
  ): Promise<void> {
    if (author === this.botOwner) throw new Error(`${author} is the bot account: a maintainer needs another login`);
    await this.changeIssue(repo, number, (i, now) => {
      if ('comment' in act) i.comments.push({ id: i.comments.length + 1, author, body: act.comment, at: now });
      else if ('react' in act) i.reactions.push({ id: i.reactions.length + 1, author, content: act.react, at: now });
      else if ('label' in act) i.labels = [...new Set([...i.labels, act.label])];
      else Object.assign(i, { state: 'closed', closedAt: now, closedBy: author });
    });
  }

  private async changeIssue(repo: RepoName, number: number, change: (i: LocalIssue, now: string) => false | void): Promise<void> {
    await lock.run(this.issuesKey(repo), async () => {
      const issue = await this.issues.require(repo, number);
      if (change(issue, new Date().toISOString()) === false) return;
      await this.issues.save(repo, issue);
    });
  }

  private issuesKey(repo: RepoName): string {
    return `issues:${this.issues.dir(repo)}`;
  }

  private pullsKey(repo: RepoName): string {
    return `pulls:${this.pulls.dir(repo)}`;
  }

  /** The PR for a head branch: the open one when there is one, else the most recent. */
  private async findRecord(repo: RepoName, head: { owner: string; branch: string }): Promise<LocalPullRequest | undefined> {
    const matching = (await this.pulls.list(repo)).filter((x) => x.head.owner === head.owner && x.head.branch === head.branch);
    return matching.find((x) => x.state === 'open') ?? matching.at(-1);
  }

  private async requirePull(repo: RepoName, number: number): Promise<LocalPullRequest> {
    const pr = await this.pulls.get(repo, number);
    if (!pr) throw new RepositoryNotFoundError(`Pull request #${number} not found in ${repo.owner}/${repo.name}`);
    return pr;
  }

  /** Fails clearly (and before any record is written) when a PR would point at a branch that does not exist. */
  private async requireBranch(repo: RepoName, branch: string): Promise<void> {
    const ok = await runGit(['rev-parse', '--verify', '--quiet', `refs/heads/${branch}^{commit}`], { cwd: this.repoPath(repo) }).catch(
      () => undefined,
    );
    if (!ok) throw new RepositoryNotFoundError(`Branch ${branch} not found in ${repo.owner}/${repo.name} (${this.repoPath(repo)})`);
  }

  /** Copies the head branch into the target repository as `refs/pull/<n>/head`, as GitHub keeps one. */
  private async fetchPullHead(repo: RepoName, pr: LocalPullRequest): Promise<void> {
    await runGit(
      ['fetch', '--quiet', '--force', '--no-tags', this.repoPath(pr.head), `+refs/heads/${pr.head.branch}:refs/pull/${pr.number}/head`],
      { cwd: this.repoPath(repo) },
    );
  }

  private async info(repo: RepoName, defaultBranch: string): Promise<RepositoryInfo> {
    const bare = this.repoPath(repo);
    const head = await runGit(['rev-parse', '--verify', `refs/heads/${defaultBranch}^{commit}`], { cwd: bare }).catch(() => undefined);
    if (!head) throw new RepositoryNotFoundError(`Repository ${repo.owner}/${repo.name} has no branch ${defaultBranch}`);
    return { coords: this.coords(repo), defaultBranch, headSha: head.stdout.trim() };
  }

  private coords(repo: RepoName): RepoCoordinates {
    const bare = this.repoPath(repo);
    return { owner: repo.owner, name: repo.name, cloneUrl: bare, webUrl: pathToFileURL(bare).href };
  }
}

/** The filesystem path a repository URL names: a `file://` URL or a path (relative to the working directory). */
export function sourcePath(url: string): string {
  if (/^file:/i.test(url)) {
    try {
      return fileURLToPath(url);
    } catch (err) {
      throw new RepositoryNotFoundError(`Repository not found: ${url} is not a usable file:// URL (${(err as Error).message})`);
    }
  }
  return path.resolve(url);
}

/** The PR's last comment is this one, by the bot (a maintainer saying the same words is someone else). */
function isBotComment(last: LocalPullRequest['comments'][number] | undefined, body: string): boolean {
  return !!last && !last.author && last.body === body;
}

/** Merged and closed win; an open PR has changes requested while some reviewer's latest review requests them. */
function reviewState(pr: LocalPullRequest): PullRequestReviewState {
  const latest = new Map<string, string>();
  for (const r of pr.reviews ?? []) if (r.state !== 'commented') latest.set(r.reviewer, r.state);
  const changesRequestedBy = [...latest].filter(([, st]) => st === 'changes_requested').map(([who]) => who);
  const state =
    pr.state === 'merged' ? 'merged' : pr.state === 'closed' ? 'closed' : changesRequestedBy.length ? 'changes_requested' : 'open';
  return {
    state,
    changesRequestedBy,
    ...(pr.mergedAt ? { mergedAt: pr.mergedAt } : {}),
    ...(pr.closedAt ? { closedAt: pr.closedAt } : {}),
  };
}
