/**
 * The Octokit client: throttling (waits for `retry-after` or the rate-limit reset, for primary and secondary
 * limits) and retries of 5xx with backoff. 4xx errors other than rate limits are not retried: retrying a revoked
 * token or a missing repository only burns quota.
 */
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { Octokit } from '@octokit/rest';
import { recordForgeRequest } from '../counting-forge';

const ThrottledOctokit = Octokit.plugin(throttling, retry);
export type GitHubClient = InstanceType<typeof ThrottledOctokit>;

export interface GitHubClientOptions {
  token: string;
  apiUrl: string;
  /** How many times a rate-limited request waits and tries again before failing. */
  rateLimitRetries?: number;
  log?: (message: string) => void;
}

export function createGitHubClient(opts: GitHubClientOptions): GitHubClient {
  const retries = opts.rateLimitRetries ?? 4;
  const log = opts.log ?? (() => undefined);
  const octokit = new ThrottledOctokit({
    auth: opts.token,
    baseUrl: opts.apiUrl.replace(/\/+$/, ''),
    userAgent: 'helicone-integrator',
    log: { debug: () => undefined, info: () => undefined, warn: log, error: log },
    throttle: {
      onRateLimit: (retryAfter, options, _octokit, retryCount) => {
        log(`GitHub rate limit on ${options.method} ${options.url}; waiting ${retryAfter}s (retry ${retryCount + 1}/${retries})`);
        return retryCount < retries;
      },
      onSecondaryRateLimit: (retryAfter, options, _octokit, retryCount) => {
        log(`GitHub secondary rate limit on ${options.method} ${options.url}; waiting ${retryAfter}s (retry ${retryCount + 1}/${retries})`);
        return retryCount < retries;
      },
    },
    retry: { doNotRetry: [400, 401, 403, 404, 409, 410, 422, 451] },
  });
  // Every request that goes out, retries included, counts against the integration that made it.
  octokit.hook.before('request', (options) => recordForgeRequest(`${options.method} ${options.url}`));
  return octokit;
}
