import { msToNumber } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config';
import { durationMs, requireDurationMs } from './duration';

describe('one duration grammar', () => {
  const accepted = ['7 days', '36h', '90m', '0', '30s', '2 minutes', '1.5h', '1 week', '7days', '100', '12H'];

  it('accepts what the SDK accepts, with the same milliseconds', () => {
    // msToNumber is what the workflows run on REVIEW_TIMEOUT: anything the configuration lets through must parse there.
    for (const value of accepted) {
      expect(durationMs(value), value).toBe(msToNumber(value as Parameters<typeof msToNumber>[0]));
      expect(loadConfig({ REVIEW_TIMEOUT: value }).REVIEW_TIMEOUT).toBe(value);
    }
  });

  it('refuses what the SDK refuses, and negative durations, by the variable name', () => {
    for (const value of ['next week', 'soon', '3 mo', '1e3', '-1h', '7 days later']) {
      expect(durationMs(value), value).toBeUndefined();
      expect(() => loadConfig({ RETENTION: value }), value).toThrow(/RETENTION: must be a duration such as "7 days"/);
    }
    expect(() => msToNumber('next week' as Parameters<typeof msToNumber>[0])).toThrow();
  });

  it('trims what a .env file pads, so the workflow receives a value the SDK parses; empty means the default', () => {
    const c = loadConfig({ REVIEW_TIMEOUT: '  36h ', WORKER_SHUTDOWN_GRACE: '' });
    expect(c.REVIEW_TIMEOUT).toBe('36h');
    expect(msToNumber(c.REVIEW_TIMEOUT as Parameters<typeof msToNumber>[0])).toBe(36 * 3_600_000);
    expect(c.WORKER_SHUTDOWN_GRACE).toBe('30s');
  });

  it('names the setting when asked for a value that is not a duration', () => {
    expect(requireDurationMs('2 minutes', 'WORKER_SHUTDOWN_GRACE')).toBe(120_000);
    expect(() => requireDurationMs('soon', 'WORKER_SHUTDOWN_GRACE')).toThrow('WORKER_SHUTDOWN_GRACE: "soon" is not a duration');
  });
});
