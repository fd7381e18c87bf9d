/**
 * A fake of the GitHub REST API (the endpoints the GitHub forge uses) plus real git smart HTTP, on 127.0.0.1,
 * shaped like GitHub Enterprise Server: web and git at `<base>/owner/repo(.git)`, REST at `<base>/api/v3`.
 * Repositories are bare git repositories on disk; forks are bare clones. Faults (rate limits, 5xx, 422, a revoked
 * token, a fork that is not ready yet) are injected per test.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { serveGit } from './git-http-backend';
import { searchRoute } from './search-routes';

export interface FakeRepo {
  owner: string;
  name: string;
  defaultBranch: string;
  archived: boolean;
  parent?: string;
  /** GETs of a new fork that answer 404 before it is "ready", as GitHub forks are created asynchronously. */
  notReadyGets: number;
  /** What repository search reports (discovery tests). */
  meta?: RepoMeta;
}

export interface RepoMeta {
  stars?: number;
  language?: string;
  /** SPDX id; null for a repository without a licence. */
  license?: string | null;
  pushedAt?: string;
  topics?: string[];
  description?: string;
}

export interface FakePull {
  number: number;
  title: string;
  body: string;
  state: 'open' | 'closed';
  head: { owner: string; name: string; ref: string };
  base: string;
  user: string;
  /** The bodies of the comments the bot posted, in order. */
  comments: string[];
  /** Every comment of the conversation (the bot's and the maintainers'), oldest first. */
  issueComments?: FakeComment[];
  /** Review comments on lines, oldest first. */
  reviewComments?: (FakeComment & { path: string; line: number })[];
  mergedAt?: string;
  closedAt?: string;
  /** Maintainers' reviews (GitHub's review states), oldest first. */
  reviews?: {
    user: string;
    state: 'APPROVED' | 'CHANGES_REQUESTED' | 'COMMENTED' | 'DISMISSED';
    body?: string;
    submittedAt?: string;
  }[];
}

/** An issue (GitHub numbers issues and pull requests in one sequence per repository; so does the fake). */
export interface FakeIssue {
  number: number;
  title: string;
  body: string;
  user: string;
  state: 'open' | 'closed';
  stateReason?: string;
  closedBy?: string;
  closedAt?: string;
  labels: string[];
  comments: FakeComment[];
  reactions: { id: number; user: string; content: string; createdAt: string }[];
}

export interface FakeComment {
  id: number;
  user: string;
  body: string;
  createdAt: string;
}

export interface Fault {
  method?: string;
  path: RegExp;
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** How many matching requests get the fault (default 1). */
  times?: number;
}

export interface LoggedRequest {
  method: string;
  path: string;
  status: number;
  body: string;
}

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', args, {
    cwd,
    stdio: 'pipe',
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 'Maintainer',
      GIT_AUTHOR_EMAIL: 'm@example.com',
      GIT_COMMITTER_NAME: 'Maintainer',
      GIT_COMMITTER_EMAIL: 'm@example.com',
    },
  }).toString();

export class FakeGitHub {
  readonly repos = new Map<string, FakeRepo>();
  readonly pulls = new Map<string, FakePull[]>();
  readonly issues = new Map<string, FakeIssue[]>();
  /** Collaborator permissions by repository, then login (GitHub's levels); anyone else gets a 404 from the endpoint. */
  readonly permissions = new Map<string, Record<string, string>>();
  readonly requests: LoggedRequest[] = [];
  readonly faults: Fault[] = [];
  token: string;
  /** Forks created from now on stay "not ready" for this many GETs. */
  forkNotReadyGets = 0;
  private server?: http.Server;
  baseUrl = '';
  root = '';

  constructor(opts: { token: string; botLogin?: string }) {
    this.token = opts.token;
    this.botLogin = opts.botLogin ?? 'helicone-bot';
  }
  readonly botLogin: string;
  /** Comment ids, unique across the fake like GitHub's. */
  private nextId = 1000;

  get apiUrl(): string {
    return `${this.baseUrl}/api/v3`;
  }

  async start(): Promise<void> {
    this.root = await fsp.mkdtemp(path.join(os.tmpdir(), 'fake-github-'));
    this.server = http.createServer((req, res) => this.handle(req, res));
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    this.baseUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise((r) => this.server?.close(r));
    this.server?.closeAllConnections();
    await fsp.rm(this.root, { recursive: true, force: true });
  }

