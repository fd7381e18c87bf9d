/**
 * `integrate [path] [--dry-run] [--routing optional|always]`: the integrator alone on a local checkout (INTEGRATOR
 * decides which; the codemod without an Anthropic key). Prints the diff and the verifier's result. With --dry-run
 * the checkout is left untouched: the work happens on a temporary copy.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { runGit } from '../../adapters/git/run-git';
import { fileAt } from '../../adapters/git/workspace';
import type { RoutingMode } from '../../shared/types';
import { verificationSummary, verifyRepository } from '../../verifier/verify-repository';
import { buildIntegrator } from '../../worker/build-deps';
import { configOrExit } from '../env';

export async function run(pathArg: string | undefined, opts: { dryRun: boolean; routing?: RoutingMode }): Promise<number | void> {
  const source = path.resolve(pathArg ?? '.');
  const config = configOrExit({ ...process.env, DATA_DIR: process.env.DATA_DIR ?? path.join(os.tmpdir(), 'helicone-integrate') });
  const routing = opts.routing ?? config.ROUTING;
  const integrator = buildIntegrator(config);

  // Work on a snapshot with its own git history, so the diff is exactly what the integrator changed.
  const work = await fs.mkdtemp(path.join(os.tmpdir(), 'helicone-integrate-'));
  await fs.cp(source, work, { recursive: true, filter: (p) => !/(^|\/)(node_modules|\.git)$/.test(p) });
  const identity = ['-c', 'user.name=helicone-integrate', '-c', 'user.email=integrate@localhost'];
  await runGit(['init', '-q'], { cwd: work });
  await runGit(['add', '-A'], { cwd: work });
  await runGit([...identity, 'commit', '-q', '--allow-empty', '-m', 'snapshot'], { cwd: work });

  const outcome = await integrator.integrate({
    workdir: work,
    integrationId: `cli-${Date.now().toString(36)}`,
    attempt: 1,
    feedback: [],
    routing,
    log: (m) => console.error(`[${integrator.name}] ${m}`),
  });
  await runGit(['add', '-A'], { cwd: work });
  const { stdout: diff } = await runGit(['diff', '--cached', '--no-color'], { cwd: work });
  console.log(diff || '(no changes)');
  const v = await verifyRepository(work, {
    integratorSites: outcome.sites,
    changedFiles: outcome.filesChanged,
    routing,
    original: (rel) => fileAt(work, 'HEAD', rel),
  });
  console.error(`\n${outcome.summary}\nVerifier: ${verificationSummary(v)}`);

  if (!opts.dryRun) {
    for (const f of outcome.filesChanged) await fs.copyFile(path.join(work, f), path.join(source, f));
    console.error(`Wrote ${outcome.filesChanged.length} file(s) in ${source}`);
  }
  await fs.rm(work, { recursive: true, force: true });
}
