/**
 * The proof's sandbox for a worker, checked once at start-up: a worker that cannot sandbox refuses to start unless
 * PROOF=off says to run without the proof, so a review PR never claims checks that did not run in a sandbox.
 */
import path from 'node:path';
import { createBubblewrapSandbox, reachableByOthersSync } from '../adapters/sandbox/bubblewrap';
import type { ActivityDeps } from '../activities';
import { proofSettings } from '../proof/settings';
import { ConfigError, type Config } from '../shared/config';

export async function createProofDeps(
  config: Config,
  create: typeof createBubblewrapSandbox = createBubblewrapSandbox,
): Promise<ActivityDeps['proof']> {
  const settings = proofSettings(config);
  if (settings.mode === 'off') return undefined;
  const sandbox = await create({
    workDir: config.PROOF_WORK_DIR ?? path.join(config.DATA_DIR, 'proof'),
    ...(config.PROOF_PYTHON ? { python: config.PROOF_PYTHON } : {}),
    ...(config.PROOF_NODE_TOOLS.length ? { nodeTools: config.PROOF_NODE_TOOLS } : {}),
  });
  try {
    await sandbox.probe();
    await sandbox.sweep();
  } catch (err) {
    throw new ConfigError(
      `PROOF=${settings.mode}: this worker cannot run the proof's sandbox: ${err instanceof Error ? err.message : String(err)}. ` +
        'Install bubblewrap and allow user namespaces, or set PROOF=off to run without the proof (review PRs then say that it did not run).',
    );
  }
  if (settings.wheelhouse && sandbox.fileOwner !== undefined && !reachableByOthersSync(settings.wheelhouse)) {
    throw new ConfigError(
      `PROOF_PIP_FIND_LINKS: ${settings.wheelhouse} is not reachable by the sandbox user (uid ${sandbox.fileOwner}); use a folder every user can traverse`,
    );
  }
  return { sandbox, settings };
}

/** What a worker says at start-up about the proof: off, or the sandbox's rules and the limits. */
export function proofStartupLines(
  proof: ActivityDeps['proof'],
): { level: 'info' | 'warn'; message: string; meta?: Record<string, unknown> }[] {
  if (!proof)
    return [
      {
        level: 'warn',
        message: "PROOF=off: the repository's own build, type-check, lint and tests are not run before review; review PRs say so",
      },
    ];
  const { settings, sandbox } = proof;
  return [
    {
      level: 'info',
      message: `Proof on (PROOF=${settings.mode}) in ${sandbox.name}`,
      meta: {
        rules: sandbox.describe(),
        registries: settings.registries.length ? settings.registries : 'none',
        limits: settings.limits,
        python: sandbox.toolchains.python?.bin ?? sandbox.toolchains.pythonMissing,
      },
    },
  ];
}
