import { describe, expect, it } from 'vitest';
import { MAX_ATTEMPTS, type IntegrationAttemptResult, type IntegrationStatus } from '../shared/types';
import { countedSteps } from './counted-steps';
import {
  MAX_IGNORED_SIGNALS_KEPT,
  MAX_SITES_KEPT,
  acceptedReview,
  attemptRecord,
  enterState,
  initialStatus,
  recordIgnoredSignal,
  rejectionEnds,
  reviewRefusal,
  signalRefusal,
  unchangedVersion,
  versionInReview,
} from './integration-status';

const input = { repoUrl: 'https://github.com/acme/app', repoOwner: 'acme', repoName: 'app', integrationId: 'i-1' };

function awaiting(over: Partial<IntegrationStatus> = {}): IntegrationStatus {
  return { ...initialStatus(input), state: 'awaiting_review', attempt: 1, ...over };
}

function result(over: Partial<IntegrationAttemptResult> = {}): IntegrationAttemptResult {
  const site = { file: 'src/a.ts', line: 1, library: 'openai' };
  return {
    attempt: 1,
    integrator: 'codemod',
    changed: true,
    branchDiffers: true,
    filesChanged: ['src/a.ts'],
    sites: Array.from({ length: 150 }, (_, i) => ({ ...site, line: i + 1 })),
    summary: 'routed 150 sites',
    ...over,
  } as IntegrationAttemptResult;
}

describe('integration status projection', () => {
  it('enterState moves the state, appends to the timeline and returns the report of that state', () => {
    const s = initialStatus(input);
    s.attempt = 2;
    s.reviewPrUrl = 'https://x/pr/1';
    const report = enterState(s, 'pushing', 'Pushing v2', '2026-12-03T10:00:00.000Z');
    expect(s.state).toBe('pushing');
    expect(s.timeline).toEqual([{ state: 'pushing', at: '2026-12-03T10:00:00.000Z', message: 'Pushing v2' }]);
    expect(report).toMatchObject({
      integrationId: 'i-1',
      repo: 'acme/app',
      state: 'pushing',
      attempt: 2,
      reviewPrUrl: 'https://x/pr/1',
      timestamp: '2026-12-03T10:00:00.000Z',
    });
  });

  it('keeps only the newest ignored signals, with a preview of each payload', () => {
    const s = initialStatus(input);
    for (let i = 0; i < MAX_IGNORED_SIGNALS_KEPT + 5; i++) recordIgnoredSignal(s, `r${i}`, { n: i }, 't');
    expect(s.ignoredSignals).toHaveLength(MAX_IGNORED_SIGNALS_KEPT);
    expect(s.ignoredSignals[0]!.reason).toBe('r5');
    expect(s.ignoredSignals.at(-1)!.payloadPreview).toContain(String(MAX_IGNORED_SIGNALS_KEPT + 4));
  });

  it('accepts a signal only while awaiting review and only once per version', () => {
    expect(signalRefusal(awaiting(), undefined, { approved: true })).toEqual({ decision: { approved: true } });
    expect(signalRefusal(awaiting({ state: 'integrating' }), undefined, { approved: true })).toMatchObject({
      reason: expect.stringContaining('"integrating"'),
    });
    expect(signalRefusal(awaiting(), { approved: true }, { approved: false })).toMatchObject({
      reason: expect.stringContaining('already received'),
    });
    expect(signalRefusal(awaiting(), undefined, 'yes')).toHaveProperty('reason');
  });

  it('refuses an update by type, and feedback a codemod cannot act on', () => {
    expect(reviewRefusal(awaiting(), undefined, { approved: 'yes' })?.type).toBe('InvalidReview');
    expect(reviewRefusal(awaiting({ state: 'pushing' }), undefined, { approved: true })?.type).toBe('NotAwaitingReview');
    expect(reviewRefusal(awaiting(), { approved: true }, { approved: true })?.type).toBe('AlreadyDecided');
    const codemod = awaiting({ integratorUnderstandsFeedback: false });
    expect(reviewRefusal(codemod, undefined, { approved: false, feedback: 'use our settings module' })?.type).toBe('FeedbackNotActionable');
    expect(reviewRefusal(codemod, undefined, { approved: false })).toBeUndefined();
    expect(reviewRefusal(awaiting({ integratorUnderstandsFeedback: true }), undefined, { approved: false, feedback: 'x' })).toBeUndefined();
  });

  it('answers an accepted review with the state that follows it', () => {
    expect(acceptedReview(awaiting(), { approved: true }).next).toBe('creating_pr');
    expect(acceptedReview(awaiting(), { approved: false, feedback: 'x' }).next).toBe('integrating');
    expect(acceptedReview(awaiting({ attempt: MAX_ATTEMPTS }), { approved: false, feedback: 'x' }).next).toBe('rejected');
    expect(acceptedReview(awaiting(), { approved: false }).next).toBe('rejected');
  });

  it('a rejection ends the integration without feedback or on the last version, else makes the next one', () => {
    expect(rejectionEnds({ approved: false }, 1)).toMatch(/without feedback/);
    expect(rejectionEnds({ approved: false, feedback: 'x' }, MAX_ATTEMPTS)).toMatch(/no attempts left/);
    expect(rejectionEnds({ approved: false, feedback: 'x' }, 1)).toBeUndefined();
  });

  it('keeps at most 100 sites of a version in history, and links the version to its review PR', () => {
    const s = initialStatus(input);
    const record = attemptRecord(
      1,
      result({
        commitSha: 'abc',
        agent: { sessionId: 's', costUsd: 0.1, turns: 2, toolCalls: [{ name: 'Edit' }, { name: 'Read' }] } as never,
      }),
    );
    expect(record.sites).toHaveLength(MAX_SITES_KEPT);
    expect(record.agent?.toolCalls).toBe(2);
    expect(record.commitSha).toBe('abc');
    versionInReview(s, record, { number: 7, url: 'https://x/pr/7', repo: 'bot/app' } as never);
    expect([s.reviewPrUrl, record.reviewPrUrl, s.reviewPr?.number]).toEqual(['https://x/pr/7', 'https://x/pr/7', 7]);
  });

  it('an unchanged version takes the feedback back into review, quoted in the comment', () => {
    const record = attemptRecord(1, result());
    record.decision = { approved: false, feedback: 'use config.ts\nplease', at: 't1' };
    const u = unchangedVersion(record, result(), false);
    expect(record.decision).toBeUndefined();
    expect(record.feedbackWithoutChange).toEqual([expect.objectContaining({ feedback: 'use config.ts\nplease', at: 't1' })]);
    expect(u.comment).toContain('> use config.ts\n> please');
    expect(u.message('https://x/pr/1')).toMatch(
      /^v2 not published: .*cannot act on free-text feedback.*v1 is still awaiting review: https:\/\/x\/pr\/1$/,
    );
  });
});

describe('countedSteps', () => {
  it('unwraps each forge step and adds its requests to the count, leaving failures to the caller', async () => {
    let total = 0;
    const steps = countedSteps(
      {
        open: async (n: number) => ({ value: `pr-${n}`, forgeRequests: 3 }),
        fail: async () => {
          throw new Error('forge down');
        },
      },
      (n) => (total += n),
    );
    expect(await steps.open(4)).toBe('pr-4');
    expect(await steps.open(5)).toBe('pr-5');
    expect(total).toBe(6);
    await expect(steps.fail()).rejects.toThrow('forge down');
    expect(total).toBe(6);
  });
});
