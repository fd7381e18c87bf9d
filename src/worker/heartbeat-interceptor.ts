/**
 * Heartbeats every running activity that has a heartbeat timeout, from the worker process, while it runs. Some
 * activity phases (a long `git clone`, the analysis, the verifier) do not heartbeat themselves; without this, a
 * clone longer than the heartbeat timeout would be declared dead and retried. With it, the heartbeat still stops
 * when the worker process dies or hangs, which is what lets another replica take the activity over quickly.
 */
import type { ActivityInterceptorsFactory } from '@temporalio/worker';

/** Well inside the timeout (2 minutes in the workflow), and no more often than every 20 seconds. */
export function heartbeatIntervalMs(heartbeatTimeoutMs: number | undefined): number | undefined {
  if (!heartbeatTimeoutMs) return undefined;
  return Math.max(1_000, Math.min(20_000, Math.floor(heartbeatTimeoutMs / 3)));
}

export function processHeartbeatInterceptor(): ActivityInterceptorsFactory {
  return (ctx) => ({
    inbound: {
      async execute(input, next) {
        const every = heartbeatIntervalMs(ctx.info.heartbeatTimeoutMs);
        if (every === undefined) return next(input);
        const beat = setInterval(() => ctx.heartbeat(), every);
        try {
          return await next(input);
        } finally {
          clearInterval(beat);
        }
      },
    },
  });
}
