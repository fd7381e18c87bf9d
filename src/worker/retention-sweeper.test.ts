/**
 * The retention sweeper against a real Temporal dev server: it asks Temporal about each integration found under
 * DATA_DIR and deletes the files only of integrations that ended longer ago than RETENTION.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startDevServer } from '../adapters/temporal/dev-server';
import { startIntegration } from '../cli/start-integration';
import { describeWith, startRetentionSweeper, sweepOnce, SWEPT_DIRS } from './retention-sweeper';

let env: TestWorkflowEnvironment;
let dataDir: string;

beforeAll(async () => {
  env = await startDevServer({});
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'hi-retention-'));
});
afterAll(async () => {
  await env?.teardown();
  if (dataDir) await fs.rm(dataDir, { recursive: true, force: true });
});

const exists = (p: string) =>
  fs.access(p).then(
    () => true,
    () => false,
  );

async function leaveFiles(id: string, ageMs = 0) {
  for (const kind of SWEPT_DIRS) {
    const dir = path.join(dataDir, kind, id);
    await fs.mkdir(dir, { recursive: true });
    await fs.writeFile(path.join(dir, 'file'), 'x');
    if (ageMs) await fs.utimes(dir, new Date(Date.now() - ageMs), new Date(Date.now() - ageMs));
  }
}
const filesOf = async (id: string) => (await Promise.all(SWEPT_DIRS.map((k) => exists(path.join(dataDir, k, id))))).filter(Boolean).length;

it('deletes clones and transcripts of ended integrations only, never of a running one', async () => {
  const stamp = Date.now().toString(36);
  const running = `running-${stamp}`;
  const ended = `ended-${stamp}`;
  const forgotten = `forgotten-${stamp}`;
  const young = `unknown-young-${stamp}`;
  // No worker polls, so a started integration stays running; the other is terminated (closed now).
  const input = (id: string) => ({ repoUrl: '/nowhere', repoOwner: 'local', repoName: id, integrationId: id });
  await startIntegration(env.client, input(running));
  const h = await startIntegration(env.client, input(ended));
  await h.terminate('test: ended');
  await leaveFiles(running, 30 * 24 * 3600_000);
  await leaveFiles(ended);
  await leaveFiles(forgotten, 30 * 24 * 3600_000); // Temporal never heard of it and its files are old
  await leaveFiles(young); // unknown to Temporal, but recent: kept
  await fs.mkdir(path.join(dataDir, 'forge', 'repos'), { recursive: true }); // never swept

  const describe = describeWith(env.connection, 'default');
  expect(await describe(`integration-${running}`)).toEqual({ state: 'running' });
  expect((await describe(`integration-${ended}`)).state).toBe('closed');
  expect(await describe(`integration-${forgotten}`)).toEqual({ state: 'not-found' });

  // RETENTION=7 days: the integration that ended seconds ago keeps its files.
  const week = await sweepOnce({ dataDir, retentionMs: 7 * 24 * 3600_000, describe });
  expect(week.deleted.sort()).toEqual([forgotten]);
  expect(await filesOf(ended)).toBe(3);
  expect(await filesOf(forgotten)).toBe(0);

  // RETENTION=0: ended integrations go at once; the running one stays however old its files are.
  const sweeper = startRetentionSweeper({ dataDir, retentionMs: 0, describe, intervalMs: 3_600_000 });
  const first = await sweeper.firstSweep;
  await sweeper.stop();
  expect(first!.deleted.sort()).toEqual([ended, young].sort());
  expect(first!.kept).toEqual([running]);
  expect(await filesOf(running)).toBe(3);
  expect(await filesOf(ended)).toBe(0);
  expect(await exists(path.join(dataDir, 'forge', 'repos'))).toBe(true);
});

it('keeps the files when Temporal cannot be asked', async () => {
  const id = `unreachable-${Date.now().toString(36)}`;
  await leaveFiles(id, 30 * 24 * 3600_000);
  const warnings: string[] = [];
  const result = await sweepOnce({
    dataDir,
    retentionMs: 0,
    describe: async () => {
      throw new Error('14 UNAVAILABLE: connection refused');
    },
    log: (level, message) => warnings.push(`${level} ${message}`),
  });
  expect(result.deleted).toEqual([]);
  expect(result.kept).toContain(id);
  expect(await filesOf(id)).toBe(3);
  expect(warnings.some((w) => w.startsWith('warn Retention: could not ask Temporal'))).toBe(true);
});
