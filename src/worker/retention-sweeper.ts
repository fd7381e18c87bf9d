/**
 * Deletes what an integration leaves on a worker's disk (its working copy, the agent's session directory and its
 * transcripts under DATA_DIR) once the integration has been closed for RETENTION. Temporal decides: each
 * integration's workflow is described by id, and one still running is never touched. Forge data (the local forge's
 * repositories) and diff artifacts are not swept.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { status as grpcStatus } from '@grpc/grpc-js';
import type { NativeConnection } from '@temporalio/worker';
import type { Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';

/** Per-integration folders under DATA_DIR, named by the (filesystem-safe) integration id. */
export const SWEPT_DIRS = ['workspaces', 'agent', 'transcripts'] as const;

export type WorkflowState = { state: 'running' } | { state: 'closed'; closedAt: Date } | { state: 'not-found' };

export interface SweepOptions {
  dataDir: string;
  retentionMs: number;
  /** The integration's workflow by id (`integration-<integrationId>`). */
  describe: (workflowId: string) => Promise<WorkflowState>;
  now?: () => number;
  log?: (level: 'info' | 'warn', message: string, meta?: Record<string, unknown>) => void;
}

export interface SweepResult {
  deleted: string[];
  kept: string[];
}

async function entriesOf(dir: string): Promise<string[]> {
  return fs.readdir(dir, { withFileTypes: true }).then(
    (es) => es.filter((e) => e.isDirectory()).map((e) => e.name),
    () => [],
  );
}

/** One pass over DATA_DIR. A Temporal error for one integration keeps its files and moves on to the next. */
export async function sweepOnce(opts: SweepOptions): Promise<SweepResult> {
  const now = opts.now?.() ?? Date.now();
  const log = opts.log ?? (() => undefined);
  const byId = new Map<string, string[]>();
  for (const kind of SWEPT_DIRS) {
    for (const id of await entriesOf(path.join(opts.dataDir, kind))) {
      byId.set(id, [...(byId.get(id) ?? []), path.join(opts.dataDir, kind, id)]);
    }
  }
  const result: SweepResult = { deleted: [], kept: [] };
  for (const [id, dirs] of byId) {
    const workflowId = `integration-${id}`;
    let endedAt: number;
    try {
      const wf = await opts.describe(workflowId);
      if (wf.state === 'running') {
        result.kept.push(id);
        continue;
      }
      if (wf.state === 'closed') {
        endedAt = wf.closedAt.getTime();
      } else {
        // Temporal no longer knows it (the namespace's own retention removed the history): a running workflow is
        // always found, so this one ended; its files' age is the best estimate of when.
        const times = await Promise.all(
          dirs.map((d) =>
            fs.stat(d).then(
              (s) => s.mtimeMs,
              () => 0,
            ),
          ),
        );
        endedAt = Math.max(...times);
      }
    } catch (err) {
      log('warn', 'Retention: could not ask Temporal about an integration; keeping its files', { workflowId, error: String(err) });
      result.kept.push(id);
      continue;
    }
    if (now - endedAt < opts.retentionMs) {
      result.kept.push(id);
      continue;
    }
    await Promise.all(dirs.map((d) => fs.rm(d, { recursive: true, force: true })));
    log('info', 'Retention: deleted the files of an ended integration', {
      workflowId,
      dirs: dirs.map((d) => path.relative(opts.dataDir, d)),
    });
    result.deleted.push(id);
  }
  return result;
}

/** Describes workflows through the worker's (or a client's) connection. */
export function describeWith(connection: NativeConnection | Connection, namespace: string): SweepOptions['describe'] {
  const RUNNING = temporal.api.enums.v1.WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING;
  return async (workflowId) => {
    try {
      const res = await connection.workflowService.describeWorkflowExecution({ namespace, execution: { workflowId } });
      const info = res.workflowExecutionInfo;
      if (!info || info.status === RUNNING) return { state: 'running' };
      const t = info.closeTime;
      const closedAt = t ? new Date(Number(t.seconds ?? 0) * 1000 + Math.floor((t.nanos ?? 0) / 1e6)) : new Date(0);
      return { state: 'closed', closedAt };
    } catch (err) {
      if ((err as { code?: number }).code === grpcStatus.NOT_FOUND) return { state: 'not-found' };
      throw err;
    }
  };
}

export interface RetentionSweeper {
  /** The pass started on start-up (tests await it). */
  firstSweep: Promise<SweepResult | undefined>;
  stop(): Promise<void>;
}

/** Sweeps on start and then every `intervalMs` (an hour); a failed pass is logged and retried at the next tick. */
export function startRetentionSweeper(opts: SweepOptions & { intervalMs?: number }): RetentionSweeper {
  let running: Promise<SweepResult | undefined> = Promise.resolve(undefined);
  const pass = () => {
    running = running.then(() =>
      sweepOnce(opts).catch((err: unknown) => {
        opts.log?.('warn', 'Retention sweep failed; will retry', { error: String(err) });
        return undefined;
      }),
    );
    return running;
  };
  const firstSweep = pass();
  const timer = setInterval(pass, opts.intervalMs ?? 60 * 60 * 1000);
  timer.unref();
  return {
    firstSweep,
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
