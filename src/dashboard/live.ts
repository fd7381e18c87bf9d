/**
 * Live views: server-sent events (`hono/streaming`) that say `change` whenever what a page shows is out of date, so
 * the page refreshes itself without a reload.
 */
import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { IntegrationStatus } from '../shared/types';
import type { DashboardEnv } from './context';
import type { IntegrationRow } from './integrations-source';

/** Polls `snapshot` every `pollMs` and sends `change` whenever it differs. Cheap: one query per tick. */
export function liveStream(c: Context<DashboardEnv>, pollMs: number, snapshot: () => Promise<string>): Response {
  const res = streamSSE(c, async (stream) => {
    let last = '';
    while (!stream.aborted) {
      const now = await snapshot().catch(() => last);
      if (now !== last) {
        await stream.writeSSE({ event: 'change', data: now });
        last = now;
      } else await stream.write(': keep-alive\n\n');
      await stream.sleep(pollMs);
    }
  });
  // streamSSE says no-cache; like every other dashboard response, a stream is not stored at all.
  res.headers.set('Cache-Control', 'no-store');
  return res;
}

/**
 * What a live view shows, reduced to a string: the page embeds it and the event stream sends it, so the browser
 * refreshes exactly when what it shows is out of date (including a change between page load and stream start).
 */
export function detailSnapshot(s: IntegrationStatus): string {
  return JSON.stringify([s.state, s.attempt, s.timeline.length, s.ignoredSignals.length]);
}

/** Visibility data only (id and state), so the stream can compute it without a query per integration. */
export function listSnapshot(rows: IntegrationRow[]): string {
  return JSON.stringify(rows.map((r) => [r.workflowId, r.state]));
}
