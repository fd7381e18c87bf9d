/**
 * `opt-out <integration-id> [--owner] --reason "..."`: a reviewer puts the repository of an integration (or its whole
 * owner) on the never-again list. While the integration's upstream PR tracker runs, it gets the `markOptOut` signal
 * (the entry then links the PR); once the tracker has ended, this command writes the entry itself. `--undo` takes the
 * entry off the list; `--list` prints the list.
 */
import os from 'node:os';
import type { Client } from '@temporalio/client';
import { addNeverAgain, liftNeverAgain, listNeverAgain, runningEntry } from '../../adapters/temporal/never-again-list';
import { MAX_OPT_OUT_REASON, neverAgainKey, type NeverAgainEntry } from '../../shared/never-again';
import { repositoryKey } from '../../workflows/definitions';
import { getPullRequestTrackingQuery, markOptOutSignal, trackerWorkflowId } from '../../workflows/pull-request-tracker-definitions';
import { configOrExit } from '../env';
import { clientFor } from '../temporal-client';
import { UsageError } from '../usage-error';

export interface OptOutOptions {
  owner: boolean;
  reason?: string;
  undo: boolean;
  list: boolean;
}

export async function run(id: string | undefined, opts: OptOutOptions): Promise<number | void> {
  if (opts.list) {
    if (id || opts.undo || opts.owner || opts.reason) throw new UsageError('--list takes no integration id and no other option.');
  } else if (!id) throw new UsageError('Give the integration id (integration-<id> or <id>), or --list.');
  const reason = opts.reason?.trim();
  if (!opts.list && !opts.undo && !reason)
    throw new UsageError('Say why with --reason "..." (it is shown wherever the repository is skipped).');
  if (reason && reason.length > MAX_OPT_OUT_REASON)
    throw new UsageError(`The reason is ${reason.length} characters; the limit is ${MAX_OPT_OUT_REASON}.`);

  const config = configOrExit();
  const client = await clientFor(config, 'opt-out', { searchAttributes: true });
  if (opts.list) return printList(client);

  const integrationId = id!.replace(/^(integration|track)-/, '');
  const repo = await repositoryOf(client, integrationId);
  if (!repo) {
    console.error(
      `No integration ${integrationId} (neither integration-${integrationId} nor its tracker exists). List them with: npm run status`,
    );
    return 1;
  }
  const scope = opts.owner ? 'owner' : 'repository';
  const key = neverAgainKey({ scope, owner: repo.owner, name: repo.name });
  const by = `${os.userInfo().username}@cli`;

  if (opts.undo) {
    const lifted = await liftNeverAgain(client, key, { by, ...(reason ? { reason } : {}) });
    if (!lifted) {
      console.error(`${key} is not on the never-again list${opts.owner ? '' : ' (an owner-wide entry is lifted with --owner)'}.`);
      return 1;
    }
    console.log(`Lifted: ${key} may be approached again.`);
    console.log(
      'Note: discovery also skips a repository whose upstream PR was closed (already_approached) while that tracker is kept by the namespace.',
    );
    return;
  }

  const tracker = client.workflow.getHandle(trackerWorkflowId(integrationId));
  const running = (await tracker.describe().catch(() => undefined))?.status.name === 'RUNNING';
  if (running) {
    await tracker.signal(markOptOutSignal, { scope, reason: reason!, by });
    const entry = await waitForEntry(client, key, 30_000);
    if (!entry) {
      console.log(`Sent markOptOut to ${tracker.workflowId}; the entry appears once a worker runs the tracker's next step.`);
      return;
    }
    console.log(report(entry));
    return;
  }
  const url = await withTimeout(
    tracker.query(getPullRequestTrackingQuery).then((t) => t.url),
    5_000,
  ).catch(() => undefined);
  const entry: NeverAgainEntry = {
    scope,
    owner: repo.owner,
    ...(scope === 'repository' ? { name: repo.name } : {}),
    reason: reason!,
    at: new Date().toISOString(),
    ...(url ? { url } : {}),
    source: 'manual',
    integrationId,
    by,
  };
  if (await addNeverAgain(client, entry)) {
    console.log(report(entry));
    return;
  }
  const existing = await runningEntry(client, key);
  console.log(`Already on the never-again list: ${existing ? report(existing) : key}`);
}

/** `owner/name` of the integration, from its tracker's or its own `Repository` attribute. */
async function repositoryOf(client: Client, integrationId: string): Promise<{ owner: string; name: string } | undefined> {
  for (const workflowId of [trackerWorkflowId(integrationId), `integration-${integrationId}`]) {
    const d = await client.workflow
      .getHandle(workflowId)
      .describe()
      .catch(() => undefined);
    const full = d?.typedSearchAttributes.get(repositoryKey);
    const [owner, name] = full?.split('/') ?? [];
    if (owner && name) return { owner, name };
  }
  return undefined;
}

async function waitForEntry(client: Client, key: string, timeoutMs: number): Promise<NeverAgainEntry | undefined> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const entry = await runningEntry(client, key);
    if (entry || Date.now() > end) return entry;
    await new Promise((r) => setTimeout(r, 500));
  }
}

function report(e: NeverAgainEntry): string {
  return `On the never-again list: ${neverAgainKey(e)} (${e.source}${e.by ? ` by ${e.by}` : ''}, ${e.at.slice(0, 10)}): ${e.reason}${e.url ? ` ${e.url}` : ''}`;
}

async function printList(client: Client): Promise<void> {
  const entries = await listNeverAgain(client);
  if (!entries.length) {
    console.log('The never-again list is empty.');
    return;
  }
  for (const e of entries) {
    console.log(`${neverAgainKey(e).padEnd(40)} ${e.at.slice(0, 10)}  ${e.source.padEnd(7)}  ${e.reason}${e.url ? `  ${e.url}` : ''}`);
  }
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), ms).unref())]);
}
