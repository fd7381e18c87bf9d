/** `npm run verify` as a person runs it: the hand-written unconditional example is reported and fails the command. */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '../..');
const run = (args: string[]) =>
  promisify(execFile)(path.join(ROOT, 'node_modules/.bin/tsx'), ['src/cli/verify.ts', ...args], { cwd: ROOT }).then(
    (r) => ({ code: 0, out: r.stdout + r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, out: e.stdout + e.stderr }),
  );

describe('npm run verify', () => {
  it('reports an unconditional route as such and exits 1; the opt-in form of the same client is routed', async () => {
    const { code, out } = await run(['examples/unconditional-route']);
    expect(code).toBe(1);
    expect(out).toMatch(
      /^unconditional +src\/client\.ts:3 +openai +without HELICONE_API_KEY it still sends to https:\/\/oai\.helicone\.ai\/v1$/m,
    );
    expect(out).toMatch(/^routed +src\/optional\.ts:3 +openai/m);
  });

  it('accepts the unconditional route with --routing always, and refuses an unknown mode by name', async () => {
    expect((await run(['examples/unconditional-route', '--routing', 'always'])).code).toBe(0);
    const bad = await run(['examples/unconditional-route', '--routing', 'sometimes']);
    expect(bad.code).toBe(1);
    expect(bad.out).toContain('--routing must be one of optional, always (got "sometimes")');
  });
});
