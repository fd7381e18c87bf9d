/** `npm start` / `npm run worker`: a worker on the `helicone-integration` task queue of TEMPORAL_ADDRESS. */
import { ensureSearchAttributes } from '../adapters/temporal/search-attributes';
import { connectWorker } from '../adapters/temporal/connect';
import { buildActivityDeps } from '../worker/build-deps';
import { createIntegrationWorker } from '../worker/create-worker';
import { TASK_QUEUE } from '../shared/types';
import { configOrExit, runMain } from './env';

runMain(async () => {
  const config = configOrExit();
  const deps = buildActivityDeps(config);
  const connection = await connectWorker(config);
  // A plain `temporal server start-dev` lacks the IntegrationStatus attribute: register it before polling.
  await ensureSearchAttributes(connection, config.TEMPORAL_NAMESPACE);
  const worker = await createIntegrationWorker({ connection, namespace: config.TEMPORAL_NAMESPACE, deps });
  console.log(`Worker polling ${TASK_QUEUE} on ${config.TEMPORAL_ADDRESS} (namespace ${config.TEMPORAL_NAMESPACE}); forge ${deps.forge.kind}, integrator ${deps.integrator.name}, data ${config.DATA_DIR}`);
  await worker.run();
  await connection.close();
});
