import { describe, expect, it } from 'vitest';
import type { BubblewrapSandbox } from '../adapters/sandbox/bubblewrap';
import { loadConfig } from '../shared/config';
import { createProofDeps, proofStartupLines } from './proof-deps';

describe('the proof at worker start-up', () => {
  it('refuses to start a worker that cannot sandbox, naming PROOF=off as the way out', async () => {
    const broken = async () =>
      ({
        probe: () => Promise.reject(new Error('bwrap is not installed (Debian/Ubuntu: apt-get install bubblewrap)')),
      }) as unknown as BubblewrapSandbox;
    await expect(createProofDeps(loadConfig({}), broken)).rejects.toThrow(
      /PROOF=auto: this worker cannot run the proof's sandbox: bwrap is not installed[\s\S]*set PROOF=off/,
    );
    await expect(createProofDeps(loadConfig({ PROOF: 'required' }), broken)).rejects.toThrow(/PROOF=required/);
  });

  it('runs no sandbox with PROOF=off, and says so', async () => {
    let made = false;
    const proof = await createProofDeps(loadConfig({ PROOF: 'off' }), async () => {
      made = true;
      throw new Error('not used');
    });
    expect(proof).toBeUndefined();
    expect(made).toBe(false);
    expect(proofStartupLines(undefined)).toEqual([
      { level: 'warn', message: expect.stringMatching(/^PROOF=off: the repository's own build, type-check, lint and tests are not run/) },
    ]);
  });
});