  repoPath(owner: string, name: string): string {
    return path.join(this.root, owner, `${name}.git`);
  }

  /** Creates a repository with the given files committed on its default branch. */
  addRepo(
    owner: string,
    name: string,
    files: Record<string, string>,
    opts: { defaultBranch?: string; archived?: boolean; meta?: RepoMeta; fork?: string } = {},
  ): FakeRepo {
    const defaultBranch = opts.defaultBranch ?? 'main';
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'fake-gh-src-'));
    git(work, 'init', '-q', '-b', defaultBranch);
    for (const [f, content] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(work, f)), { recursive: true });
      fs.writeFileSync(path.join(work, f), content);
    }
    git(work, 'add', '-A');
    git(work, 'commit', '-q', '-m', 'Initial commit');
    fs.mkdirSync(path.join(this.root, owner), { recursive: true });
    git(this.root, 'clone', '-q', '--bare', work, this.repoPath(owner, name));
    fs.rmSync(work, { recursive: true, force: true });
    const repo: FakeRepo = {
      owner,
      name,
      defaultBranch,
      archived: !!opts.archived,
      notReadyGets: 0,
      ...(opts.meta ? { meta: opts.meta } : {}),
      ...(opts.fork ? { parent: opts.fork } : {}),
    };
    this.repos.set(`${owner}/${name}`, repo);
    return repo;
  }

  /** Adds a pull request record directly (e.g. one the bot opened long ago). */
  addPull(owner: string, name: string, pr: Omit<FakePull, 'number' | 'comments'>): FakePull {
    const list = this.pulls.get(`${owner}/${name}`) ?? [];
    const full = { ...pr, number: this.nextNumber(owner, name), comments: [] };
    list.push(full);
    this.pulls.set(`${owner}/${name}`, list);
    return full;
  }

  issuesOf(owner: string, name: string): FakeIssue[] {
    return this.issues.get(`${owner}/${name}`) ?? [];
  }

  /** Gives `user` a permission level on a repository (admin, maintain, write, triage or read). */
  setPermission(owner: string, name: string, user: string, permission: string): void {
    this.permissions.set(`${owner}/${name}`, { ...this.permissions.get(`${owner}/${name}`), [user]: permission });
  }

  /** Plays a maintainer (or anyone) on an issue: a comment, a reaction on the issue, a label, or a close. */
  maintainerOnIssue(
    owner: string,
    name: string,
    number: number,
    act: { comment: string } | { react: string } | { label: string } | { close: true },
    user = 'maintainer',
  ): void {
    const issue = this.issuesOf(owner, name).find((i) => i.number === number);
    if (!issue) throw new Error(`No issue #${number} in ${owner}/${name}`);
    const createdAt = new Date().toISOString();
    if ('comment' in act) issue.comments.push({ id: this.nextId++, user, body: act.comment, createdAt });
    else if ('react' in act) issue.reactions.push({ id: this.nextId++, user, content: act.react, createdAt });
    else if ('label' in act) issue.labels.push(act.label);
    else Object.assign(issue, { state: 'closed', closedBy: user, closedAt: createdAt });
  }

  private nextNumber(owner: string, name: string): number {
    const used = [...(this.pulls.get(`${owner}/${name}`) ?? []), ...this.issuesOf(owner, name)].map((x) => x.number);
    return Math.max(0, ...used) + 1;
  }

  private issueJson(owner: string, name: string, i: FakeIssue) {
    return {
      number: i.number,
      html_url: `${this.baseUrl}/${owner}/${name}/issues/${i.number}`,
      title: i.title,
      body: i.body,
      user: { login: i.user },
      state: i.state,
      state_reason: i.stateReason ?? null,
      closed_at: i.closedAt ?? null,
      closed_by: i.closedBy ? { login: i.closedBy } : null,
      labels: i.labels.map((l) => ({ name: l })),
    };
  }

  /** Issue endpoints; undefined when the path is not an issue's (a PR's conversation shares `/issues/{n}/comments`). */
  private issueRoute(
    method: string,
    owner: string,
    name: string,
    rest: string,
    q: URLSearchParams,
    body: Record<string, unknown>,
    p: string,
  ): [number, unknown, Record<string, string>?] | undefined {
    const key = `${owner}/${name}`;
    const list = this.issuesOf(owner, name);
    const perm = /^\/collaborators\/([^/]+)\/permission$/.exec(rest);
    if (method === 'GET' && perm) {
      const level = this.permissions.get(key)?.[decodeURIComponent(perm[1]!)];
      if (!level) return [404, { message: 'Not Found' }];
      // `permission` folds maintain into write and triage into read, as GitHub does; `role_name` keeps them.
      const folded = level === 'maintain' ? 'write' : level === 'triage' ? 'read' : level;
      return [200, { permission: folded, role_name: level, user: { login: perm[1] } }];
    }
    if (rest === '/issues') {
      if (method === 'GET') {
        const state = q.get('state') ?? 'open';
        const creator = q.get('creator');
        const found = list.filter((i) => (state === 'all' || i.state === state) && (!creator || i.user === creator));
        return this.page(
          p,
          [...found].reverse().map((i) => this.issueJson(owner, name, i)),
          q,
        );
      }
      if (method === 'POST') {
        const issue: FakeIssue = {
          number: this.nextNumber(owner, name),
          title: String(body.title),
          body: String(body.body ?? ''),
          user: this.botLogin,
          state: 'open',
          labels: [],
          comments: [],
          reactions: [],
        };
        this.issues.set(key, [...list, issue]);
        return [201, this.issueJson(owner, name, issue)];
      }
    }
    const m = /^\/issues\/(\d+)(\/comments|\/reactions)?$/.exec(rest);
    const issue = m ? list.find((i) => i.number === Number(m[1])) : undefined;
    if (!m || !issue) return undefined;
    const url = `${this.baseUrl}/${owner}/${name}/issues/${issue.number}`;
    if (!m[2] && method === 'GET') return [200, this.issueJson(owner, name, issue)];
    if (!m[2] && method === 'PATCH') {
      if (body.state === 'closed' && issue.state !== 'closed')
        Object.assign(issue, { state: 'closed', closedBy: this.botLogin, closedAt: new Date().toISOString() });
      if (body.state === 'open') Object.assign(issue, { state: 'open', closedBy: undefined, closedAt: undefined });
      if (typeof body.state_reason === 'string') issue.stateReason = body.state_reason;
      return [200, this.issueJson(owner, name, issue)];
    }
    if (m[2] === '/comments' && method === 'POST') {
      const c: FakeComment = { id: this.nextId++, user: this.botLogin, body: String(body.body), createdAt: new Date().toISOString() };
      issue.comments.push(c);
      return [201, { ...this.commentJson(owner, name, issue.number, c), html_url: `${url}#issuecomment-${c.id}` }];
    }
    if (m[2] === '/comments' && method === 'GET') {
      const all = issue.comments.map((c) => ({
        ...this.commentJson(owner, name, issue.number, c),
        html_url: `${url}#issuecomment-${c.id}`,
      }));
      return this.page(p, all, q);
    }
    if (m[2] === '/reactions' && method === 'GET') {
      const all = issue.reactions.map((r) => ({ id: r.id, user: { login: r.user }, content: r.content, created_at: r.createdAt }));
      return this.page(p, all, q);
    }
    return undefined;
  }

  pullsOf(owner: string, name: string): FakePull[] {
    return this.pulls.get(`${owner}/${name}`) ?? [];
  }

  /**
   * Plays a maintainer on a PR: a comment on the conversation, a review (with its words) or a review comment on a
   * line, written `at` (default now), as GitHub would serve them to the bot.
   */
  maintainerSays(
    owner: string,
    name: string,
    number: number,
    what:
      | { comment: string; user?: string; at?: string }
      | { review: NonNullable<FakePull['reviews']>[number]['state']; body?: string; user?: string; at?: string }
      | { lineComment: string; path: string; line: number; user?: string; at?: string },
  ): void {
    const pr = this.pullsOf(owner, name).find((p) => p.number === number);
    if (!pr) throw new Error(`No pull request #${number} in ${owner}/${name}`);
    const user = what.user ?? 'maintainer';
    const at = what.at ?? new Date().toISOString();
    if ('comment' in what) (pr.issueComments ??= []).push({ id: this.nextId++, user, body: what.comment, createdAt: at });
    else if ('review' in what) (pr.reviews ??= []).push({ user, state: what.review, body: what.body ?? '', submittedAt: at });
    else
      (pr.reviewComments ??= []).push({ id: this.nextId++, user, body: what.lineComment, createdAt: at, path: what.path, line: what.line });
  }

  /** A maintainer closes (or merges) a PR. */
  maintainerCloses(owner: string, name: string, number: number, opts: { merge?: boolean } = {}): void {
    const pr = this.pullsOf(owner, name).find((p) => p.number === number);
    if (!pr) throw new Error(`No pull request #${number} in ${owner}/${name}`);
    pr.state = 'closed';
    pr.closedAt = new Date().toISOString();
    if (opts.merge) pr.mergedAt = pr.closedAt;
  }

  count(method: string, pathRe: RegExp): number {
    return this.requests.filter((r) => r.method === method && pathRe.test(r.path)).length;
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.baseUrl);
    const chunks: Buffer[] = [];
    const isGit = /\.git\//.test(url.pathname);
    if (isGit) return this.handleGit(req, res, url);
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks).toString();
    const send = (status: number, data: unknown, headers: Record<string, string> = {}) => {
      this.requests.push({ method: req.method ?? 'GET', path: url.pathname + url.search, status, body });
      const text = typeof data === 'string' ? data : JSON.stringify(data);
      res.writeHead(status, { 'content-type': typeof data === 'string' ? 'text/plain' : 'application/json', ...headers }).end(text);
    };
    if (!url.pathname.startsWith('/api/v3/')) return send(404, { message: 'Not Found' });
    const auth = req.headers.authorization ?? '';
    if (auth !== `token ${this.token}` && auth !== `Bearer ${this.token}`) return send(401, { message: 'Bad credentials' });
    const p = url.pathname.slice('/api/v3'.length);
    const fault = this.faults.find((f) => (!f.method || f.method === req.method) && f.path.test(p) && (f.times ?? 1) > 0);
    if (fault) {
      fault.times = (fault.times ?? 1) - 1;
      return send(fault.status, fault.body ?? { message: `fault ${fault.status}` }, fault.headers);
    }
    try {
      const [status, data, headers] = await this.route(
        req.method ?? 'GET',
        p,
        url.searchParams,
        body ? JSON.parse(body) : {},
        req.headers.accept ?? '',
      );
      send(status, data, headers);
    } catch (err) {
      send(500, { message: String(err) });
    }
  }

  private handleGit(req: http.IncomingMessage, res: http.ServerResponse, url: URL): void {
    const auth = req.headers.authorization ?? '';
    const expected = `Basic ${Buffer.from(`x-access-token:${this.token}`).toString('base64')}`;
    this.requests.push({ method: req.method ?? 'GET', path: url.pathname, status: auth === expected ? 200 : 401, body: '' });
    if (auth !== expected) {
      res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="GitHub"' }).end('Bad credentials');
      return;
    }
    serveGit(req, res, this.root, url.pathname, url.search.slice(1));
  }

  repoJson(r: FakeRepo) {
    return {
      stargazers_count: r.meta?.stars ?? 0,
      language: r.meta?.language ?? null,
      license: r.meta?.license === null ? null : { spdx_id: r.meta?.license ?? 'MIT' },
      pushed_at: r.meta?.pushedAt ?? new Date().toISOString(),
      topics: r.meta?.topics ?? [],
      description: r.meta?.description ?? null,
      name: r.name,
      full_name: `${r.owner}/${r.name}`,
      owner: { login: r.owner },
      default_branch: r.defaultBranch,
      archived: r.archived,
      fork: !!r.parent,
      ...(r.parent ? { parent: { full_name: r.parent } } : {}),
      clone_url: `${this.baseUrl}/${r.owner}/${r.name}.git`,
      html_url: `${this.baseUrl}/${r.owner}/${r.name}`,
    };
  }

  /** One page of a list, as GitHub pages it (`per_page`, `page`, and a Link header to the next page that octokit follows). */
  private page<T>(p: string, all: T[], q: URLSearchParams): [number, T[], Record<string, string>] {
    const per = Number(q.get('per_page') ?? 30);
    const n = Number(q.get('page') ?? 1);
    if (all.length <= n * per) return [200, all.slice((n - 1) * per), {}];
    const next = new URLSearchParams(q);
    next.set('page', String(n + 1));
    return [200, all.slice((n - 1) * per, n * per), { link: `<${this.apiUrl}${p}?${next}>; rel="next"` }];
  }

  private commentJson(owner: string, name: string, number: number, c: FakeComment) {
    return {
      id: c.id,
      user: { login: c.user },
      body: c.body,
      created_at: c.createdAt,
      updated_at: c.createdAt,
      html_url: `${this.baseUrl}/${owner}/${name}/pull/${number}#issuecomment-${c.id}`,
    };
  }

  private pullJson(owner: string, name: string, pr: FakePull) {
    return {
      number: pr.number,
      html_url: `${this.baseUrl}/${owner}/${name}/pull/${pr.number}`,
      state: pr.state,
      merged_at: pr.mergedAt ?? null,
      closed_at: pr.state === 'closed' ? (pr.closedAt ?? pr.mergedAt ?? '2026-01-01T00:00:00Z') : null,
      title: pr.title,
      body: pr.body,
      user: { login: pr.user },
      head: {
        ref: pr.head.ref,
        label: `${pr.head.owner}:${pr.head.ref}`,
        user: { login: pr.head.owner },
        repo: { owner: { login: pr.head.owner }, name: pr.head.name },
      },
      base: { ref: pr.base },
    };
  }

  private async route(
    method: string,
    p: string,
    q: URLSearchParams,
    body: Record<string, unknown>,
    accept: string,
  ): Promise<[number, unknown, Record<string, string>?]> {
    const notFound: [number, unknown] = [404, { message: 'Not Found' }];
    if (method === 'GET' && p === '/user') return [200, { login: this.botLogin, id: 4242 }];
    if (method === 'GET' && p === '/search/issues') {
      const query = q.get('q') ?? '';
      const repo = /repo:(\S+)/.exec(query)?.[1] ?? '';
      const author = /author:(\S+)/.exec(query)?.[1];
      const items = (this.pulls.get(repo) ?? [])
        .filter((pr) => !author || pr.user === author)
        .map((pr) => ({ number: pr.number, html_url: `${this.baseUrl}/${repo}/pull/${pr.number}`, state: pr.state, pull_request: {} }));
      return [200, { total_count: items.length, incomplete_results: false, items }];
    }
    const search = searchRoute(this, method, p, q);
    if (search) return search;
    const m = /^\/repos\/([^/]+)\/([^/]+)(\/.*)?$/.exec(p);
    if (!m) return notFound;
    const [, owner, name, rest = ''] = m as unknown as [string, string, string, string?];
    const repo = this.repos.get(`${owner}/${name}`);
    if (!repo) return notFound;
    const readyCheck = () => {
      if (repo.notReadyGets > 0) {
        repo.notReadyGets--;
        return false;
      }
      return true;
    };

    if (method === 'GET' && rest === '') return readyCheck() ? [200, this.repoJson(repo)] : notFound;
    const branch = /^\/branches\/(.+)$/.exec(rest);
    if (method === 'GET' && branch) {
      if (!readyCheck()) return notFound;
      try {
        const sha = git(this.repoPath(owner, name), 'rev-parse', `refs/heads/${decodeURIComponent(branch[1]!)}`).trim();
        return [200, { name: branch[1], commit: { sha } }];
      } catch {
        return [404, { message: 'Branch not found' }];
      }
    }
    if (method === 'POST' && rest === '/forks') {
      const key = `${this.botLogin}/${name}`;
      let fork = this.repos.get(key);
      if (!fork) {
        fs.mkdirSync(path.join(this.root, this.botLogin), { recursive: true });
        git(this.root, 'clone', '-q', '--bare', this.repoPath(owner, name), this.repoPath(this.botLogin, name));
        fork = {
          owner: this.botLogin,
          name,
          defaultBranch: repo.defaultBranch,
          archived: false,
          parent: `${owner}/${name}`,
          notReadyGets: this.forkNotReadyGets,
        };
        this.repos.set(key, fork);
      }
      return [202, this.repoJson(fork)];
    }
    if (method === 'POST' && rest === '/merge-upstream') {
      if (!repo.parent) return [422, { message: 'Not a fork' }];
      const [po, pn] = repo.parent.split('/') as [string, string];
      const b = String(body.branch ?? repo.defaultBranch);
      git(this.repoPath(owner, name), 'fetch', '-q', this.repoPath(po, pn), `+refs/heads/${b}:refs/heads/${b}`);
      return [200, { message: 'Successfully fetched and fast-forwarded from upstream', merge_type: 'fast-forward', base_branch: b }];
    }
    const issueAnswer = this.issueRoute(method, owner, name, rest, q, body, p);
    if (issueAnswer) return issueAnswer;
    const list = this.pulls.get(`${owner}/${name}`) ?? [];
    if (method === 'GET' && rest === '/pulls') {
      const state = q.get('state') ?? 'open';
      const head = q.get('head');
      const found = list.filter((pr) => (state === 'all' || pr.state === state) && (!head || `${pr.head.owner}:${pr.head.ref}` === head));
      return [200, found.map((pr) => this.pullJson(owner, name, pr))];
    }
    if (method === 'POST' && rest === '/pulls') {
      const headText = String(body.head);
      const [headOwner, ref] = headText.includes(':') ? (headText.split(':') as [string, string]) : [owner, headText];
      const headRepo = headOwner === owner ? name : name;
      if (list.some((pr) => pr.state === 'open' && pr.head.owner === headOwner && pr.head.ref === ref)) {
        return [422, { message: 'Validation Failed', errors: [{ message: `A pull request already exists for ${headOwner}:${ref}.` }] }];
      }
      try {
        git(this.repoPath(headOwner, headRepo), 'rev-parse', `refs/heads/${ref}`);
      } catch {
        return [422, { message: 'Validation Failed', errors: [{ field: 'head', code: 'invalid' }] }];
      }
      const pr = this.addPull(owner, name, {
        title: String(body.title),
        body: String(body.body ?? ''),
        state: 'open',
        head: { owner: headOwner, name: headRepo, ref },
        base: String(body.base),
        user: this.botLogin,
      });
      return [201, this.pullJson(owner, name, pr)];
    }
    const reviews = /^\/pulls\/(\d+)\/reviews$/.exec(rest);
    if (method === 'GET' && reviews) {
      const target = list.find((x) => x.number === Number(reviews[1]));
      if (!target) return notFound;
      const url = `${this.baseUrl}/${owner}/${name}/pull/${target.number}`;
      const all = (target.reviews ?? []).map((r, i) => ({
        id: i + 1,
        user: { login: r.user },
        state: r.state,
        body: r.body ?? '',
        submitted_at: r.submittedAt ?? '2026-01-01T00:00:00Z',
        html_url: `${url}#pullrequestreview-${i + 1}`,
      }));
      return this.page(p, all, q);
    }
    const lineComments = /^\/pulls\/(\d+)\/comments$/.exec(rest);
    if (method === 'GET' && lineComments) {
      const target = list.find((x) => x.number === Number(lineComments[1]));
      if (!target) return notFound;
      const url = `${this.baseUrl}/${owner}/${name}/pull/${target.number}`;
      const since = q.get('since');
      const all = (target.reviewComments ?? [])
        .filter((c) => !since || c.createdAt >= since)
        .map((c) => ({
          id: c.id,
          user: { login: c.user },
          body: c.body,
          created_at: c.createdAt,
          updated_at: c.createdAt,
          path: c.path,
          line: c.line,
          html_url: `${url}#discussion_r${c.id}`,
        }));
      return this.page(p, all, q);
    }
    const pull = /^\/pulls\/(\d+)$/.exec(rest);
    const pr = pull ? list.find((x) => x.number === Number(pull[1])) : undefined;
    if (pull && !pr) return notFound;
    if (method === 'GET' && pr) {
      if (/diff/.test(accept)) {
        const target = this.repoPath(owner, name);
        git(target, 'fetch', '-q', this.repoPath(pr.head.owner, pr.head.name), `+refs/heads/${pr.head.ref}:refs/pull/${pr.number}/head`);
        return [200, git(target, 'diff', `refs/heads/${pr.base}...refs/pull/${pr.number}/head`)];
      }
      return [200, this.pullJson(owner, name, pr)];
    }
    if (method === 'PATCH' && pr) {
      if (typeof body.title === 'string') pr.title = body.title;
      if (typeof body.body === 'string') pr.body = body.body;
      if (body.state === 'open' || body.state === 'closed') pr.state = body.state;
      return [200, this.pullJson(owner, name, pr)];
    }
    const comment = /^\/issues\/(\d+)\/comments$/.exec(rest);
    const commented = comment ? list.find((x) => x.number === Number(comment[1])) : undefined;
    if (comment && !commented) return notFound;
    if (method === 'POST' && commented) {
      commented.comments.push(String(body.body));
      const c: FakeComment = { id: this.nextId++, user: this.botLogin, body: String(body.body), createdAt: new Date().toISOString() };
      (commented.issueComments ??= []).push(c);
      return [201, this.commentJson(owner, name, commented.number, c)];
    }
    if (method === 'GET' && commented) {
      const since = q.get('since');
      const all = (commented.issueComments ?? []).filter((c) => !since || c.createdAt >= since);
      return this.page(
        p,
        all.map((c) => this.commentJson(owner, name, commented.number, c)),
        q,
      );
    }
    return notFound;
  }
}
