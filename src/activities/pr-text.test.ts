import { describe, expect, it } from 'vitest';
import type { ForkInfo, IntegrationAttemptResult, RepositoryAnalysis } from '../shared/types';
import { commitMessage, reviewBody, upstreamBody } from './pr-text';

const analysis: RepositoryAnalysis = { files: 3, languages: { typescript: 3 }, conventionalCommits: false, hasContributing: false, hasPullRequestTemplate: false, requiresSignOff: false };
const fork: ForkInfo = {
  upstream: { owner: 'acme', name: 'app', cloneUrl: '/x', webUrl: '/x' },
  fork: { owner: 'bot', name: 'app', cloneUrl: '/y', webUrl: '/y' },
  defaultBranch: 'main',
  baseSha: 'a'.repeat(40),
};
const result = (routing?: 'optional' | 'always'): IntegrationAttemptResult => ({
  attempt: 1,
  integrator: 'codemod',
  changed: true,
  branchDiffers: true,
  filesChanged: ['src/ai.ts'],
  sites: [{ file: 'src/ai.ts', line: 3, library: 'openai', outcome: 'changed' }],
  summary: 'Routed 1 client(s) through Helicone in `src/ai.ts`.',
  ...(routing ? { routing } : {}),
});

describe('PR text and the routing mode', () => {
  it('says in one sentence at the top of the upstream body that nothing changes without the key', () => {
    const body = upstreamBody({ analysis, result: result('optional') });
    const first = body.split('\n').find((l) => l.trim() && !l.startsWith('#'));
    expect(first).toBe('Nothing changes unless `HELICONE_API_KEY` is set: without it, every client makes exactly the requests it makes today.');
    // A result without a routing mode was written before the opt-in rule (unconditionally): no such promise.
    expect(upstreamBody({ analysis, result: result() })).not.toContain('Nothing changes unless');
  });

  it('says the opposite, plainly, for routing "always"', () => {
    const body = upstreamBody({ analysis, result: result('always') });
    expect(body).not.toContain('Nothing changes unless');
    expect(body).toContain('`HELICONE_API_KEY` must be set wherever the app runs');
    expect(reviewBody({ fork, result: result('always'), feedback: [], workflowId: 'w' })).toContain('Routing: **always**.');
  });

  it('puts the condition in the commit message', () => {
    expect(commitMessage(analysis, 1, [], { name: 'b', email: 'b@x' }, 'optional')).toContain('When HELICONE_API_KEY is set');
    expect(commitMessage(analysis, 1, [], { name: 'b', email: 'b@x' }, 'always')).not.toContain('When HELICONE_API_KEY is set');
  });
});
