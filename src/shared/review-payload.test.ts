import { describe, expect, it } from 'vitest';
import { MAX_FEEDBACK_CHARS, parseReviewPayload, previewPayload } from './review-payload';

describe('parseReviewPayload', () => {
  it('accepts approvals and rejections, trimming feedback', () => {
    expect(parseReviewPayload({ approved: true })).toEqual({ ok: true, decision: { approved: true } });
    expect(parseReviewPayload({ approved: false, feedback: '  use the config module ' })).toEqual({
      ok: true,
      decision: { approved: false, feedback: 'use the config module' },
    });
    expect(parseReviewPayload({ approved: false, feedback: '   ' })).toEqual({ ok: true, decision: { approved: false } });
    expect(parseReviewPayload({ approved: false, feedback: null })).toEqual({ ok: true, decision: { approved: false } });
  });

  it('accepts a JSON document typed as a string', () => {
    expect(parseReviewPayload('{"approved": true}')).toEqual({ ok: true, decision: { approved: true } });
  });

  it.each([
    [{ approved: 'yes' }, /"approved" must be true or false, got string "yes"/],
    [{}, /"approved" must be true or false, got nothing/],
    [null, /must be an object/],
    [[true], /got an array/],
    ['approve', /not JSON/],
    [{ approved: false, feedback: 7 }, /"feedback" must be a string, got number 7/],
    [{ approved: false, feedback: 'x'.repeat(MAX_FEEDBACK_CHARS + 1) }, /limit is 16000/],
    // A typo must not approve while dropping the feedback it meant to send.
    [{ approved: true, feedbak: 'fix the README' }, /unknown field "feedbak"/],
  ])('refuses %j with a reason', (payload, reason) => {
    const r = parseReviewPayload(payload);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.reason).toMatch(reason);
  });

  it('keeps previews of large payloads short', () => {
    const preview = previewPayload({ feedback: 'y'.repeat(1_000_000) });
    expect(preview.length).toBeLessThan(260);
    expect(preview).toMatch(/\(1000015 chars\)$/);
  });
});
