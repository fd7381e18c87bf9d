import { describe, expect, it } from 'vitest';
import { RecentDeliveries } from './recent-deliveries';
import { signatureHeader, verifySignature } from './signature';

const SECRET = "It's a Secret to Everybody";

describe('verifySignature', () => {
  it("accepts GitHub's documented example and refuses anything else", () => {
    // The example of GitHub's "Validating webhook deliveries" page.
    const body = Buffer.from('Hello, World!');
    const github = 'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17';
    expect(signatureHeader(SECRET, body)).toBe(github);
    expect(verifySignature(SECRET, body, github)).toEqual({ ok: true });
    expect(verifySignature(SECRET, body, github.toUpperCase().replace('SHA256', 'sha256'))).toEqual({ ok: true });
    expect(verifySignature(SECRET, Buffer.from('Hello, World?'), github)).toEqual({ ok: false, reason: 'mismatch' });
    expect(verifySignature('another secret of 16+', body, github)).toEqual({ ok: false, reason: 'mismatch' });
    expect(verifySignature(SECRET, body, undefined)).toEqual({ ok: false, reason: 'unsigned' });
    expect(verifySignature(SECRET, body, '')).toEqual({ ok: false, reason: 'unsigned' });
    for (const bad of [
      'sha1=757107ea0eb2509fc211221cce984b8a37570b6d',
      github.slice(0, -2),
      `${github}00`,
      'sha256=',
      github.replace('sha256=', ''),
    ]) {
      expect(verifySignature(SECRET, body, bad)).toEqual({ ok: false, reason: 'malformed' });
    }
  });
});

describe('RecentDeliveries', () => {
  it('refuses a handled id, lets a failed one be redelivered, and forgets the oldest past its capacity', () => {
    const d = new RecentDeliveries(2);
    expect(d.claim('a')).toBe('new');
    expect(d.claim('a')).toBe('in-flight');
    d.release('a');
    expect(d.claim('a')).toBe('new');
    d.finish('a');
    expect(d.claim('a')).toBe('done');
    for (const id of ['b', 'c']) {
      expect(d.claim(id)).toBe('new');
      d.finish(id);
    }
    expect(d.size).toBe(2);
    expect(d.claim('a')).toBe('new');
    expect(d.claim('c')).toBe('done');
    expect(() => new RecentDeliveries(0)).toThrow(/capacity must be at least 1/);
  });
});
