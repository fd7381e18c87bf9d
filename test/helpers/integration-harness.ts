/**
 * One real Temporal dev server, one bundled workflow and one real worker per test file, with real activities,
 * real git and the local forge in a temporary data directory. Tests fail (never skip) when no server binary exists.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, type Worker } from '@temporalio/worker';
import type { WorkflowHandle } from '@temporalio/client';
import { createActivities, type ActivityDeps } from '../../src/activities';
import type { Forge } from '../../src/adapters/forge/forge';
import { LocalForge } from '../../src/adapters/forge/local/local-forge';
import { CodemodIntegrator } from '../../src/adapters/integrator/codemod';
import type { Integrator } from '../../src/adapters/integrator/integrator';
import { createStatusReporter } from '../../src/adapters/status/helicone-status-reporter';
import { waitForStatus } from '../../src/cli/wait-for-state';
import { getStatusQuery } from '../../src/workflows/definitions';
import { workflowsPath } from '../../src/worker/workflows-path';
import type { IntegrationInput, IntegrationStatus } from '../../src/shared/types';
import { TASK_QUEUE } from '../../src/shared/types';
import { DefaultLogger, Runtime, Worker as TemporalWorker } from '@temporalio/worker';

/** Every log line of the workers in this test process, for tests that assert what logs must never contain. */
export const capturedLogs: string[] = [];
const printLevel = process.env.TEST_LOG_LEVEL === 'INFO' ? 'INFO' : 'WARN';
const LEVELS = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR'];
// Keep test output readable: the worker's INFO lines are for people watching a real worker; all are captured.
Runtime.install({
  logger: new DefaultLogger('DEBUG', (entry) => {
    const line = `${entry.level} ${entry.message} ${JSON.stringify(entry.meta ?? {})}`;
    capturedLogs.push(line);
    if (LEVELS.indexOf(entry.level) >= LEVELS.indexOf(printLevel)) console.error(line);
  }),
});

export interface Harness {
  env: TestWorkflowEnvironment;
  dataDir: string;
  deps: ActivityDeps;
  /** The local forge of the data directory (unused when another forge was given). */
  forge: LocalForge;
  worker: Worker;
  stop(): Promise<void>;
}

let bundle: Awaited<ReturnType<typeof bundleWorkflowCode>> | undefined;

export async function workflowBundle() {
  bundle ??= await bundleWorkflowCode({ workflowsPath: workflowsPath(), logger: quietLogger() });
  return bundle;
}

export type Activities = ReturnType<typeof createActivities>;

export async function startHarness(
  env: TestWorkflowEnvironment,
  opts: {
    reporter?: ActivityDeps['reporter'];
    statusUrl?: string;
    /** The forge to use (default: a local forge in the harness's data directory). */
    forge?: Forge;
    /** The integrator to use, given the data directory (default: the codemod). */
    integrator?: (dataDir: string) => Integrator;
    /** Wraps the real activities, e.g. to simulate a worker that dies between two of them. */
    wrapActivities?: (activities: Activities, deps: ActivityDeps) => Activities;
    /** Discovery's GitHub search and ranker (activities read it per call, so tests may swap the ranker). */
    discovery?: ActivityDeps['discovery'];
    /** The proof's sandbox and settings (default: none, i.e. PROOF=off; see test/helpers/proof-sandbox.ts). */
    proof?: ActivityDeps['proof'];
  } = {},
): Promise<Harness> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'hi-data-'));
  const localForge = new LocalForge({ dataDir });
  const forge = opts.forge ?? localForge;
  const deps: ActivityDeps = {
    config: {
      DATA_DIR: dataDir,
      BRANCH_PREFIX: 'helicone/integration-',
      COMMIT_AUTHOR_NAME: 'Test Bot',
      COMMIT_AUTHOR_EMAIL: 'bot@example.com',
    },
    forge,
    integrator: opts.integrator ? opts.integrator(dataDir) : new CodemodIntegrator(),
    reporter: opts.reporter ?? createStatusReporter({ url: opts.statusUrl, apiKey: 'test-key' }),
    ...(opts.discovery ? { discovery: opts.discovery } : {}),
    ...(opts.proof ? { proof: opts.proof } : {}),
  };
  const worker = await TemporalWorker.create({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue: TASK_QUEUE,
    workflowBundle: await workflowBundle(),
    activities: opts.wrapActivities ? opts.wrapActivities(createActivities(deps), deps) : createActivities(deps),
  });
  const running = worker.run();
  return {
    env,
    dataDir,
    deps,
    forge: localForge,
    worker,
    async stop() {
      worker.shutdown();
      await running;
      await fs.rm(dataDir, { recursive: true, force: true });
    },
  };
}

let counter = 0;
export function inputFor(repoPath: string, extra: Partial<IntegrationInput> = {}): IntegrationInput {
  counter++;
  return {
    repoUrl: repoPath,
    repoOwner: 'local',
    repoName: path.basename(repoPath),
    integrationId: `t${process.pid}-${Date.now().toString(36)}-${counter}`,
    ...extra,
  };
}

export function waitFor(handle: WorkflowHandle, done: (s: IntegrationStatus) => boolean, timeoutMs = 60_000): Promise<IntegrationStatus> {
  return Promise.race([
    waitForStatus(handle, done, undefined, 100),
    new Promise<never>((_, reject) =>
      setTimeout(async () => {
        const s = await handle.query(getStatusQuery).catch(() => undefined);
        reject(new Error(`Timed out waiting; last status ${JSON.stringify(s)}`));
      }, timeoutMs).unref(),
    ),
  ]);
}

export const awaitingReview = (attempt: number) => (s: IntegrationStatus) =>
  (s.state === 'awaiting_review' && s.attempt === attempt) || ['completed', 'rejected', 'failed'].includes(s.state);

function quietLogger() {
  const noop = () => undefined;
  return { trace: noop, debug: noop, info: noop, warn: noop, error: noop, log: noop };
}
