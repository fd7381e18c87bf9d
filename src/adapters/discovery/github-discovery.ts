/**
 * What discovery asks GitHub: repository search (paginated, stopping as soon as there are enough candidates), code
 * search inside one repository, and one file's contents. Built on the forge's Octokit client, so throttling,
 * secondary rate limits (wait for `retry-after`) and retries of 5xx behave the same as everywhere else.
 */
import type { GitHubClient } from '../forge/github/github-client';
import type { Candidate, DiscoveryInput } from '../../shared/discovery-types';

/** GitHub serves at most 1,000 search results; 5 pages of 100 is plenty for a ranking of at most 100. */
const MAX_PAGES = 5;

/** Free text used when the operator gives none: projects that talk about the LLM APIs Helicone proxies. */
export const DEFAULT_SEARCH_TEXT = 'openai OR anthropic OR llm OR gpt';

export function repositoryQuery(input: Pick<DiscoveryInput, 'query' | 'minStars' | 'language'>): string {
  const parts = [input.query?.trim() || DEFAULT_SEARCH_TEXT, `stars:>=${input.minStars}`];
  if (input.language) parts.push(`language:${input.language}`);
  return parts.join(' ');
}

export class GitHubDiscovery {
  /** `perPage`: results per search page (GitHub's maximum, 100, unless a test wants to see pagination). */
  constructor(
    private readonly gh: GitHubClient,
    private readonly opts: { perPage?: number } = {},
  ) {}

  /** Up to `want` repositories matching the query, in GitHub's order. Archived repositories and forks included: the rules report them. */
  async searchRepositories(input: Pick<DiscoveryInput, 'query' | 'minStars' | 'language'>, want: number): Promise<Candidate[]> {
    const perPage = Math.min(100, this.opts.perPage ?? 100);
    const out: Candidate[] = [];
    let pages = 0;
    for await (const page of this.gh.paginate.iterator(this.gh.rest.search.repos, { q: repositoryQuery(input), per_page: perPage })) {
      for (const r of page.data) {
        out.push({
          owner: r.owner?.login ?? r.full_name.split('/')[0]!,
          name: r.name,
          url: r.html_url,
          stars: r.stargazers_count,
          ...(r.language ? { language: r.language } : {}),
          ...(r.description ? { description: r.description.slice(0, 300) } : {}),
          topics: r.topics ?? [],
          archived: r.archived,
          fork: r.fork,
          ...(r.license?.spdx_id && r.license.spdx_id !== 'NOASSERTION' ? { license: r.license.spdx_id } : {}),
          pushedAt: r.pushed_at,
        });
      }
      if (out.length >= want || ++pages >= MAX_PAGES) break;
    }
    return out.slice(0, want);
  }

  /** Paths in `owner/name` whose contents mention any of `terms` (GitHub code search, default branch). */
  async codeSearch(repo: { owner: string; name: string }, terms: string[]): Promise<string[]> {
    const { data } = await this.gh.rest.search.code({ q: `${terms.join(' OR ')} repo:${repo.owner}/${repo.name}`, per_page: 20 });
    return data.items.map((i) => i.path);
  }

  /** A file's text, or undefined when it does not exist. */
  async readFile(repo: { owner: string; name: string }, file: string): Promise<string | undefined> {
    try {
      const { data } = await this.gh.rest.repos.getContent({ owner: repo.owner, repo: repo.name, path: file });
      if (Array.isArray(data) || data.type !== 'file' || !('content' in data)) return undefined;
      return Buffer.from(data.content, 'base64').toString('utf8');
    } catch (err) {
      if ((err as { status?: number }).status === 404) return undefined;
      throw err;
    }
  }
}
