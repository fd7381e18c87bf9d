import { describe, expect, it } from 'vitest';
import type { ForkInfo, IntegrationAttemptResult, RepositoryAnalysis } from '../shared/types';
import { commitMessage, interdiffBlock, MAX_INTERDIFF_CHARS, reviewBody, upstreamBody } from './pr-text';

const analysis: RepositoryAnalysis = {
  files: 3,
  languages: { typescript: 3 },
  conventionalCommits: false,
  hasContributing: false,
  hasPullRequestTemplate: false,
  requiresSignOff: false,
};
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
    expect(first).toBe(
      'Nothing changes unless `HELICONE_API_KEY` is set: without it, every client makes exactly the requests it makes today.',
    );
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

describe('the review PR site table', () => {
  it('shows, per site, who changed it and the verifier’s final verdict', () => {
    const r: IntegrationAttemptResult = {
      ...result('optional'),
      integrator: 'codemod+claude-code',
      sites: [
        { file: 'src/a.ts', line: 3, library: 'openai', outcome: 'changed', by: 'codemod' },
        { file: 'src/b.ts', line: 5, library: 'openai', outcome: 'changed', by: 'agent' },
        { file: 'src/c.ts', line: 2, library: 'openai', outcome: 'skipped', reason: 'options built at run time' },
      ],
      verification: {
        parseFailures: [],
        sites: [
          { file: 'src/a.ts', line: 3, library: 'openai', verdict: 'routed' },
          // The agent's edit moved the client one line down: matched by file and library.
          { file: 'src/b.ts', line: 6, library: 'openai', verdict: 'routed' },
          { file: 'src/c.ts', line: 2, library: 'openai', verdict: 'left', reason: 'options built at run time' },
          { file: 'src/d.py', line: 1, library: 'google-genai', verdict: 'unrecognized', reason: 'Gemini' },
        ],
      },
    };
    const body = reviewBody({ fork, result: r, feedback: [], workflowId: 'w' });
    expect(body).toContain(
      [
        '| site | library | change | verdict | note |',
        '|---|---|---|---|---|',
        '| `src/a.ts:3` | openai | by codemod | routed |  |',
        '| `src/b.ts:6` | openai | by agent | routed |  |',
        '| `src/c.ts:2` | openai | left | left | options built at run time |',
        '| `src/d.py:1` | google-genai | – | unrecognized | Gemini |',
      ].join('\n'),
    );
    expect(body).not.toContain('| skipped |');
    // Unrecognized sites are named with file:line and library at the top and in the verifier's section, and counted.
    const verifier = body.slice(body.indexOf('## Verifier'));
    expect(verifier).toContain('1 LLM use(s) the verifier cannot judge (unrecognized)');
    expect(verifier).toContain('- `src/d.py:1` (google-genai)');
    expect(body.slice(0, body.indexOf('## Summary'))).toContain('> - `src/d.py:1` (google-genai): Gemini');
  });

  it('pairs two clients of one library in a file by line', () => {
    const r: IntegrationAttemptResult = {
      ...result('optional'),
      sites: [
        { file: 'src/a.ts', line: 9, library: 'openai', outcome: 'skipped', reason: 'spread' },
        { file: 'src/a.ts', line: 3, library: 'openai', outcome: 'changed', by: 'codemod' },
      ],
      verification: {
        parseFailures: [],
        sites: [
          { file: 'src/a.ts', line: 3, library: 'openai', verdict: 'routed' },
          { file: 'src/a.ts', line: 9, library: 'openai', verdict: 'left', reason: 'spread' },
        ],
      },
    };
    const body = reviewBody({ fork, result: r, feedback: [], workflowId: 'w' });
    expect(body).toContain('| `src/a.ts:9` | openai | left | left | spread |');
    expect(body).toContain('| `src/a.ts:3` | openai | by codemod | routed |  |');
  });

  it('notes the files the service reverted', () => {
    const r: IntegrationAttemptResult = {
      ...result('optional'),
      policy: {
        checks: ['no CI configuration changed'],
        violations: [],
        reverted: [{ path: '.github/workflows/x.yml', reason: 'changes CI configuration' }],
      },
    };
    expect(reviewBody({ fork, result: r, feedback: [], workflowId: 'w' })).toContain(
      'the service reverted them, so they are not in this change:\n- `.github/workflows/x.yml`: changes CI configuration',
    );
  });
});

describe('the review PR of v2 and later', () => {
  const v2 = { ...result('optional'), attempt: 2 };
  const interdiff = 'diff --git a/src/ai.ts b/src/ai.ts\n--- a/src/ai.ts\n+++ b/src/ai.ts\n@@ -3,0 +4 @@\n+// note\n';

  it('shows the changes since the previous version in a diff block, after the files', () => {
    const body = reviewBody({ fork, result: v2, feedback: ['Add a note'], workflowId: 'w', interdiff });
    expect(body).toContain(
      `## Changes since v1\nWhat v2 changed compared with v1, the version the feedback was about (the whole change is on the Files tab):\n\n\`\`\`diff\n${interdiff}\`\`\``,
    );
    expect(body.indexOf('## Changes since v1')).toBeGreaterThan(body.indexOf('## Files changed'));
    // v1 has nothing to compare with, and a body without the interdiff (another worker's artifact) leaves it out.
    expect(reviewBody({ fork, result: result('optional'), feedback: [], workflowId: 'w', interdiff })).not.toContain('Changes since');
    expect(reviewBody({ fork, result: v2, feedback: ['Add a note'], workflowId: 'w' })).not.toContain('Changes since');
  });

  it('fences the interdiff so the repository cannot close it, and clips a long one at a line', () => {
    const sneaky = '+const s = `````;\n+```\n+# heading\n';
    const block = interdiffBlock(sneaky);
    expect(block.startsWith('``````diff\n')).toBe(true);
    expect(block.endsWith('\n``````')).toBe(true);
    expect(interdiffBlock('  \n')).toBe('_No change since the previous version._');
    const long = Array.from({ length: 2000 }, (_, i) => `+line ${i}`).join('\n') + '\n';
    const clipped = interdiffBlock(long);
    const shown = clipped.split('\n').filter((l) => l.startsWith('+line '));
    expect(shown.length).toBeLessThan(2000);
    expect(clipped.length).toBeLessThan(MAX_INTERDIFF_CHARS + 200);
    expect(shown.at(-1)).toMatch(/^\+line \d+$/);
    expect(clipped).toContain(`_Clipped: ${2000 - shown.length} more line(s); the whole change is on the Files tab._`);
  });

  it('offers only what the integrator can do: no feedback command for the codemod', () => {
    const codemod = reviewBody({
      fork,
      result: { ...result('optional'), integratorUnderstandsFeedback: false },
      feedback: [],
      workflowId: 'w',
    });
    expect(codemod).toContain(
      '- Reject: `npm run review w reject` (this ends the integration: the `codemod` integrator cannot act on free-text feedback, so feedback is refused)',
    );
    expect(codemod).not.toContain('reject "what to change"');
    expect(
      reviewBody({ fork, result: { ...result('optional'), integratorUnderstandsFeedback: true }, feedback: [], workflowId: 'w' }),
    ).toContain('reject "what to change"');
  });
});
