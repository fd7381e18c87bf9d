/**
 * The one duration grammar of the service: Temporal's. The SDK takes a `Duration` as milliseconds or an `ms`-format
 * string ("7 days", "36h", "90m", "0") and parses it with the `ms` package; its own parser (`msToNumber`) is marked
 * internal, so this module calls `ms` directly, pinned in package.json to the version @temporalio/common uses. What
 * the configuration accepts is therefore exactly what the workflows and the worker can use (the duration test
 * checks it against the SDK).
 */
import type { Duration } from '@temporalio/common';
import ms from 'ms';

export type { Duration };

/** Milliseconds of a Temporal duration, or undefined when `value` is not one (negative values are not durations here). */
export function durationMs(value: string | number): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value : undefined;
  const text = value.trim();
  if (!text) return undefined;
  let millis: number;
  try {
    millis = ms(text);
  } catch {
    return undefined;
  }
  return Number.isFinite(millis) && millis >= 0 ? millis : undefined;
}

export function isDuration(value: string): boolean {
  return durationMs(value) !== undefined;
}

/** Milliseconds of a duration the configuration has already validated; throws (naming `what`) on anything else. */
export function requireDurationMs(value: string | number, what: string): number {
  const millis = durationMs(value);
  if (millis === undefined)
    throw new TypeError(`${what}: ${JSON.stringify(value)} is not a duration such as "30s", "20 minutes" or "7 days"`);
  return millis;
}
