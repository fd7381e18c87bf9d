/**
 * The demo as a person runs it: one line per step, the review PR with the integrator's and the verifier's summary,
 * the diff, the final PR, and nothing else of note: no SDK metadata objects, no webpack report, no worker state
 * lines. The whole run fits on two screens.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { freePort } from '../helpers/free-port';
import { runCli } from './run-cli';

it('prints one line per step and the diff, under 100 lines, and exits 0 when the integration completes', async () => {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'cli-demo-'));
  const r = await runCli(['demo', '--auto-approve'], {
    TEMPORAL_ADDRESS: `127.0.0.1:${await freePort()}`,
    DASHBOARD_PORT: '0',
    DATA_DIR: dataDir,
    LOG_FORMAT: '',
    LOG_LEVEL: '',
  });
  expect(r.code, r.out).toBe(0);
  const lines = r.out.split('\n');
  expect(lines.length).toBeLessThan(100);
  const steps = lines.filter((l) => /^ {2}\d\d:\d\d:\d\d {2}\S/.test(l)).map((l) => l.trim().split(/\s+/)[1]);
  expect(steps).toEqual([
    'forking',
    'cloning',
    'integrating',
    'pushing',
    'proving',
    'creating_review_pr',
    'awaiting_review',
    'creating_pr',
    'completed',
  ]);
  // The review PR's proof section: the sample app's own checks before and after the change.
  expect(r.stdout).toMatch(/^## Proof$/m);
  expect(r.stdout).toMatch(/^Review PR v1: file:\/\/\S+$/m);
  expect(r.stdout).toMatch(/^ {2}Verifier: 2 routed through Helicone, 0 left alone on purpose, 0 missed$/m);
  expect(r.stdout).toContain('diff --git a/src/openai-client.ts b/src/openai-client.ts');
  expect(r.stdout).toMatch(/^\+ {8}baseURL: 'https:\/\/oai\.helicone\.ai\/v1',$/m);
  expect(r.stdout).toMatch(/^COMPLETED: Pull request opened: /m);
  expect(r.out).not.toMatch(/taskToken|sdkComponent|taskQueue|Worker state changed|webpack|modules by path|level=WARN/);
}, 180_000);
