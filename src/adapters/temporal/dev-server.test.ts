/**
 * The embedded servers start from the installed binaries (never the SDK's download) with `IntegrationStatus`
 * registered. No skips: a missing binary fails these tests, as CI requires.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { temporal } from '@temporalio/proto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { STATUS_SEARCH_ATTRIBUTE } from '../../shared/types';
import { startDevServer, startTimeSkippingServer } from './dev-server';
import { serverExecutable } from './find-server';

const KEYWORD = temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD;

const started: TestWorkflowEnvironment[] = [];
afterEach(async () => {
  vi.unstubAllEnvs();
  await Promise.all(started.splice(0).map((env) => env.teardown()));
});

describe('startDevServer', () => {
  it('uses an installed binary, not the SDK download', async () => {
    expect((await serverExecutable('cli')).type).toBe('existing-path');
    expect((await serverExecutable('test-server')).type).toBe('existing-path');
  });

  it('starts a dev server on 127.0.0.1 with IntegrationStatus registered as a keyword', async () => {
    const env = await startDevServer();
    started.push(env);
    expect(env.address).toMatch(/^127\.0\.0\.1:\d+$/);
    const { customAttributes } = await env.connection.operatorService.listSearchAttributes({ namespace: 'default' });
    expect(customAttributes?.[STATUS_SEARCH_ATTRIBUTE]).toBe(KEYWORD);
  });

  it('honours the namespace and a persistent database file', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'dev-server-'));
    try {
      const dbFilename = path.join(dir, 'temporal.sqlite');
      const env = await startDevServer({ namespace: 'helicone-test', dbFilename, log: { format: 'json', level: 'error' } });
      started.push(env);
      expect(env.namespace).toBe('helicone-test');
      const { customAttributes } = await env.connection.operatorService.listSearchAttributes({ namespace: 'helicone-test' });
      expect(customAttributes?.[STATUS_SEARCH_ATTRIBUTE]).toBe(KEYWORD);
      await expect(fs.stat(dbFilename)).resolves.toBeTruthy();
      await Promise.all(started.splice(0).map((e) => e.teardown()));
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses a bad TEMPORAL_CLI_PATH instead of falling back to a download', async () => {
    vi.stubEnv('TEMPORAL_CLI_PATH', path.join(os.tmpdir(), 'no-such-temporal'));
    await expect(startDevServer()).rejects.toThrow(/TEMPORAL_CLI_PATH/);
  });

  it('reports a found binary that fails to start with its path', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'dev-server-broken-'));
    try {
      const broken = path.join(dir, 'temporal');
      await fs.writeFile(broken, '#!/bin/sh\nexit 1\n', { mode: 0o755 });
      vi.stubEnv('TEMPORAL_CLI_PATH', broken);
      await expect(startDevServer()).rejects.toThrow(`The Temporal dev server at ${broken} failed to start`);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});

describe('startTimeSkippingServer', () => {
  it('starts the time-skipping test server and registers IntegrationStatus', async () => {
    const env = await startTimeSkippingServer();
    started.push(env);
    expect(env.supportsTimeSkipping).toBe(true);
    // The test server cannot list attributes; a second add answering "already exists" proves the first one worked.
    const again = await env.connection.operatorService
      .addSearchAttributes({ namespace: 'default', searchAttributes: { [STATUS_SEARCH_ATTRIBUTE]: KEYWORD } })
      .catch((err: Error) => err);
    expect(String(again)).toMatch(/already exists/i);
  });
});
