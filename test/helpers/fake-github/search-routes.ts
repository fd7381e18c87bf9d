/**
 * The fake GitHub's search and contents endpoints, used by discovery: repository search (stars, language and free
 * text, sorted by stars, paginated with a Link header like GitHub), code search within a repository (`git grep` of
 * the default branch) and file contents. Faults such as a secondary rate limit are injected through FakeGitHub.faults.
 */
import { execFileSync } from 'node:child_process';
import type { FakeRepo } from './fake-github-server';

export interface SearchHost {
  readonly repos: Map<string, FakeRepo>;
  readonly baseUrl: string;
  repoPath(owner: string, name: string): string;
  repoJson(r: FakeRepo): Record<string, unknown>;
}

type Route = [number, unknown, Record<string, string>?];

export function searchRoute(host: SearchHost, method: string, p: string, q: URLSearchParams): Route | undefined {
  if (method === 'GET' && p === '/search/repositories') return searchRepositories(host, q);
  if (method === 'GET' && p === '/search/code') return searchCode(host, q);
  const contents = /^\/repos\/([^/]+)\/([^/]+)\/contents\/(.+)$/.exec(p);
  if (method === 'GET' && contents) return fileContents(host, contents[1]!, contents[2]!, decodeURIComponent(contents[3]!));
  return undefined;
}

function searchRepositories(host: SearchHost, q: URLSearchParams): Route {
  const query = q.get('q') ?? '';
  const minStars = Number(/stars:>=(\d+)/.exec(query)?.[1] ?? 0);
  const language = /language:(\S+)/.exec(query)?.[1]?.toLowerCase();
  const terms = query
    .replace(/\S+:\S+/g, ' ')
    .split(/\s+/)
    .filter((t) => t && t !== 'OR')
    .map((t) => t.toLowerCase());
  const matches = [...host.repos.values()]
    .filter((r) => (r.meta?.stars ?? 0) >= minStars)
    .filter((r) => !language || r.meta?.language?.toLowerCase() === language)
    .filter(
      (r) =>
        !terms.length ||
        terms.some((t) => [r.name, r.meta?.description ?? '', ...(r.meta?.topics ?? [])].join(' ').toLowerCase().includes(t)),
    )
    .sort((a, b) => (b.meta?.stars ?? 0) - (a.meta?.stars ?? 0) || `${a.owner}/${a.name}`.localeCompare(`${b.owner}/${b.name}`));
  const perPage = Math.min(100, Number(q.get('per_page') ?? 30));
  const page = Number(q.get('page') ?? 1);
  const items = matches.slice((page - 1) * perPage, page * perPage).map((r) => host.repoJson(r));
  const headers: Record<string, string> = {};
  if (page * perPage < matches.length) {
    const next = new URLSearchParams(q);
    next.set('page', String(page + 1));
    headers.link = `<${host.baseUrl}/api/v3/search/repositories?${next}>; rel="next"`;
  }
  return [200, { total_count: matches.length, incomplete_results: false, items }, headers];
}

function searchCode(host: SearchHost, q: URLSearchParams): Route {
  const query = q.get('q') ?? '';
  const full = /repo:(\S+)/.exec(query)?.[1];
  const repo = full ? host.repos.get(full) : undefined;
  if (!repo) return [422, { message: 'Validation Failed', errors: [{ message: 'The listed users and repositories cannot be searched' }] }];
  const terms = query
    .replace(/\S+:\S+/g, ' ')
    .split(/\s+/)
    .filter((t) => t && t !== 'OR');
  const paths = new Set<string>();
  for (const term of terms) {
    try {
      const out = execFileSync('git', ['grep', '-l', '-i', '-F', '-e', term, repo.defaultBranch], {
        cwd: host.repoPath(repo.owner, repo.name),
        stdio: 'pipe',
      }).toString();
      for (const line of out.split('\n').filter(Boolean)) paths.add(line.slice(repo.defaultBranch.length + 1));
    } catch {
      // git grep exits 1 when nothing matches.
    }
  }
  const items = [...paths].sort().map((path) => ({ name: path.split('/').pop(), path, repository: { full_name: full } }));
  return [200, { total_count: items.length, incomplete_results: false, items }];
}

function fileContents(host: SearchHost, owner: string, name: string, file: string): Route {
  const repo = host.repos.get(`${owner}/${name}`);
  if (!repo) return [404, { message: 'Not Found' }];
  try {
    const content = execFileSync('git', ['show', `${repo.defaultBranch}:${file}`], { cwd: host.repoPath(owner, name), stdio: 'pipe' });
    return [200, { type: 'file', path: file, encoding: 'base64', content: content.toString('base64') }];
  } catch {
    return [404, { message: 'Not Found' }];
  }
}
