/**
 * The sandbox against hostile commands, on the real bubblewrap: what a repository's install or test might try.
 * Nothing escapes the working copy, no secret of the worker is readable, and every limit stops what exceeds it.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testSandbox } from '../../../test/helpers/proof-sandbox';
import type { BubblewrapSandbox } from './bubblewrap';
import { hostAllowed, isInternalAddress, startRegistryProxy } from './registry-proxy';
import type { SandboxLimits, SandboxRequest, SandboxSpace } from './sandbox';

const LIMITS: SandboxLimits = {
  timeoutMs: 10_000,
  memoryBytes: 512 * 2 ** 20,
  diskBytes: 64 * 2 ** 20,
  processes: 64,
  tmpBytes: 16 * 2 ** 20,
  outputBytes: 256 * 1024,
};
const SECRET = `ghp_proofTestSecret${process.pid}`;

let sandbox: BubblewrapSandbox;
let space: SandboxSpace;
let server: net.Server;
let port: number;
let dataDir: string;

beforeAll(async () => {
  ({ sandbox } = await testSandbox());
  space = await sandbox.createSpace('hostile');
  // A secret in the worker's environment, a file in its data directory, a service on its loopback.
  process.env.PROOF_TEST_GITHUB_TOKEN = SECRET;
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'hi-proof-data-'));
  await fs.writeFile(path.join(dataDir, 'secret.txt'), SECRET);
  server = net.createServer((s) => s.end('worker-service\n'));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  port = (server.address() as net.AddressInfo).port;
});

afterAll(async () => {
  delete process.env.PROOF_TEST_GITHUB_TOKEN;
  await space?.dispose();
  await new Promise((r) => server?.close(r));
  await fs.rm(dataDir, { recursive: true, force: true });
});

function run(script: string, extra: Partial<SandboxRequest> = {}) {
  return sandbox.run({
    argv: ['/bin/sh', '-c', script],
    workdir: space.workdir,
    home: space.home,
    env: {},
    network: { kind: 'none' },
    limits: LIMITS,
    logFile: path.join(space.root, `log-${Date.now()}.txt`),
    ...extra,
  });
}

describe('bubblewrap sandbox', () => {
  it('runs as an unprivileged user with an environment built from nothing', async () => {
    const r = await run('id -u; env; cat /proc/1/environ | tr "\\0" "\\n"; ls /proc | grep -c "^[0-9]"');
    expect(r.exitCode).toBe(0);
    const out = await fs.readFile(
      path.join(
        space.root,
        (await fs.readdir(space.root))
          .filter((f) => f.startsWith('log-'))
          .sort()
          .pop()!,
      ),
      'utf8',
    );
    expect(out.split('\n')[0]).not.toBe('0');
    expect(out).not.toContain(SECRET);
    expect(out).not.toMatch(/GITHUB_TOKEN|ANTHROPIC_API_KEY|HELICONE_API_KEY/);
    // pid 1 is bwrap's init, whose environment is one PATH; only the sandbox's few processes are visible.
    expect(out).toMatch(/^PATH=\/usr\/bin:\/bin$/m);
    expect(Number(out.trim().split('\n').pop())).toBeLessThan(6);
  });

  it('shows none of the worker: no ~/.ssh, no data directory, no /proc of the worker, no root home', async () => {
    const r = await run(
      [
        `cat /root/.ssh/id_rsa 2>&1; ls -a "$HOME"; cat ${dataDir}/secret.txt 2>&1`,
        `cat /proc/${process.pid}/environ 2>&1 | head -c 200`,
        `ls / ; test -e /work && echo WORK-VISIBLE; test -e ${os.homedir()} && echo HOME-VISIBLE`,
        `grep -r ${SECRET} /etc /home /tmp /repo 2>/dev/null && echo FOUND`,
        'echo done',
      ].join('; '),
      // grep -r over /etc and the rest takes seconds on a busy 2-core machine; the 10 s limit of the other tests
      // would end it before 'done' (a timeout, not a leak).
      { limits: { ...LIMITS, timeoutMs: 60_000 } },
    );
    expect(r.exitCode).toBe(0);
    const log = await lastLog();
    expect(log).toContain('done');
    expect(log).not.toContain(SECRET);
    expect(log).not.toContain('FOUND');
    expect(log).not.toContain('HOME-VISIBLE');
    expect(log).toMatch(/\/root\/\.ssh\/id_rsa: No such file or directory/);
  }, 90_000);

  it("cannot write outside its working copy, home and /tmp, nor into the worker's node tools", async () => {
    // /node_modules itself is a throwaway tmpfs of links (tools write caches there); the packages behind are read-only.
    const r = await run(
      'for d in /usr /etc /bin / /node_modules/typescript /node_modules/.bin/tsc; do touch $d/x 2>/dev/null && echo "WROTE $d"; done; touch /repo/ok /tmp/ok "$HOME/ok" /node_modules/.cache-ok && echo ok',
    );
    expect(r.exitCode).toBe(0);
    const log = await lastLog();
    expect(log).not.toContain('WROTE');
    expect(log).toContain('ok');
  });

  it('has no network: a socket to the worker on 127.0.0.1 reaches nothing', async () => {
    const r = await run(
      `node -e "const s=require('net').connect(${port},'127.0.0.1');s.on('data',d=>{console.log('GOT',String(d));process.exit(0)});s.on('error',e=>{console.log('ERR',e.code);process.exit(3)})"`,
    );
    expect(r.exitCode).toBe(3);
    expect(r.tail).toMatch(/ERR ECONNREFUSED/);
    expect(r.tail).not.toContain('worker-service');
    const dns = await run(`node -e "require('dns').lookup('registry.npmjs.org',(e)=>{console.log(e?'NO-DNS':'RESOLVED');})"`);
    expect(dns.tail).toContain('NO-DNS');
  });

  it('stops a command at its time limit, with everything it started', async () => {
    const t = Date.now();
    const r = await run(`sleep ${NAP} & sleep ${NAP}; echo never`, { limits: { ...LIMITS, timeoutMs: 800 } });
    expect(Date.now() - t).toBeLessThan(5_000);
    expect(r.stopped?.limit).toBe('time');
    expect(r.exitCode).toBeNull();
    expect(leftovers()).toEqual([]);
  });

  it('survives a fork bomb: the process limit holds and the sandbox is stopped', async () => {
    const t = Date.now();
    const r = await run(`${BOMB}() { ${BOMB} | ${BOMB} & }; ${BOMB}; sleep ${NAP}`, {
      limits: { ...LIMITS, processes: 32, timeoutMs: 3_000 },
    });
    expect(Date.now() - t).toBeLessThan(7_000);
    // Either the watcher stopped it for its processes, or the bomb fizzled against RLIMIT_NPROC and time ran out.
    expect(r.stopped?.limit === 'processes' || r.stopped?.limit === 'time' || (r.exitCode !== 0 && /fork|resource/i.test(r.tail))).toBe(
      true,
    );
    expect(leftovers()).toEqual([]);
  });

  it('stops a command that fills the disk, and one that fills /tmp fails on its own', async () => {
    const big = await run('dd if=/dev/zero of=/repo/big bs=1M count=200 2>&1; echo exit=$?', {
      limits: { ...LIMITS, diskBytes: 16 * 2 ** 20 },
    });
    // RLIMIT_FSIZE ends the write at the limit (SIGXFSZ), so the file never outgrows it.
    expect(big.tail).not.toContain('exit=0');
    const size = (await fs.stat(path.join(space.workdir, 'big')).catch(() => ({ size: 0 }))).size;
    expect(size).toBeLessThanOrEqual(16 * 2 ** 20);
    await fs.rm(path.join(space.workdir, 'big'), { force: true });
    const many = await run('i=0; while [ $i -lt 400 ]; do head -c 1048576 /dev/zero > /repo/f$i || exit 9; i=$((i+1)); done; sleep 5', {
      limits: { ...LIMITS, diskBytes: 24 * 2 ** 20 },
    });
    expect(many.stopped?.limit).toBe('disk');
    const tmp = await run('dd if=/dev/zero of=/tmp/fill bs=1M count=100 2>&1; echo exit=$?', {
      limits: { ...LIMITS, tmpBytes: 4 * 2 ** 20 },
    });
    expect(tmp.tail).toMatch(/No space left on device/);
    await space.dispose();
    space = await sandbox.createSpace('hostile');
  });

  it('stops a command that eats memory', async () => {
    const t = Date.now();
    const r = await run('node -e "const a=[];for(;;)a.push(Buffer.alloc(1<<24,1))"', { limits: { ...LIMITS, memoryBytes: 256 * 2 ** 20 } });
    expect(Date.now() - t).toBeLessThan(8_000);
    // RLIMIT_DATA makes the allocation fail, or the watcher stops the sandbox over its resident memory.
    expect(r.stopped?.limit === 'memory' || (r.exitCode !== 0 && r.exitCode !== null)).toBe(true);
    expect(r.stopped?.limit).not.toBe('time');
  });

  it('sweeps the spaces of a dead worker, not its own', async () => {
    const dead = execFileSync('sh', ['-c', 'sh -c "echo \\$\\$"'], { encoding: 'utf8' }).trim();
    const root = path.dirname(space.root);
    await fs.mkdir(path.join(root, `p${dead}-left-abc123`, 'repo'), { recursive: true });
    expect(await sandbox.sweep()).toBeGreaterThanOrEqual(1);
    await expect(fs.stat(path.join(root, `p${dead}-left-abc123`))).rejects.toThrow();
    expect((await fs.stat(space.root)).isDirectory()).toBe(true);
  });

  it('reports a command that cannot start as missing, not as its failure', async () => {
    const r = await sandbox.run({
      argv: ['no-such-tool', '--version'],
      workdir: space.workdir,
      home: space.home,
      env: {},
      network: { kind: 'none' },
      limits: LIMITS,
      logFile: path.join(space.root, 'missing.txt'),
    });
    expect(r.exitCode).toBe(127);
    expect(r.tail).toMatch(/failed to execute no-such-tool/);
  });
});

describe('registry proxy', () => {
  it('matches hosts and internal addresses', () => {
    expect(hostAllowed('registry.npmjs.org', ['registry.npmjs.org'])).toBe(true);
    expect(hostAllowed('evil.org', ['registry.npmjs.org'])).toBe(false);
    expect(hostAllowed('a.files.example.org', ['*.example.org'])).toBe(true);
    expect(hostAllowed('example.org', ['*.example.org'])).toBe(false);
    for (const a of ['127.0.0.1', '10.1.2.3', '192.168.0.1', '172.20.0.1', '169.254.169.254', '::1', 'fd00::1', '::ffff:127.0.0.1'])
      expect(isInternalAddress(a)).toBe(true);
    expect(isInternalAddress('104.16.0.1')).toBe(false);
  });

  it('tunnels only to allowed registries, never to the worker or a plain-HTTP request', async () => {
    const sock = path.join(space.root, 'proxy-test.sock');
    // `localhost` is allowed by name here, yet resolves to loopback: refused all the same.
    const proxy = await startRegistryProxy(sock, ['localhost']);
    const ask = (request: string) =>
      new Promise<string>((resolve) => {
        const c = net.connect(sock, () => c.write(request));
        let got = '';
        c.on('data', (d) => (got += d.toString()));
        c.on('close', () => resolve(got));
        c.on('error', () => resolve(got));
        setTimeout(() => c.destroy(), 3_000).unref();
      });
    expect(await ask(`CONNECT 127.0.0.1:${port} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`)).toMatch(/403/);
    expect(await ask('CONNECT localhost:443 HTTP/1.1\r\nHost: localhost\r\n\r\n')).toMatch(/403[\s\S]*internal address/);
    expect(await ask('CONNECT evil.example:443 HTTP/1.1\r\n\r\n')).toMatch(/403/);
    expect(await ask(`GET http://127.0.0.1:${port}/ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`)).toMatch(/403/);
    expect(Object.keys(proxy.allowed)).toEqual([]);
    expect(Object.keys(proxy.refused).length).toBeGreaterThanOrEqual(3);
    await proxy.close();
  });
});

async function lastLog(): Promise<string> {
  const logs = (await fs.readdir(space.root)).filter((f) => f.startsWith('log-')).sort();
  return fs.readFile(path.join(space.root, logs.pop()!), 'utf8');
}

/** Processes of the sandbox user still alive after a run (there must be none). */
/** Marks in the commands of the tests that check for leftovers, unique to this test process. */
const NAP = `300.${process.pid}`;
const BOMB = `bomb${process.pid}`;

function leftovers(): string[] {
  const uid = sandbox.fileOwner;
  if (uid === undefined) return [];
  try {
    return (
      execFileSync('pgrep', ['-u', String(uid), '-a'], { encoding: 'utf8' })
        .trim()
        .split('\n')
        // Only this file's processes: other test files (the proof's) run sandboxes as the same user at the same time.
        .filter((l) => l.includes(NAP) || l.includes(BOMB))
    );
  } catch {
    return [];
  }
}
