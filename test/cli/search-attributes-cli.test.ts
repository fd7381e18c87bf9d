/**
 * A new user's first steps on a plain dev server that has none of the service's search attributes: `workflow`
 * before any worker ran registers them and starts the integration (it used to print only "ServiceError: Failed to
 * start Workflow"); a namespace where they cannot be added gets their names and the commands that add them. Then
 * `worker` in a terminal (LOG_FORMAT=pretty) runs it, one readable line per event.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { msToTs } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findTemporalCli, missingServerHelp } from '../../src/adapters/temporal/find-server';
import { KEYWORD_SEARCH_ATTRIBUTES, STATUS_SEARCH_ATTRIBUTE } from '../../src/shared/types';
import { ROOT, runCli } from './run-cli';

const { IndexedValueType } = temporal.api.enums.v1;
let env: TestWorkflowEnvironment;
let dataDir: string;
const cliEnv = () => ({
  TEMPORAL_ADDRESS: env.address,
  TEMPORAL_NAMESPACE: 'default',
  DATA_DIR: dataDir,
  FORGE: 'local',
  INTEGRATOR: 'codemod',
  METRICS_PORT: '',
});

beforeAll(async () => {
  const cli = await findTemporalCli();
  if (!cli) throw new Error(missingServerHelp('cli'));
  // Deliberately no searchAttributes: what `temporal server start-dev` gives a new user.
  env = await TestWorkflowEnvironment.createLocal({ server: { executable: { type: 'existing-path', path: cli }, ip: '127.0.0.1' } });
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'cli-sa-'));
});

afterAll(async () => {
  await env?.teardown();
});

async function attributes(namespace: string) {
  return (await env.connection.operatorService.listSearchAttributes({ namespace })).customAttributes ?? {};
}

describe('a CLI command on a server without the search attributes', () => {
  let workflowId = '';

  it('`workflow` before any worker ran adds them and starts the integration', async () => {
    expect(Object.keys(await attributes('default'))).not.toContain(STATUS_SEARCH_ATTRIBUTE);
    const r = await runCli(['workflow'], cliEnv());
    expect(r.out).not.toContain('ServiceError');
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`Added the search attributes ${KEYWORD_SEARCH_ATTRIBUTES.join(', ')} to namespace default.`);
    workflowId = /^Started (integration-\S+) for local\/sample-app$/m.exec(r.stdout)?.[1] ?? '';
    expect(workflowId).not.toBe('');
    const attrs = await attributes('default');
    for (const name of KEYWORD_SEARCH_ATTRIBUTES) expect(attrs[name]).toBe(IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
    // A second command finds them and says nothing about it.
    const again = await runCli(['workflow'], cliEnv());
    expect(again.code).toBe(0);
    expect(again.stderr).not.toContain('Added the search attributes');
  });

  it('names the attributes and the commands that add them when it cannot add them, and exits 1', async () => {
    await env.connection.workflowService.registerNamespace({ namespace: 'taken', workflowExecutionRetentionPeriod: msToTs('1 day') });
    await env.connection.operatorService.addSearchAttributes({
      namespace: 'taken',
      searchAttributes: { [STATUS_SEARCH_ATTRIBUTE]: IndexedValueType.INDEXED_VALUE_TYPE_TEXT },
    });
    const r = await runCli(['workflow'], { ...cliEnv(), TEMPORAL_NAMESPACE: 'taken' });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      '`npm run workflow` needs the search attributes IntegrationStatus, Repository, UpstreamPrState, OptOut, UpstreamPrSince (Keyword) in namespace taken',
    );
    expect(r.stderr).toContain(
      'temporal operator search-attribute create --namespace taken --name IntegrationStatus --name Repository --name UpstreamPrState --name OptOut --name UpstreamPrSince --type Keyword',
    );
    expect(r.stderr).toContain('tcld namespace search-attributes add --namespace taken');
    expect(r.stderr).not.toMatch(/ServiceError| {4}at /);
  });

  it('`worker` in a terminal (LOG_FORMAT=pretty) prints one line per event, without the SDK metadata', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'worker'], {
      cwd: ROOT,
      env: { ...process.env, ...cliEnv(), LOG_FORMAT: 'pretty', LOG_LEVEL: 'INFO' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const reviewReady = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no awaiting_review line within 90 s:\n${out}`)), 90_000);
      const onData = (chunk: Buffer) => {
        out += chunk.toString('utf8');
        if (out.includes(`${workflowId.replace(/^integration-/, '')}: awaiting_review`)) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    try {
      await reviewReady;
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    const lines = out.split('\n').filter(Boolean);
    // Every line is one event: time, level, where, what (no multi-line metadata objects, no webpack report).
    for (const line of lines) expect(line).toMatch(/^\d\d:\d\d:\d\d\.\d{3} (INFO {2}|WARN {2}|ERROR )/);
    expect(out).toMatch(
      new RegExp(`^\\S+ INFO {2}\\[${workflowId} forkRepository\\] Fork ready: helicone-bot/sample-app( \\(created\\))?$`, 'm'),
    );
    expect(out).toMatch(
      new RegExp(`^\\S+ INFO {2}\\[${workflowId}\\] Integration \\S+: cloning message="Cloning helicone-bot/sample-app"$`, 'm'),
    );
    expect(out).toMatch(/INFO {2}Worker drained and stopped$/m);
    expect(out).not.toMatch(/taskToken|taskQueue=|runId=|namespace=|sdkComponent|Worker state changed|webpack/);
  }, 120_000);
});
