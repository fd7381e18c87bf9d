/**
 * Drill 3: the forge goes down for --outage-seconds (default 60) in the middle of a batch; integrations must wait
 * and then finish (review, approval, upstream PR), none failing, none duplicated.
 *
 * The forge is GitHub as the worker sees it in production: the fake GitHub of the test suite (REST under /api/v3 and
 * real git smart HTTP) with the worker in FORGE=github mode, reached through a TCP proxy that this drill closes for
 * the outage, so every API call and every git clone/fetch/push gets "connection refused", as when GitHub is
 * unreachable. (The local forge is not used here: it reads the disk directly, so an "unavailable" forge directory
 * reads as a missing repository, which is rightly not retried, and chmod does not stop a root worker.)
 */
import fs from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { startDevServer } from '../../src/adapters/temporal/dev-server';
import { buildIntegrationInput, startIntegration } from '../../src/cli/start-integration';
import { loadConfig } from '../../src/shared/config';
import { FakeGitHub } from '../../test/helpers/fake-github/fake-github-server';
import {
  approveAll,
  clientFor,
  freePort,
  keepLog,
  kill,
  OPENAI_CLIENT,
  sleep,
  startWorker,
  tempDir,
  type DrillResult,
  type Log,
} from './drill-kit';

/** A TCP forwarder that can refuse connections for a while, standing in for the network path to GitHub. */
class SwitchableProxy {
  private server?: net.Server;
  private readonly sockets = new Set<net.Socket>();
  constructor(
    readonly port: number,
    private readonly targetPort: number,
  ) {}

  async up(): Promise<void> {
    this.server = net.createServer((client) => {
      const upstream = net.connect(this.targetPort, '127.0.0.1');
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => s.destroy());
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve, reject) => this.server!.once('error', reject).listen(this.port, '127.0.0.1', resolve));
  }

  /** Stops listening (new connections are refused) and cuts the connections in flight. */
  async down(): Promise<void> {
    const closed = new Promise((r) => this.server?.close(r));
    for (const s of this.sockets) s.destroy();
    await closed;
  }
}

export async function drillForgeOutage(opts: { n: number; outageSeconds: number; log: Log }): Promise<DrillResult> {
  const started = Date.now();
  const root = await tempDir('drill-outage-');
  const dataDir = path.join(root, 'data');
  const token = `ghp_drilloutage${Date.now().toString(36)}`;
  const gh = new FakeGitHub({ token });
  await gh.start();
  const proxy = new SwitchableProxy(await freePort(), Number(new URL(gh.baseUrl).port));
  await proxy.up();
  // Every URL the fake hands out (clone_url, html_url) goes through the proxy too.
  gh.baseUrl = `http://127.0.0.1:${proxy.port}`;
  const env = await startDevServer({});
  const client = clientFor(env.connection);
  const logFile = path.join(root, 'worker.log');
  const githubEnv = { FORGE: 'github', GITHUB_TOKEN: token, GITHUB_URL: gh.baseUrl, GITHUB_API_URL: gh.apiUrl };
  const worker = startWorker({ address: env.address, dataDir, logFile, env: githubEnv });
  const details: string[] = [];
  try {
    const names = Array.from({ length: opts.n }, (_, i) => `outage-${i}`);
    for (const name of names) gh.addRepo('acme', name, { 'src/ai.ts': OPENAI_CLIENT, 'README.md': `# ${name}\n` });
    const config = loadConfig({ ...githubEnv, DATA_DIR: dataDir }, root);
    const ids = await Promise.all(
      names.map(
        async (name) =>
          (await startIntegration(client, buildIntegrationInput(`${gh.baseUrl}/acme/${name}`, config, `drill-outage-${name}`))).workflowId,
      ),
    );
    // Mid-batch: as soon as the worker starts its first clone (others are still forking).
    const line = await worker.waitForLine(/"msg":"git clone /, 90_000);
    await proxy.down();
    const downAt = Date.now();
    opts.log(`  forge unreachable for ${opts.outageSeconds} s (${line ? 'from the first clone' : 'no clone seen in 90 s'})`);
    const during = new Map<string, string>();
    while (Date.now() - downAt < opts.outageSeconds * 1000) {
      await sleep(5000);
      for (const id of ids) {
        const s = (await client.workflow
          .getHandle(id)
          .query('getStatus')
          .catch(() => undefined)) as { state: string } | undefined;
        if (s) during.set(id, s.state);
      }
    }
    await proxy.up();
    details.push(`outage of ${opts.outageSeconds} s; states at its end: ${[...new Set(during.values())].join(', ')}`);
    opts.log(`  forge back; ${details[0]}`);
    const { notReviewed, lost } = await approveAll(client, ids, { reviewMs: 10 * 60_000, endMs: 5 * 60_000 });
    details.push(...notReviewed, ...lost);
    let duplicates = 0;
    for (const name of names) {
      const forks = [...gh.repos.values()].filter((r) => r.parent === `acme/${name}`).length;
      const review = gh.pullsOf('helicone-bot', name).length;
      const upstream = gh.pullsOf('acme', name).length;
      for (const [what, count] of [
        ['forks', forks],
        ['review PRs', review],
        ['upstream PRs', upstream],
      ] as const) {
        if (count > 1) duplicates += count - 1;
        if (count !== 1) details.push(`${name}: ${count} ${what} (expected one)`);
      }
    }
    const failedCalls = gh.requests.filter((r) => r.status >= 500).length;
    details.push(`fake GitHub answered ${gh.requests.length} requests (${failedCalls} with 5xx)`);
    return {
      drill: `forge (GitHub) unreachable for ${opts.outageSeconds} s during ${opts.n} integrations`,
      passed: !notReviewed.length && !lost.length && duplicates === 0 && !details.some((d) => /expected one/.test(d)),
      integrations: ids.length,
      lost: new Set([...notReviewed, ...lost].map((l) => l.split(':')[0])).size,
      duplicates,
      seconds: Math.round((Date.now() - started) / 1000),
      details,
    };
  } finally {
    await kill(worker);
    await env.teardown();
    await proxy.down().catch(() => undefined);
    await gh.stop();
    await keepLog(logFile, 'forge-outage');
    if (!process.env.DRILL_KEEP) await fs.rm(root, { recursive: true, force: true });
  }
}
