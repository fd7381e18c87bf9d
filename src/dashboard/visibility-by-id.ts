/**
 * Every run of the workflows of one type with the given ids, from visibility: `WorkflowId IN (…)` in chunks (so a
 * campaign of thousands stays a few queries of a few kilobytes each), a few chunks at a time. No worker is asked
 * anything, so nothing is replayed, however many workflows there are.
 */
import type { Client, WorkflowExecutionInfo } from '@temporalio/client';
import { decodeTypedSearchAttributes } from '@temporalio/common/lib/converter/payload-search-attributes';
import { optionalTsToMs } from '@temporalio/common/lib/time';
import { inLanes } from '../shared/in-lanes';

/**
 * The fields of a run the dashboard reads, shaped like the SDK's WorkflowExecutionInfo but decoded from the raw
 * listing: the SDK's own list decodes every run's memo and search attributes into a full object, a third of the
 * time of a 1,000-row listing on this machine.
 */
export type RunInfo = Pick<
  WorkflowExecutionInfo,
  'workflowId' | 'runId' | 'historyLength' | 'startTime' | 'closeTime' | 'typedSearchAttributes'
> & {
  status: { name: WorkflowExecutionInfo['status']['name'] };
};

/** temporal.api.enums.v1.WorkflowExecutionStatus by number. */
const STATUS_NAMES: Array<WorkflowExecutionInfo['status']['name']> = [
  'UNSPECIFIED',
  'RUNNING',
  'COMPLETED',
  'FAILED',
  'CANCELLED',
  'TERMINATED',
  'CONTINUED_AS_NEW',
  'TIMED_OUT',
  'PAUSED',
];

/** Workflow ids per visibility query. */
export const CHUNK = 250;
/** Chunks queried at once (each a heavy call for the server: more at once only makes each slower). */
const LANES = 2;

export async function runsById(
  client: Client,
  temporal: <R>(fn: () => Promise<R>) => Promise<R>,
  workflowType: string,
  ids: readonly string[],
): Promise<Map<string, RunInfo[]>> {
  const runs = new Map<string, RunInfo[]>();
  const chunks: string[][] = [];
  for (let i = 0; i < ids.length; i += CHUNK) chunks.push(ids.slice(i, i + CHUNK));
  await inLanes(
    chunks,
    (chunk) =>
      temporal(async () => {
        const query = `WorkflowType = ${JSON.stringify(workflowType)} AND WorkflowId IN (${chunk.map((id) => JSON.stringify(id)).join(', ')})`;
        let nextPageToken: Uint8Array | undefined;
        do {
          const res = await client.workflowService.listWorkflowExecutions({
            namespace: client.options.namespace,
            query,
            pageSize: 1000,
            nextPageToken,
          });
          for (const e of res.executions ?? []) {
            const closeMs = optionalTsToMs(e.closeTime);
            const run: RunInfo = {
              workflowId: e.execution?.workflowId ?? '',
              runId: e.execution?.runId ?? '',
              // A Long or a number, depending on the message's decoding.
              historyLength: Number(String(e.historyLength ?? 0)),
              startTime: new Date(optionalTsToMs(e.startTime) ?? 0),
              ...(closeMs !== undefined ? { closeTime: new Date(closeMs) } : {}),
              status: { name: STATUS_NAMES[e.status ?? 0] ?? 'UNKNOWN' },
              typedSearchAttributes: decodeTypedSearchAttributes(e.searchAttributes?.indexedFields),
            };
            const list = runs.get(run.workflowId) ?? [];
            list.push(run);
            runs.set(run.workflowId, list);
          }
          nextPageToken = res.nextPageToken?.length ? res.nextPageToken : undefined;
        } while (nextPageToken);
      }),
    LANES,
  );
  return runs;
}

/** The latest run (by start time; run id breaks ties so the choice is stable). */
export function latestRun(runs: readonly RunInfo[]): RunInfo | undefined {
  return [...runs].sort((a, b) => a.startTime.getTime() - b.startTime.getTime() || a.runId.localeCompare(b.runId)).at(-1);
}
