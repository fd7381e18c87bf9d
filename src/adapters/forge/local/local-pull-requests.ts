/**
 * Pull requests of the local forge: one JSON record per PR at `<root>/<owner>/<name>/<number>.json`. Every write
 * is atomic (a temporary file renamed or linked into place), so a reader never sees half a record, and a new
 * record's number is claimed with a hard link, which fails rather than overwrite a PR another process created.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { PullRequestRef } from '../../../shared/types';

export interface LocalPullRequest {
  number: number;
  title: string;
  body: string;
  head: { owner: string; name: string; branch: string };
  base: string;
  state: 'open' | 'closed' | 'merged';
  createdAt: string;
  updatedAt: string;
  /** file:// URL of this record. */
  url: string;
  /**
   * In order. Without `author`, the bot's (what the pipeline posts); with one, a maintainer's played through
   * LocalForge.maintainerComment; with `path`, a review comment on a line.
   */
  comments: { at: string; body: string; author?: string; path?: string; line?: number }[];
  /** Maintainers' reviews, in order (set by `npm run demo`-style tools and tests through LocalForge.reviewPullRequest). */
  reviews?: { at: string; reviewer: string; state: 'approved' | 'changes_requested' | 'commented'; body?: string }[];
  mergedAt?: string;
  closedAt?: string;
}

type RepoName = { owner: string; name: string };

export class PullRequestStore {
  constructor(private readonly root: string) {}

  dir(repo: RepoName): string {
    return path.join(this.root, repo.owner, repo.name);
  }

  file(repo: RepoName, number: number): string {
    return path.join(this.dir(repo), `${number}.json`);
  }

  url(repo: RepoName, number: number): string {
    return pathToFileURL(this.file(repo, number)).href;
  }

  /** All records of a repository, by number. */
  async list(repo: RepoName): Promise<LocalPullRequest[]> {
    const names = await fs.readdir(this.dir(repo)).catch(() => [] as string[]);
    const prs = await Promise.all(
      names
        .filter((n) => /^\d+\.json$/.test(n))
        .map(async (n) => JSON.parse(await fs.readFile(path.join(this.dir(repo), n), 'utf8')) as LocalPullRequest),
    );
    return prs.sort((a, b) => a.number - b.number);
  }

  async get(repo: RepoName, number: number): Promise<LocalPullRequest | undefined> {
    const text = await fs.readFile(this.file(repo, number), 'utf8').catch(() => undefined);
    return text ? (JSON.parse(text) as LocalPullRequest) : undefined;
  }

  /** Replaces an existing record. */
  async save(repo: RepoName, pr: LocalPullRequest): Promise<void> {
    const tmp = await this.writeTemp(repo, pr);
    await fs.rename(tmp, this.file(repo, pr.number));
  }

  /**
   * Stores a new record under the next free number and returns it with `number` and `url` filled in. Numbers only
   * grow: the next one is one more than the highest on disk.
   */
  async create(repo: RepoName, draft: Omit<LocalPullRequest, 'number' | 'url'>): Promise<LocalPullRequest> {
    let number = (await this.list(repo)).reduce((max, x) => Math.max(max, x.number), 0) + 1;
    for (;;) {
      const pr: LocalPullRequest = { ...draft, number, url: this.url(repo, number) };
      const tmp = await this.writeTemp(repo, pr);
      try {
        // link(2) fails with EEXIST instead of replacing: the number is ours only if nobody took it meanwhile.
        await fs.link(tmp, this.file(repo, number));
        return pr;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
        number++;
      } finally {
        await fs.rm(tmp, { force: true });
      }
    }
  }

  toRef(repo: RepoName, pr: LocalPullRequest): PullRequestRef {
    return { number: pr.number, url: pr.url, repo: `${repo.owner}/${repo.name}`, head: pr.head.branch, base: pr.base, state: pr.state };
  }

  private async writeTemp(repo: RepoName, pr: LocalPullRequest): Promise<string> {
    await fs.mkdir(this.dir(repo), { recursive: true });
    // Unique per write (not just per process and millisecond): two saves in the same tick must not collide.
    const tmp = path.join(this.dir(repo), `.${pr.number}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
    await fs.writeFile(tmp, `${JSON.stringify(pr, null, 2)}\n`);
    return tmp;
  }
}
