/**
 * Reads and writes the never-again list (src/shared/never-again.ts) through a Temporal client: discovery's and
 * campaigns' activities read it, the `opt-out` command writes it when no tracker runs to do so. Lookups are by
 * workflow id (describe), so what was just added is seen at once; listing uses the `OptOut` attribute (visibility).
 */
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, type Client } from '@temporalio/client';
import { neverAgainKey, neverAgainWorkflowId, type NeverAgainEntry } from '../../shared/never-again';
import { TASK_QUEUE } from '../../shared/types';
import { neverAgainWorkflow } from '../../workflows';
import { liftNeverAgainSignal, neverAgainStart, type LiftNeverAgain } from '../../workflows/never-again-definitions';

/** Describes at once; enough to check a few hundred candidates quickly without flooding the frontend. */
const PARALLEL = 8;

/**
 * The entry that keeps each repository away, by lower-case `owner/name`: its own, else its owner's. Repositories
 * on no list are absent from the map.
 */
export async function lookUpNeverAgain(client: Client, repos: { owner: string; name: string }[]): Promise<Map<string, NeverAgainEntry>> {
  const keys = new Set<string>();
  for (const r of repos) {
    keys.add(neverAgainKey({ scope: 'repository', owner: r.owner, name: r.name }));
    keys.add(neverAgainKey({ scope: 'owner', owner: r.owner }));
  }
  const found = new Map<string, NeverAgainEntry>();
  const queue = [...keys];
  await Promise.all(
    Array.from({ length: Math.min(PARALLEL, queue.length) }, async () => {
      for (let key = queue.shift(); key !== undefined; key = queue.shift()) {
        const entry = await runningEntry(client, key);
        if (entry) found.set(key, entry);
      }
    }),
  );
  const out = new Map<string, NeverAgainEntry>();
  for (const r of repos) {
    const repoKey = neverAgainKey({ scope: 'repository', owner: r.owner, name: r.name });
    const entry = found.get(repoKey) ?? found.get(neverAgainKey({ scope: 'owner', owner: r.owner }));
    if (entry) out.set(repoKey, entry);
  }
  return out;
}

/** The entry of `key` while its workflow runs (a lifted or terminated entry is off the list). */
export async function runningEntry(client: Client, key: string): Promise<NeverAgainEntry | undefined> {
  try {
    const d = await client.workflow.getHandle(neverAgainWorkflowId(key)).describe();
    if (d.status.name !== 'RUNNING') return undefined;
    const entry = (d.memo as { entry?: NeverAgainEntry } | undefined)?.entry;
    // An entry started without its memo (by hand in the Temporal UI) still counts; its key says what it covers.
    return entry ?? fallbackEntry(key, d.startTime);
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return undefined;
    throw err;
  }
}

/** Puts an entry on the list; `false` when its key is already there (the first entry's reason stands). */
export async function addNeverAgain(client: Client, entry: NeverAgainEntry): Promise<boolean> {
  try {
    await client.workflow.start(neverAgainWorkflow, { taskQueue: TASK_QUEUE, args: [entry], ...neverAgainStart(entry) });
    return true;
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) return false;
    throw err;
  }
}

/** Takes `key` off the list; `false` when it was not on it. */
export async function liftNeverAgain(client: Client, key: string, lift: LiftNeverAgain): Promise<boolean> {
  if (!(await runningEntry(client, key))) return false;
  try {
    await client.workflow.getHandle(neverAgainWorkflowId(key)).signal(liftNeverAgainSignal, lift);
    return true;
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return false;
    throw err;
  }
}

/** Every entry on the list, newest first (visibility: an entry added a moment ago may be missing for a moment). */
export async function listNeverAgain(client: Client, limit = 1000): Promise<NeverAgainEntry[]> {
  const out: NeverAgainEntry[] = [];
  for await (const wf of client.workflow.list({ query: `WorkflowType = 'neverAgainWorkflow' AND ExecutionStatus = 'Running'` })) {
    const key = wf.workflowId.replace(/^never-again-/, '');
    out.push((wf.memo as { entry?: NeverAgainEntry } | undefined)?.entry ?? fallbackEntry(key, wf.startTime));
    if (out.length >= limit) break;
  }
  return out.sort((a, b) => b.at.localeCompare(a.at));
}

function fallbackEntry(key: string, startTime: Date): NeverAgainEntry {
  const [owner, name] = key.split('/') as [string, string?];
  return {
    scope: name ? 'repository' : 'owner',
    owner,
    ...(name ? { name } : {}),
    reason: 'added without a reason',
    at: startTime.toISOString(),
    source: 'manual',
  };
}
