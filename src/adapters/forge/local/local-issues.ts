/**
 * Issues of the local forge: one JSON record per issue at `<root>/<owner>/<name>/<number>.json`, beside the pull
 * requests' records, written atomically like them (a temporary file renamed into place; a new number claimed with a
 * hard link). The local forge has no accounts: `permissions.json` in the same directory holds the logins given a
 * level with LocalForge.setPermission; anyone else but the bot counts as a writer, so a newcomer answering a
 * proposal with `maintainer-says` is a maintainer.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { RepoPermission } from '../forge';

export interface LocalIssue {
  number: number;
  title: string;
  body: string;
  author: string;
  state: 'open' | 'closed';
  createdAt: string;
  closedAt?: string;
  closedBy?: string;
  labels: string[];
  comments: { id: number; author: string; body: string; at: string }[];
  reactions: { id: number; author: string; content: string; at: string }[];
  /** file:// URL of this record. */
  url: string;
}

type RepoName = { owner: string; name: string };

export class IssueStore {
  constructor(private readonly root: string) {}

  dir(repo: RepoName): string {
    return path.join(this.root, repo.owner, repo.name);
  }

  async list(repo: RepoName): Promise<LocalIssue[]> {
    const names = await fs.readdir(this.dir(repo)).catch(() => [] as string[]);
    const all = await Promise.all(
      names
        .filter((n) => /^\d+\.json$/.test(n))
        .map(async (n) => JSON.parse(await fs.readFile(path.join(this.dir(repo), n), 'utf8')) as LocalIssue),
    );
    return all.sort((a, b) => a.number - b.number);
  }

  async get(repo: RepoName, number: number): Promise<LocalIssue | undefined> {
    const text = await fs.readFile(this.file(repo, number), 'utf8').catch(() => undefined);
    return text ? (JSON.parse(text) as LocalIssue) : undefined;
  }

  async require(repo: RepoName, number: number): Promise<LocalIssue> {
    const issue = await this.get(repo, number);
    if (!issue) throw new Error(`No issue #${number} in ${repo.owner}/${repo.name} on the local forge`);
    return issue;
  }

  async save(repo: RepoName, issue: LocalIssue): Promise<void> {
    const tmp = await this.writeTemp(repo, issue.number, issue);
    await fs.rename(tmp, this.file(repo, issue.number));
  }

  async create(repo: RepoName, draft: Omit<LocalIssue, 'number' | 'url'>): Promise<LocalIssue> {
    let number = (await this.list(repo)).reduce((max, x) => Math.max(max, x.number), 0) + 1;
    for (;;) {
      const issue: LocalIssue = { ...draft, number, url: pathToFileURL(this.file(repo, number)).href };
      const tmp = await this.writeTemp(repo, number, issue);
      try {
        // link(2) fails with EEXIST instead of replacing: the number is ours only if nobody took it meanwhile.
        await fs.link(tmp, this.file(repo, number));
        return issue;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
        number++;
      } finally {
        await fs.rm(tmp, { force: true });
      }
    }
  }

  async permissions(repo: RepoName): Promise<Record<string, RepoPermission>> {
    const text = await fs.readFile(path.join(this.dir(repo), 'permissions.json'), 'utf8').catch(() => '{}');
    return JSON.parse(text) as Record<string, RepoPermission>;
  }

  async setPermission(repo: RepoName, login: string, permission: RepoPermission): Promise<void> {
    const all = { ...(await this.permissions(repo)), [login]: permission };
    await fs.mkdir(this.dir(repo), { recursive: true });
    const tmp = path.join(this.dir(repo), `.permissions.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
    await fs.writeFile(tmp, `${JSON.stringify(all, null, 2)}\n`);
    await fs.rename(tmp, path.join(this.dir(repo), 'permissions.json'));
  }

  private file(repo: RepoName, number: number): string {
    return path.join(this.dir(repo), `${number}.json`);
  }

  private async writeTemp(repo: RepoName, number: number, issue: LocalIssue): Promise<string> {
    await fs.mkdir(this.dir(repo), { recursive: true });
    const tmp = path.join(this.dir(repo), `.${number}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
    await fs.writeFile(tmp, `${JSON.stringify(issue, null, 2)}\n`);
    return tmp;
  }
}
