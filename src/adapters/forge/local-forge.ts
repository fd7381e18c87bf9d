/**
 * The embedded forge: bare git repositories under `<dataDir>/forge/repos/<owner>/<name>.git`, forks that are bare
 * clones owned by the bot account, and pull requests kept as JSON records. It needs no network and no token, which
 * is what lets the demo and the tests run the whole pipeline on any machine.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { PullRequestRef, RepoCoordinates } from '../../shared/types';
import { runGit } from '../git/run-git';
import type { GitAuth } from '../git/workspace';
import { RepositoryNotFoundError, type Forge, type PullRequestParams, type RepoLocator, type RepositoryInfo } from './forge';
import { ensureBare, importSource } from './local-import';
import { PullRequestStore, type LocalPullRequest } from './local-pull-requests';

type RepoName = { owner: string; name: string };

export class LocalForge implements Forge {
  readonly kind = 'local' as const;
  private readonly root: string;
  private readonly botOwner: string;
  private readonly pulls: PullRequestStore;

  constructor(opts: { dataDir: string; botOwner?: string }) {
    this.root = path.join(opts.dataDir, 'forge');
    this.botOwner = opts.botOwner ?? 'helicone-bot';
    this.pulls = new PullRequestStore(path.join(this.root, 'pulls'));
  }

  repoPath(repo: RepoName): string {
    return path.join(this.root, 'repos', repo.owner, `${repo.name}.git`);
  }

  async getRepository(repo: RepoLocator): Promise<RepositoryInfo> {
    const bare = this.repoPath(repo);
    const defaultBranch = await importSource(sourcePath(repo.url), bare);
    return this.info(repo, defaultBranch);
  }

  async ensureFork(upstream: RepoLocator): Promise<RepositoryInfo> {
    const upstreamInfo = await this.getRepository(upstream);
    const fork = await this.forkName(upstream);
    const bare = this.repoPath(fork);
    await ensureBare(bare);
    await fs.writeFile(path.join(bare, 'forge-fork-of.json'), JSON.stringify({ owner: upstream.owner, name: upstream.name }));
    // Bring the fork's default branch up to date with upstream (a fork made earlier may be behind).
    const branch = upstreamInfo.defaultBranch;
    await runGit(['fetch', '--quiet', '--force', this.repoPath(upstream), `+refs/heads/${branch}:refs/heads/${branch}`], { cwd: bare });
    await runGit(['symbolic-ref', 'HEAD', `refs/heads/${branch}`], { cwd: bare });
    return this.info(fork, branch);
  }

  gitAuth(): GitAuth {
    return { env: {}, secrets: [] };
  }

  async ensurePullRequest(p: PullRequestParams): Promise<PullRequestRef> {
    const now = new Date().toISOString();
    const existing = (await this.pulls.list(p.repo)).find((pr) => pr.head.owner === p.head.owner && pr.head.branch === p.head.branch);
    const pr: LocalPullRequest = existing
      ? { ...existing, title: p.title, body: p.body, base: p.base, state: 'open', updatedAt: now }
      : {
          number: (await this.pulls.list(p.repo)).reduce((max, x) => Math.max(max, x.number), 0) + 1,
          title: p.title,
          body: p.body,
          head: p.head,
          base: p.base,
          state: 'open',
          createdAt: now,
          updatedAt: now,
          url: '',
          comments: [],
        };
    pr.url = this.pulls.url(p.repo, pr.number);
    await this.fetchPullHead(p.repo, pr);
    await this.pulls.save(p.repo, pr);
    return this.pulls.toRef(p.repo, pr);
  }

  async findPullRequest(repo: RepoName, head: { owner: string; branch: string }): Promise<PullRequestRef | undefined> {
    const pr = (await this.pulls.list(repo)).find((x) => x.head.owner === head.owner && x.head.branch === head.branch);
    return pr && this.pulls.toRef(repo, pr);
  }

  async listPullRequests(repo: RepoName): Promise<PullRequestRef[]> {
    return (await this.pulls.list(repo)).map((pr) => this.pulls.toRef(repo, pr));
  }

  /** The full record (title, body, comments) of a pull request, for the demo and the dashboard. */
  async getPullRequest(repo: RepoName, number: number): Promise<LocalPullRequest | undefined> {
    return this.pulls.get(repo, number);
  }

  async closePullRequest(repo: RepoName, number: number, comment?: string): Promise<void> {
    const pr = await this.pulls.get(repo, number);
    if (!pr) throw new RepositoryNotFoundError(`Pull request #${number} not found in ${repo.owner}/${repo.name}`);
    const now = new Date().toISOString();
    // A retried close must not add the same comment twice.
    if (comment && pr.comments.at(-1)?.body !== comment) pr.comments.push({ at: now, body: comment });
    await this.pulls.save(repo, { ...pr, state: pr.state === 'merged' ? 'merged' : 'closed', updatedAt: now });
  }

  async getPullRequestDiff(repo: RepoName, number: number): Promise<string> {
    const pr = await this.pulls.get(repo, number);
    if (!pr) throw new RepositoryNotFoundError(`Pull request #${number} not found in ${repo.owner}/${repo.name}`);
    await this.fetchPullHead(repo, pr);
    const { stdout } = await runGit(['diff', '--no-color', `refs/heads/${pr.base}...refs/pull/${number}/head`], { cwd: this.repoPath(repo) });
    return stdout;
  }

  private async fetchPullHead(repo: RepoName, pr: LocalPullRequest): Promise<void> {
    await runGit(
      ['fetch', '--quiet', '--force', this.repoPath(pr.head), `+refs/heads/${pr.head.branch}:refs/pull/${pr.number}/head`],
      { cwd: this.repoPath(repo) },
    );
  }

  /** The bot's fork of `upstream`: its own name, or name-1, name-2… when that name forks another repository. */
  private async forkName(upstream: RepoName): Promise<RepoName> {
    for (let i = 0; ; i++) {
      const candidate = { owner: this.botOwner, name: i === 0 ? upstream.name : `${upstream.name}-${i}` };
      const meta = await fs.readFile(path.join(this.repoPath(candidate), 'forge-fork-of.json'), 'utf8').catch(() => undefined);
      const exists = await fs.stat(this.repoPath(candidate)).then(() => true, () => false);
      if (!exists) return candidate;
      if (meta) {
        const of = JSON.parse(meta) as RepoName;
        if (of.owner === upstream.owner && of.name === upstream.name) return candidate;
      }
    }
  }

  private async info(repo: RepoName, defaultBranch: string): Promise<RepositoryInfo> {
    const bare = this.repoPath(repo);
    const head = await runGit(['rev-parse', `refs/heads/${defaultBranch}`], { cwd: bare }).catch(() => undefined);
    if (!head) throw new RepositoryNotFoundError(`Repository ${repo.owner}/${repo.name} has no branch ${defaultBranch}`);
    const coords: RepoCoordinates = { owner: repo.owner, name: repo.name, cloneUrl: bare, webUrl: pathToFileURL(bare).href };
    return { coords, defaultBranch, headSha: head.stdout.trim() };
  }
}

function sourcePath(url: string): string {
  return url.startsWith('file://') ? new URL(url).pathname : path.resolve(url);
}
