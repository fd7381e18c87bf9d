/**
 * The production worker (src/worker/run-worker.ts) with one test-only change: when SLOW_INTEGRATE_MS is set, the
 * integrator waits that long (heartbeating, and honouring cancellation) before doing its real work, so a test can
 * send SIGTERM while an activity is running (with SLOW_INTEGRATE_UNTIL=sigterm, until just after SIGTERM). Started as a separate process by test/integration/worker-drain.test.ts.
 */
import type { Integrator } from '../../src/adapters/integrator/integrator';
import { configOrExit, runMain } from '../../src/cli/env';
import { runWorker } from '../../src/worker/run-worker';

const slowMs = Number(process.env.SLOW_INTEGRATE_MS ?? 0);
// SLOW_INTEGRATE_UNTIL=sigterm: the wait ends half a second after the process gets SIGTERM (SLOW_INTEGRATE_MS is then
// the most it waits), so the activity is sure to be running when the drain starts, however slow the machine.
const untilSigterm = process.env.SLOW_INTEGRATE_UNTIL === 'sigterm';
let sigtermAt: number | undefined;
if (untilSigterm) process.on('SIGTERM', () => void (sigtermAt ??= Date.now()));

function slow(inner: Integrator): Integrator {
  return {
    name: inner.name,
    understandsFeedback: inner.understandsFeedback,
    async integrate(ctx) {
      ctx.log(`slow integrator: waiting ${slowMs} ms`);
      const until = Date.now() + slowMs;
      while (Date.now() < until && !(sigtermAt !== undefined && Date.now() > sigtermAt + 500)) {
        if (ctx.signal?.aborted) throw ctx.signal.reason ?? new Error('cancelled');
        ctx.heartbeat?.({ waiting: until - Date.now() });
        await new Promise((r) => setTimeout(r, 250));
      }
      ctx.log('slow integrator: done waiting');
      return inner.integrate(ctx);
    },
  };
}

runMain(() =>
  runWorker({
    config: configOrExit(),
    customizeDeps: (deps) => (slowMs > 0 ? { ...deps, integrator: slow(deps.integrator) } : deps),
  }),
);
