import { describe, expect, it } from 'vitest';
import type { IntegrationAttemptResult, RepositoryAnalysis } from '../shared/types';
import { DISCLOSURE, HOW_TO_SAY_NO, upstreamBody } from './upstream-pr-body';

const analysis = (over: Partial<RepositoryAnalysis> = {}): RepositoryAnalysis => ({
  files: 3,
  languages: { typescript: 3 },
  conventionalCommits: false,
  hasContributing: false,
  hasPullRequestTemplate: false,
  requiresSignOff: false,
  ...over,
});

/** The approved version: a feedback round that changed nothing, after v1 changed two files. */
const approved: IntegrationAttemptResult = {
  attempt: 2,
  integrator: 'codemod',
  changed: false,
  branchDiffers: true,
  filesChanged: [],
  changedFromBase: ['.env.example', 'src/openai-client.ts'],
  sites: [{ file: 'src/openai-client.ts', line: 3, library: 'openai', outcome: 'already-integrated' }],
  summary: 'No LLM client needed a change.',
  routing: 'optional',
  verification: {
    sites: [
      { file: 'src/openai-client.ts', line: 3, library: 'openai', verdict: 'routed' },
      {
        file: 'src/local.ts',
        line: 2,
        library: 'openai',
        verdict: 'left',
        reason: 'baseURL points at http://localhost:8080/v1, which has no Helicone proxy host',
      },
      { file: 'src/voice.ts', line: 3, library: '@openai/agents/realtime', verdict: 'unrecognized', reason: 'RealtimeAgent' },
    ],
    parseFailures: [],
  },
};

const TEMPLATE = [
  '## Description',
  '<!-- Describe your change and link the issue it fixes. -->',
  '',
  '## How has this been tested?',
  '<!-- Describe the tests you ran. -->',
  '',
  '## Checklist',
  '- [ ] I have signed off my commits (DCO)',
  '- [ ] I have added tests',
  '',
].join('\n');

describe('upstream PR body', () => {
  it('describes the whole approved change against upstream, whatever the last round did', () => {
    const body = upstreamBody({ result: approved, analysis: analysis() });
    expect(body.split('\n').slice(0, 3)).toEqual([
      '## What this changes',
      'Nothing changes unless `HELICONE_API_KEY` is set: without it, every client makes exactly the requests it makes today.',
      '',
    ]);
    expect(body).toContain('- `src/openai-client.ts`: openai client (line 3)');
    expect(body).toContain('- `.env.example`: declares `HELICONE_API_KEY` (optional)');
    expect(body).toContain(
      '## How it was checked\n- An independent verifier evaluated every LLM client with `HELICONE_API_KEY` set and unset: 1 go through Helicone',
    );
    expect(body).toContain('- Not changed: `src/local.ts:2` (openai): baseURL points at http://localhost:8080/v1');
    expect(body).toContain('- Not judged by the verifier: `src/voice.ts:3` (@openai/agents/realtime)');
    expect(body.endsWith(`${DISCLOSURE}\n${HOW_TO_SAY_NO}`)).toBe(true);
    // Never sign-up steps under a testing heading.
    expect(body.slice(body.indexOf('## How it was checked'), body.indexOf('## How to enable it'))).not.toMatch(
      /helicone\.ai|account|sign/i,
    );
  });

  it('fills the template under its own headings, drops the instruction comments it answers, ticks only a true DCO box', () => {
    const body = upstreamBody({ result: approved, analysis: analysis({ pullRequestTemplate: TEMPLATE, requiresSignOff: true }) });
    expect(body).not.toContain('<!--');
    const sections = body.split(/^(?=## )/m).map((s) => s.split('\n')[0]);
    expect(sections).toEqual(['## Description', '## How has this been tested?', '## Checklist', '## How to enable it']);
    expect(body).toMatch(/## Description\n\nNothing changes unless `HELICONE_API_KEY` is set/);
    expect(body).toMatch(/## How has this been tested\?\n\n- An independent verifier evaluated every LLM client/);
    expect(body).toContain('- [x] I have signed off my commits (DCO)');
    expect(body).toContain('- [ ] I have added tests');
    expect(body).toContain(HOW_TO_SAY_NO);
  });

  it('leaves the DCO box unticked when the commit carries no sign-off', () => {
    const body = upstreamBody({ result: approved, analysis: analysis({ pullRequestTemplate: TEMPLATE }) });
    expect(body).toContain('- [ ] I have signed off my commits (DCO)');
  });

  it('adds a testing section when the template has none, and keeps sections it does not fill as written', () => {
    const template = '# Summary\n\nWhat does this PR do?\n\n## Screenshots\n<!-- if UI -->\n';
    const body = upstreamBody({ result: approved, analysis: analysis({ pullRequestTemplate: template }) });
    expect(body).toContain('## Screenshots\n<!-- if UI -->');
    expect(body).toMatch(/# Summary\n\nNothing changes unless[\s\S]*What does this PR do\?/);
    expect(body).toContain('## How it was checked');
  });
});
