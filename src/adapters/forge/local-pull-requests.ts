/**
 * Pull requests of the local forge: one JSON record per PR, written atomically, plus a `refs/pull/<n>/head` ref
 * in the target repository (as GitHub keeps one) so the PR's diff can always be produced.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { PullRequestRef } from '../../shared/types';

export interface LocalPullRequest {
  number: number;
  title: string;
  body: string;
  head: { owner: string; name: string; branch: string };
  base: string;
  state: 'open' | 'closed' | 'merged';
  createdAt: string;
  updatedAt: string;
  url: string;
  comments: { at: string; body: string }[];
}

export class PullRequestStore {
  constructor(private readonly root: string) {}

  dir(repo: { owner: string; name: string }): string {
    return path.join(this.root, repo.owner, repo.name);
  }

  file(repo: { owner: string; name: string }, number: number): string {
    return path.join(this.dir(repo), `${number}.json`);
  }

  url(repo: { owner: string; name: string }, number: number): string {
    return pathToFileURL(this.file(repo, number)).href;
  }

  async list(repo: { owner: string; name: string }): Promise<LocalPullRequest[]> {
    const names = await fs.readdir(this.dir(repo)).catch(() => [] as string[]);
    const prs = await Promise.all(
      names.filter((n) => /^\d+\.json$/.test(n)).map(async (n) => JSON.parse(await fs.readFile(path.join(this.dir(repo), n), 'utf8')) as LocalPullRequest),
    );
    return prs.sort((a, b) => a.number - b.number);
  }

  async get(repo: { owner: string; name: string }, number: number): Promise<LocalPullRequest | undefined> {
    const text = await fs.readFile(this.file(repo, number), 'utf8').catch(() => undefined);
    return text ? (JSON.parse(text) as LocalPullRequest) : undefined;
  }

  async save(repo: { owner: string; name: string }, pr: LocalPullRequest): Promise<void> {
    await fs.mkdir(this.dir(repo), { recursive: true });
    const target = this.file(repo, pr.number);
    const tmp = `${target}.${process.pid}.${Date.now()}.tmp`;
    await fs.writeFile(tmp, JSON.stringify(pr, null, 2));
    await fs.rename(tmp, target);
  }

  toRef(repo: { owner: string; name: string }, pr: LocalPullRequest): PullRequestRef {
    return { number: pr.number, url: pr.url, repo: `${repo.owner}/${repo.name}`, head: pr.head.branch, base: pr.base, state: pr.state };
  }
}
