/**
 * Child of bench-codemod: times the codemod of the checkout at `root` on copies of `tree`, one fresh copy per run,
 * and prints `{ medianMs, minMs, cpuMedianMs, sites, filesChanged }` as JSON. Run as a separate process per checkout
 * so that two versions of the codemod never share a module cache.
 * Usage: tsx scripts/bench/codemod-timer.ts <root> <tree> <runs>
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

interface Integrator {
  integrate(ctx: {
    workdir: string;
    integrationId: string;
    attempt: number;
    feedback: string[];
    log: (s: string) => void;
  }): Promise<{ sites: unknown[]; filesChanged: string[] }>;
}

async function main(): Promise<void> {
  const [root, tree, runsArg] = process.argv.slice(2);
  if (!root || !tree || !/^\d+$/.test(runsArg ?? '')) throw new Error('usage: codemod-timer.ts <root> <tree> <runs>');
  const { CodemodIntegrator } = (await import(path.join(root, 'src/adapters/integrator/codemod/index.ts'))) as {
    CodemodIntegrator: new () => Integrator;
  };
  const wall: number[] = [];
  const cpu: number[] = [];
  let sites = 0;
  let filesChanged = 0;
  // One untimed run first: module loading and JIT warm-up are not the codemod's time on a tree.
  for (let r = 0; r <= Number(runsArg); r++) {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'bench-codemod-run-'));
    await fs.cp(tree, dir, { recursive: true });
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const out = await new CodemodIntegrator().integrate({
      workdir: dir,
      integrationId: 'bench',
      attempt: 1,
      feedback: [],
      log: () => undefined,
    });
    const ms = performance.now() - t0;
    const c = process.cpuUsage(c0);
    if (r > 0) {
      wall.push(ms);
      cpu.push((c.user + c.system) / 1000);
    }
    sites = out.sites.length;
    filesChanged = out.filesChanged.length;
    await fs.rm(dir, { recursive: true, force: true });
  }
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  console.log(JSON.stringify({ medianMs: med(wall), minMs: Math.min(...wall), cpuMedianMs: med(cpu), sites, filesChanged }));
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
