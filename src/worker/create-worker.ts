import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { createActivities, type ActivityDeps } from '../activities';
import { TASK_QUEUE } from '../shared/types';
import { workflowsPath } from './workflows-path';

export interface CreateWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  deps: ActivityDeps;
  taskQueue?: string;
  /** A pre-built bundle (tests build it once per process; bundling takes about a second). */
  workflowBundle?: WorkerOptions['workflowBundle'];
}

/** A worker that runs the integration workflow and its activities on the shared task queue. */
export async function createIntegrationWorker(opts: CreateWorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: opts.connection,
    namespace: opts.namespace,
    taskQueue: opts.taskQueue ?? TASK_QUEUE,
    activities: createActivities(opts.deps),
    ...(opts.workflowBundle ? { workflowBundle: opts.workflowBundle } : { workflowsPath: workflowsPath() }),
    // Long activities heartbeat; on shutdown give running ones time to finish before another worker takes over.
    shutdownGraceTime: '30 seconds',
  });
}
