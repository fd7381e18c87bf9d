/**
 * Benchmark 4, GitHub requests per integration: the whole pipeline through the GitHub forge against the fake GitHub
 * (REST + git smart HTTP), for the happy path (review PR, approve, final PR) and the feedback path (reject with
 * feedback, v2, approve). Counts every REST request and lists them by route; git traffic is not REST and not counted.
 */
import { GitHubForge } from '../../src/adapters/forge/github/github-forge';
import { startDevServer } from '../../src/adapters/temporal/dev-server';
import { startIntegration } from '../../src/cli/start-integration';
import { reviewCompleteSignal } from '../../src/workflows/definitions';
import { FakeGitHub } from '../../test/helpers/fake-github/fake-github-server';
import { feedbackAnsweringCodemod } from '../../test/helpers/feedback-integrator';
import { awaitingReview, startHarness, waitFor } from '../../test/helpers/integration-harness';

const TOKEN = 'ghp_benchtoken000000000000000000000';
const SAMPLE = {
  'src/openai.ts': "import OpenAI from 'openai';\n\nexport const client = new OpenAI({\n  apiKey: process.env.OPENAI_API_KEY,\n});\n",
  '.env.example': 'OPENAI_API_KEY=\n',
};

export interface RequestsResult {
  happy: { total: number; calls: Record<string, number> };
  feedback: { total: number; calls: Record<string, number> };
  unavoidable: string[];
  target: string;
  /** The happy path within the target. */
  met: boolean;
}

/** Issue 18's target for the happy path. */
export const HAPPY_PATH_TARGET = 12;

export async function benchGitHubRequests(): Promise<RequestsResult> {
  const gh = new FakeGitHub({ token: TOKEN });
  await gh.start();
  const env = await startDevServer({});
  // The codemod alone publishes no v2 for feedback (it cannot act on it): this one answers feedback with a line.
  const h = await startHarness(env, {
    forge: new GitHubForge({ token: TOKEN, apiUrl: gh.apiUrl, forkReadyTimeoutMs: 20_000 }),
    integrator: () => feedbackAnsweringCodemod(),
  });
  try {
    const run = async (name: string, feedback: boolean) => {
      gh.addRepo('acme', name, SAMPLE, { defaultBranch: 'trunk' });
      const from = gh.requests.length;
      const handle = await startIntegration(env.client, {
        repoUrl: `${gh.baseUrl}/acme/${name}`,
        repoOwner: 'acme',
        repoName: name,
        integrationId: `bench-${name}`,
      });
      await waitFor(handle, awaitingReview(1), 120_000);
      if (feedback) {
        await handle.signal(reviewCompleteSignal, { approved: false, feedback: 'Please also mention Helicone in the README.' });
        await waitFor(handle, awaitingReview(2), 120_000);
      }
      await handle.signal(reviewCompleteSignal, { approved: true });
      await handle.result();
      // The upstream PR tracker's first look (its own workflow) is not part of the integration.
      const calls: Record<string, number> = {};
      for (const r of gh.requests.slice(from)) {
        // Only this integration's requests: the previous one's PR tracker may look at its own PR meanwhile.
        if (
          !r.path.startsWith('/api/v3/') ||
          !(r.path.includes(`/${name}`) || r.path === '/api/v3/user' || r.path.startsWith('/api/v3/search/'))
        )
          continue;
        const route = `${r.method} ${r.path
          .replace('/api/v3', '')
          .replace(/\?.*$/, '')
          .replace(name, ':repo')
          .replace(/\/\d+(?=\/|$)/g, '/:n')}`;
        // The tracker reads the upstream PR by number (state, reviews); the integration itself never does.
        if (route.startsWith('GET /repos/acme/:repo/pulls/:n')) continue;
        calls[route] = (calls[route] ?? 0) + 1;
      }
      return { total: Object.values(calls).reduce((a, b) => a + b, 0), calls };
    };
    const happy = await run('bench-happy', false);
    const fb = await run('bench-feedback', true);
    return {
      happy,
      feedback: fb,
      unavoidable: [
        'GET /repos/:owner/:repo and its default branch (archived? empty? the base commit)',
        'GET /user once per worker (the bot login owns the forks; cached)',
        'GET /search/issues (PRs the bot already opened there: never approach twice)',
        'GET /repos/:bot/:repo (is the fork there?), POST /forks, GET of the fork branch until it exists',
        'POST /pulls for the review PR and the final PR (a look-up first only when one may exist: a retry, a reused fork, v2)',
        'POST a comment on the review PR and PATCH it closed (a retry reads its state first)',
      ],
      target: `at most ${HAPPY_PATH_TARGET} on the happy path`,
      met: happy.total <= HAPPY_PATH_TARGET,
    };
  } finally {
    await h.stop();
    await env.teardown();
    await gh.stop();
  }
}
