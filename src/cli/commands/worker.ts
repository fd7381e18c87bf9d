/** `worker`: a worker on the `helicone-integration` task queue; SIGTERM drains it within WORKER_SHUTDOWN_GRACE. */
import { runWorker } from '../../worker/run-worker';
import { configOrExit } from '../env';

export async function run(): Promise<number | void> {
  await runWorker({ config: configOrExit() });
}
