/**
 * The real bubblewrap sandbox for tests, offline: no registry is reachable (PROOF_REGISTRIES=none), the worker's own
 * node_modules and the runtime suite's SDKs (test/runtime/node_modules) are offered read-only as /node_modules (so
 * fixtures get tsc, vitest, openai and @types/node without an install), and pip installs from the proof wheelhouse
 * (pytest, flake8; see test/proof/wheels.lock.txt). Short limits keep the hostile cases fast.
 */
import os from 'node:os';
import path from 'node:path';
import { createBubblewrapSandbox, type BubblewrapSandbox } from '../../src/adapters/sandbox/bubblewrap';
import type { ProofLimits, ProofSettings } from '../../src/proof/settings';
import type { ProofMode } from '../../src/shared/proof-types';
import { installRuntimeSdks, ROOT } from '../runtime/harness';

export const TEST_LIMITS: ProofLimits = {
  stepTimeoutMs: 60_000,
  installTimeoutMs: 60_000,
  totalTimeoutMs: 5 * 60_000,
  memoryBytes: 2 * 2 ** 30,
  diskBytes: 1 * 2 ** 30,
  tmpBytes: 256 * 2 ** 20,
  processes: 256,
  outputBytes: 1 * 2 ** 20,
};

let shared: Promise<{ sandbox: BubblewrapSandbox; wheelhouse: string }> | undefined;

/** One sandbox per test process (discovering the toolchains and the tool folders takes a moment). */
export function testSandbox(): Promise<{ sandbox: BubblewrapSandbox; wheelhouse: string }> {
  shared ??= (async () => {
    const sdks = await installRuntimeSdks();
    const sandbox = await createBubblewrapSandbox({
      workDir: path.join(os.tmpdir(), `hi-proof-${process.pid}`),
      nodeTools: [path.join(ROOT, 'node_modules'), sdks.nodeModules],
    });
    await sandbox.probe();
    return { sandbox, wheelhouse: sdks.wheelhouse };
  })();
  return shared;
}

export async function testProof(
  opts: { mode?: ProofMode; limits?: Partial<ProofLimits> } = {},
): Promise<{ sandbox: BubblewrapSandbox; settings: ProofSettings }> {
  const { sandbox, wheelhouse } = await testSandbox();
  return { sandbox, settings: { mode: opts.mode ?? 'auto', limits: { ...TEST_LIMITS, ...opts.limits }, registries: [], wheelhouse } };
}
