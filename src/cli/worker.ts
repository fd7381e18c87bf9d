/**
 * `npm start` / `npm run worker`: a worker on the `helicone-integration` task queue of the configured Temporal
 * (local dev server, a cluster or Temporal Cloud). SIGTERM drains it within WORKER_SHUTDOWN_GRACE and exits 0.
 */
import { runWorker } from '../worker/run-worker';
import { configOrExit, runMain } from './env';

runMain(async () => {
  await runWorker({ config: configOrExit() });
});
