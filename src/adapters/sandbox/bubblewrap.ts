/**
 * The bubblewrap sandbox. Each command runs as
 *
 *   bwrap <namespaces and mounts> -- prlimit <limits> -- [node bridge.cjs <socket>] <argv...>
 *
 * spawned with an argument array and an environment of one PATH (bwrap's own init process is pid 1 inside, and its
 * environment is what /proc/1/environ shows). What the command gets:
 *
 * - every namespace of its own (`--unshare-all`: user, pid, network, ipc, uts, cgroup), no capabilities, no nested
 *   user namespaces (`--disable-userns`), a new session (no terminal to inject into), killed with the worker
 *   (`--die-with-parent`); when the worker runs as root, the sandbox runs as an unprivileged user (65534), so the
 *   process limit holds and root-only files stay unreadable;
 * - a read-only system: /usr (and the /bin, /lib… links), a short list of /etc files (certificates, alternatives,
 *   the dynamic linker's cache; no passwd, shadow, hosts or resolver of the worker's: those are written for the
 *   sandbox), the toolchains outside /usr (node's or Python's prefix) at their own paths, prepared caches read-only;
 *   the root itself read-only;
 * - writable: the working copy at /repo and an empty home at /home/sandbox (both on the worker's disk, both
 *   watched against the disk limit), /tmp and /dev/shm as size-limited tmpfs;
 * - no network: a loopback of its own. For installs, only HTTPS to the package registries, through the worker's
 *   proxy socket (registry-proxy.ts);
 * - limits: wall time (the whole sandbox is killed), RLIMIT_NPROC / RLIMIT_DATA / RLIMIT_FSIZE / RLIMIT_NOFILE, no
 *   core dumps, and from outside the number of tasks, their resident memory and the bytes on disk.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { BRIDGE_SCRIPT, startRegistryProxy, type RegistryProxy } from './registry-proxy';
import {
  SANDBOX_HOME,
  SANDBOX_WORKDIR,
  type Sandbox,
  type SandboxLimitHit,
  type SandboxRequest,
  type SandboxResult,
  type SandboxSpace,
} from './sandbox';
import { discoverToolchains, type Toolchains } from './toolchains';
import { diskUsage, treeUsage } from './watch';

/** Files and folders of /etc a build needs: TLS roots, alternatives links, the linker's cache, time zone, MIME types. */
const ETC_ENTRIES = [
  'alternatives',
  'ssl',
  'ca-certificates',
  'ca-certificates.conf',
  'pki',
  'crypto-policies',
  'ld.so.cache',
  'ld.so.conf',
  'ld.so.conf.d',
  'localtime',
  'timezone',
  'mime.types',
  'protocols',
  'services',
  'os-release',
  'debian_version',
  'nsswitch.conf',
  'python3',
  'python3.11',
  'python3.12',
  'python3.13',
];
/** Top-level entries mirrored from the host (links on merged-/usr systems, directories elsewhere). */
const ROOT_ENTRIES = ['bin', 'sbin', 'lib', 'lib32', 'lib64', 'libx32'];
/** The sandbox user when the worker is root: nobody. */
const DEFAULT_SANDBOX_UID = 65534;
/** How often the processes are counted (a scan of /proc): often enough to catch a fork bomb or a memory hog within
 * seconds, rarely enough to cost the worker about 1% of a core on a busy machine. */
const POLL_MS = 1_000;
const PROGRESS_MS = 5_000;
const TAIL_LINES = 20;
const TAIL_BYTES = 2048;
/** The unit of a Unix socket path (sun_path) is 108 bytes with its terminator. */
const MAX_SOCKET_PATH = 100;
const STARTED_MARKER = '--proof-sandbox-started--';
let socketCounter = 0;

export interface BubblewrapOptions {
  toolchains: Toolchains;
  /** Where proof directories go (PROOF_WORK_DIR, default DATA_DIR/proof). */
  workDir: string;
  bwrap?: string;
  prlimit?: string;
  /** The user the sandbox runs as when the worker is root (default 65534). */
  sandboxUid?: number;
  /**
   * node_modules folders of the worker (PROOF_NODE_TOOLS) offered read-only as /node_modules, the last place module
   * resolution and PATH look: packages and commands the repository did not install itself resolve there.
   */
  nodeTools?: string[];
}

export class BubblewrapSandbox implements Sandbox {
  readonly name = 'bubblewrap';
  private readonly bwrap: string;
  private readonly prlimit: string;
  /** Set when the worker is root: the sandbox switches to this user before creating its namespaces. */
  private readonly switchTo?: number;
  private root?: Promise<string>;
  /** bwrap arguments that build /node_modules from the worker's tool folders (computed once). */
  private readonly toolArgs: string[];
  /** Commands under /node_modules/.bin. */
  readonly toolCommands: ReadonlySet<string>;

  constructor(private readonly opts: BubblewrapOptions) {
    this.bwrap = opts.bwrap ?? findOnPath('bwrap') ?? 'bwrap';
    this.prlimit = opts.prlimit ?? findOnPath('prlimit') ?? '/usr/bin/prlimit';
    if (process.getuid?.() === 0) this.switchTo = opts.sandboxUid ?? DEFAULT_SANDBOX_UID;
    const tools = nodeToolArgs(opts.nodeTools ?? []);
    this.toolArgs = tools.args;
    this.toolCommands = tools.commands;
  }

  /** PATH inside the sandbox: the toolchains, the system, and last the worker's node tools (when offered). */
  defaultPath(): string[] {
    return [...this.opts.toolchains.path, ...(this.toolArgs.length ? [`${NODE_TOOLS_DIR}/.bin`] : [])];
  }

  get toolchains(): Toolchains {
    return this.opts.toolchains;
  }

  get fileOwner(): number | undefined {
    return this.switchTo;
  }

  describe(): string[] {
    return [
      'Each step runs in bubblewrap with namespaces of its own (user, pid, network, ipc, uts, cgroup), no capabilities, no nested user namespaces, a new session, and dies with the worker.',
      `Files: /usr and a short list of /etc read-only, the toolchains read-only (${this.opts.toolchains.mounts.join(', ') || 'all under /usr'}), the working copy at ${SANDBOX_WORKDIR} and an empty home at ${SANDBOX_HOME}; /tmp and /dev/shm are size-limited tmpfs; nothing else of the worker (no DATA_DIR, no other clone, no ~/.ssh, no .env).`,
      "Environment: built from nothing (PATH, HOME, LANG, CI=true and the step's own variables); no GitHub token, Anthropic key or service secret; /proc shows only the sandbox's processes.",
      "Network: none in the check phases (a loopback of its own); installs reach only the configured package registries, over HTTPS, through the worker's proxy.",
      ...(this.toolArgs.length
        ? [
            `Node tools: ${(this.opts.nodeTools ?? []).join(', ')} read-only as ${NODE_TOOLS_DIR}, resolved after the repository's own packages.`,
          ]
        : []),
      `Limits: wall time per step, processes (RLIMIT_NPROC), memory per process (RLIMIT_DATA) and in total, disk (largest file and a watch on the writable folders), output kept in the log${this.switchTo !== undefined ? `; runs as uid ${this.switchTo}, not root` : ''}.`,
    ];
  }

  /** Removes the spaces a dead worker left (killed mid-proof): their process is gone. */
  async sweep(): Promise<number> {
    const root = await this.workRoot();
    let removed = 0;
    for (const e of await fsp.readdir(root).catch(() => [] as string[])) {
      const pid = Number(/^p(\d+)-/.exec(e)?.[1]);
      if (!pid || pid === process.pid || processAlive(pid)) continue;
      await fsp.rm(path.join(root, e), { recursive: true, force: true });
      removed++;
    }
    return removed;
  }

  async probe(): Promise<void> {
    if (process.platform !== 'linux') throw new Error(`bubblewrap needs Linux (this worker runs ${process.platform})`);
    if (!fs.existsSync(this.bwrap) && !findOnPath(path.basename(this.bwrap)))
      throw new Error('bwrap is not installed (Debian/Ubuntu: apt-get install bubblewrap)');
    if (!fs.existsSync(this.prlimit)) throw new Error('prlimit is not installed (util-linux)');
    if (this.switchTo !== undefined) {
      for (const m of this.opts.toolchains.mounts) {
        if (!reachableByOthersSync(m))
          throw new Error(
            `${m} (a toolchain) is not reachable by the sandbox user (uid ${this.switchTo}): install node under /usr or a world-readable folder`,
          );
      }
    }
    const space = await this.createSpace('probe');
    const { workdir, home, root: dir } = space;
    try {
      const r = await this.run({
        argv: ['/bin/sh', '-c', 'test -w /repo && test -w /tmp && test ! -w /usr'],
        workdir,
        home,
        env: {},
        network: { kind: 'none' },
        limits: {
          timeoutMs: 20_000,
          memoryBytes: 512 * 2 ** 20,
          diskBytes: 64 * 2 ** 20,
          processes: 64,
          tmpBytes: 16 * 2 ** 20,
          outputBytes: 64 * 1024,
        },
        logFile: path.join(dir, 'probe.log'),
      });
      if (r.setupError)
        throw new Error(
          `bwrap cannot create its sandbox here: ${r.setupError.trim()} (unprivileged user namespaces must be allowed: sysctl kernel.unprivileged_userns_clone=1, or a container runtime that permits them)`,
        );
      if (r.exitCode !== 0) throw new Error(`the sandbox's self-check failed (exit ${r.exitCode}): ${r.tail.trim()}`);
    } finally {
      await space.dispose();
    }
  }

  async createSpace(label: string): Promise<SandboxSpace> {
    // The worker's pid leads the name, so a later worker can tell the spaces of a dead one (see sweep).
    const root = await fsp.mkdtemp(
      path.join(await this.workRoot(), `p${process.pid}-${label.replace(/[^A-Za-z0-9-]/g, '_').slice(0, 24)}-`),
    );
    // Traversable (not listable) by the sandbox user, which bwrap runs as; the folders inside are its own.
    await fsp.chmod(root, 0o711);
    const workdir = path.join(root, 'repo');
    const home = path.join(root, 'home');
    await fsp.mkdir(workdir, { mode: 0o700 });
    await fsp.mkdir(home, { mode: 0o700 });
    await this.prepareDirs([workdir, home]);
    return { root, workdir, home, dispose: () => fsp.rm(root, { recursive: true, force: true }) };
  }

  private workRoot(): Promise<string> {
    this.root ??= (async () => {
      let dir = path.resolve(this.opts.workDir);
      await fsp.mkdir(dir, { recursive: true });
      if (this.switchTo !== undefined && !(await reachableByOthers(dir))) {
        // bwrap runs as the sandbox user and must reach its mounts: a DATA_DIR under a private folder (mode 700) is
        // out of reach, so the proofs go to a folder of their own in the system's temporary directory.
        dir = path.join(os.tmpdir(), `helicone-proof-${process.getuid?.() ?? 0}`);
        await fsp.mkdir(dir, { recursive: true });
      }
      await fsp.chmod(dir, 0o711);
      return dir;
    })();
    return this.root;
  }

  async prepareDirs(dirs: string[]): Promise<void> {
    if (this.switchTo === undefined) return;
    for (const d of dirs) await chownTree(d, this.switchTo);
  }

  async run(req: SandboxRequest): Promise<SandboxResult> {
    const started = Date.now();
    const tc = this.opts.toolchains;
    let proxy: RegistryProxy | undefined;
    const bridged = req.network.kind === 'registries' && req.network.hosts.length > 0;
    if (bridged) {
      // The socket lives in the proof's folder (next to the working copy), which the sandbox user can reach.
      // A short name: a Unix socket's whole path must fit in 108 bytes.
      const socketPath = path.join(path.dirname(req.workdir), `r${++socketCounter}.sock`);
      if (socketPath.length > MAX_SOCKET_PATH) {
        return setupFailed(
          started,
          `the proof folder's path is too long for a Unix socket (${socketPath.length} characters): set PROOF_WORK_DIR to a shorter one`,
        );
      }
      proxy = await startRegistryProxy(
        socketPath,
        (req.network as { hosts: string[] }).hosts,
        this.switchTo !== undefined ? { uid: this.switchTo } : {},
      );
    }
    const uid = this.switchTo ?? process.getuid?.() ?? 1000;
    const gid = this.switchTo ?? process.getgid?.() ?? 1000;
    const files: { dest: string; content: string }[] = [
      {
        dest: '/etc/passwd',
        content: `root:x:0:0:root:/root:/usr/sbin/nologin\nsandbox:x:${uid}:${gid}:proof sandbox:${SANDBOX_HOME}:/bin/sh\n`,
      },
      { dest: '/etc/group', content: `root:x:0:\nsandbox:x:${gid}:\n` },
      { dest: '/etc/hosts', content: '127.0.0.1 localhost sandbox\n::1 localhost ip6-localhost\n' },
      { dest: '/etc/hostname', content: 'sandbox\n' },
      { dest: '/etc/resolv.conf', content: '' },
      ...(bridged ? [{ dest: '/run/proof/bridge.cjs', content: BRIDGE_SCRIPT }] : []),
    ];
    const firstDataFd = 4;
    const limits = req.limits;
    // The marker is the first thing the sandbox prints once it stands: output before it is bwrap's own (a failed
    // mount, no user namespaces), so a setup failure is never mistaken for the command's.
    const inner = [
      '/bin/sh',
      '-c',
      `printf '%s\\n' '${STARTED_MARKER}'; exec "$@"`,
      'sh',
      this.prlimit,
      `--nproc=${limits.processes}:${limits.processes}`,
      `--data=${limits.memoryBytes}:${limits.memoryBytes}`,
      `--fsize=${limits.diskBytes}:${limits.diskBytes}`,
      '--core=0:0',
      '--nofile=8192:8192',
      '--',
      ...(bridged ? [tc.node.bin, '/run/proof/bridge.cjs', '/run/proof/registry.sock'] : []),
      ...req.argv,
    ];
    const env = {
      PATH: this.defaultPath().join(':'),
      HOME: SANDBOX_HOME,
      TMPDIR: '/tmp',
      LANG: 'C.UTF-8',
      USER: 'sandbox',
      LOGNAME: 'sandbox',
      ...req.env,
    };
    const args = [
      '--unshare-all',
      '--unshare-user',
      '--disable-userns',
      '--die-with-parent',
      '--new-session',
      '--hostname',
      'sandbox',
      '--json-status-fd',
      '3',
      '--ro-bind',
      '/usr',
      '/usr',
      ...rootEntries(),
      ...ETC_ENTRIES.flatMap((e) => ['--ro-bind-try', `/etc/${e}`, `/etc/${e}`]),
      ...tc.mounts.flatMap((m) => ['--ro-bind', m, m]),
      '--proc',
      '/proc',
      '--size',
      String(64 * 1024),
      '--tmpfs',
      '/dev',
      ...['null', 'zero', 'full', 'random', 'urandom'].flatMap((d) => ['--dev-bind', `/dev/${d}`, `/dev/${d}`]),
      '--symlink',
      '/proc/self/fd',
      '/dev/fd',
      '--symlink',
      '/proc/self/fd/0',
      '/dev/stdin',
      '--symlink',
      '/proc/self/fd/1',
      '/dev/stdout',
      '--symlink',
      '/proc/self/fd/2',
      '/dev/stderr',
      '--size',
      String(limits.tmpBytes),
      '--tmpfs',
      '/dev/shm',
      '--size',
      String(limits.tmpBytes),
      '--tmpfs',
      '/tmp',
      '--symlink',
      '/tmp',
      '/var/tmp',
      // After /tmp's tmpfs, which would hide tool folders that live under /tmp (a checkout there, as in CI).
      // /node_modules is a small tmpfs of links: tools write beside the packages they find there (vite bundles its
      // config into node_modules/.vite-temp), and nothing written lasts beyond the step.
      ...(this.toolArgs.length ? ['--size', String(limits.tmpBytes), '--tmpfs', NODE_TOOLS_DIR, ...this.toolArgs] : []),
      '--bind',
      req.workdir,
      SANDBOX_WORKDIR,
      '--bind',
      req.home,
      SANDBOX_HOME,
      ...(req.readOnly ?? []).flatMap((m) => ['--ro-bind', m.host, m.sandbox]),
      ...files.flatMap((f, i) => ['--ro-bind-data', String(firstDataFd + i), f.dest]),
      ...(proxy ? ['--bind', proxy.socketPath, '/run/proof/registry.sock'] : []),
      '--remount-ro',
      '/',
      '--chdir',
      req.cwd ?? SANDBOX_WORKDIR,
      '--clearenv',
      ...Object.entries(env).flatMap(([k, v]) => ['--setenv', k, v]),
      '--',
      ...inner,
    ];

    await fsp.mkdir(path.dirname(req.logFile), { recursive: true });
    const log = fs.createWriteStream(req.logFile);
    const tail = new Tail(TAIL_LINES, TAIL_BYTES);
    let outputBytes = 0;
    let truncated = false;
    let started_ = false;
    let early = '';
    const onStdout = (chunk: Buffer) => {
      if (started_) return onData(chunk);
      early += chunk.toString('latin1');
      const at = early.indexOf(`${STARTED_MARKER}\n`);
      if (at < 0) {
        if (early.length > 4096) {
          started_ = true;
          onData(Buffer.from(early, 'latin1'));
        }
        return;
      }
      started_ = true;
      const before = early.slice(0, at);
      const after = early.slice(at + STARTED_MARKER.length + 1);
      if (before) onData(Buffer.from(before, 'latin1'));
      if (after) onData(Buffer.from(after, 'latin1'));
    };
    const onData = (chunk: Buffer) => {
      outputBytes += chunk.length;
      tail.push(chunk);
      if (outputBytes - chunk.length < limits.outputBytes) {
        const room = limits.outputBytes - (outputBytes - chunk.length);
        log.write(chunk.length > room ? chunk.subarray(0, room) : chunk);
        if (chunk.length > room) truncated = true;
      } else truncated = true;
    };

    const child = spawn(this.bwrap, args, {
      // bwrap's own environment is what pid 1 of the sandbox shows: one PATH, nothing of the worker's.
      env: { PATH: '/usr/bin:/bin' },
      cwd: '/',
      stdio: ['ignore', 'pipe', 'pipe', 'pipe', ...files.map(() => 'pipe' as const)],
      ...(this.switchTo !== undefined ? { uid: this.switchTo, gid: this.switchTo } : {}),
    });
    for (const [i, f] of files.entries()) {
      const s = child.stdio[firstDataFd + i] as NodeJS.WritableStream | null;
      s?.on('error', () => undefined);
      s?.end(f.content);
    }
    let status = '';
    (child.stdio[3] as NodeJS.ReadableStream | null)?.on('data', (d: Buffer) => (status += d.toString('utf8')));
    child.stdout!.on('data', onStdout);
    child.stderr!.on('data', onData);

    let stopped: SandboxResult['stopped'];
    const stop = (limit: SandboxLimitHit, detail: string) => {
      if (stopped) return;
      stopped = { limit, detail };
      child.kill('SIGKILL');
    };
    const timer = setTimeout(() => stop('time', `ran longer than its limit of ${formatMs(limits.timeoutMs)}`), limits.timeoutMs);
    const onAbort = () => stop('cancelled', 'the proof was cancelled');
    req.signal?.addEventListener('abort', onAbort);
    if (req.signal?.aborted) onAbort();

    let crowded = 0;
    let lastDisk = 0;
    // `du` over the writable folders is the expensive check (a node_modules of 50,000 files): at most 5% of the time.
    let diskEvery = 2_000;
    let lastProgress = Date.now();
    let polling = false;
    const poll = setInterval(() => {
      if (polling || stopped || child.pid === undefined) return;
      polling = true;
      void (async () => {
        const u = await treeUsage(child.pid!);
        if (u.tasks >= limits.processes * 0.9) {
          if (++crowded >= 3)
            stop('processes', `kept starting processes: ${u.tasks} processes and threads against its limit of ${limits.processes}`);
        } else crowded = 0;
        if (u.rssBytes > limits.memoryBytes)
          stop('memory', `used ${formatBytes(u.rssBytes)} of memory, over its limit of ${formatBytes(limits.memoryBytes)}`);
        if (Date.now() - lastDisk >= diskEvery) {
          const t0 = Date.now();
          const used = await diskUsage([req.workdir, req.home]);
          diskEvery = Math.max(2_000, (Date.now() - t0) * 20);
          lastDisk = Date.now();
          if (used > limits.diskBytes)
            stop('disk', `wrote ${formatBytes(used)} to disk, over its limit of ${formatBytes(limits.diskBytes)}`);
        }
        if (Date.now() - lastProgress >= PROGRESS_MS) {
          lastProgress = Date.now();
          req.onProgress?.();
        }
      })().finally(() => (polling = false));
    }, POLL_MS);

    const exit = await new Promise<{ code: number | null; signal: NodeJS.Signals | null; spawnError?: Error }>((resolve) => {
      child.once('error', (err) => resolve({ code: null, signal: null, spawnError: err }));
      child.once('close', (code, signal) => resolve({ code, signal }));
    });
    clearTimeout(timer);
    clearInterval(poll);
    req.signal?.removeEventListener('abort', onAbort);
    await new Promise<void>((r) => log.end(() => r()));
    await proxy?.close();

    const startedChild = started_;
    const exitStatus = /"exit-code"\s*:\s*(\d+)/.exec(status);
    const durationMs = Date.now() - started;
    const network = proxy ? { allowed: { ...proxy.allowed }, refused: { ...proxy.refused } } : undefined;
    if (exit.spawnError) return setupFailed(started, `cannot run ${this.bwrap}: ${exit.spawnError.message}`);
    if (!startedChild && !stopped) {
      return {
        ...setupFailed(started, (tail.text() || early).trim() || `bwrap exited ${exit.code ?? exit.signal}`),
        outputBytes,
        truncated,
      };
    }
    const exitCode = stopped ? null : exitStatus ? Number(exitStatus[1]) : exit.code;
    return {
      exitCode,
      ...(exitCode !== null && exitCode > 128 && !stopped ? { signal: signalName(exitCode - 128) } : {}),
      durationMs,
      ...(stopped ? { stopped } : {}),
      tail: tail.text(),
      outputBytes,
      truncated,
      ...(network ? { network } : {}),
    };
  }
}

/** The sandbox with the toolchains of this worker; when the worker is root, only toolchains the sandbox user can reach. */
export async function createBubblewrapSandbox(opts: {
  workDir: string;
  python?: string;
  sandboxUid?: number;
  nodeTools?: string[];
}): Promise<BubblewrapSandbox> {
  const switching = process.getuid?.() === 0;
  const toolchains = await discoverToolchains({
    ...(opts.python ? { python: opts.python } : {}),
    ...(switching ? { reachable: reachableByOthersSync } : {}),
  });
  return new BubblewrapSandbox({
    toolchains,
    workDir: opts.workDir,
    ...(opts.sandboxUid !== undefined ? { sandboxUid: opts.sandboxUid } : {}),
    ...(opts.nodeTools?.length ? { nodeTools: opts.nodeTools } : {}),
  });
}

/** Where the worker's node tools appear: the root's node_modules, the last folder Node and TypeScript look in. */
export const NODE_TOOLS_DIR = '/node_modules';

/**
 * Each tool folder is mounted read-only at its real path (so a package's own dependencies resolve beside it), and
 * /node_modules holds a link per package and per command; the first folder that has a name wins.
 */
function nodeToolArgs(folders: string[]): { args: string[]; commands: Set<string> } {
  const args: string[] = [];
  const packages = new Map<string, string>();
  const commands = new Map<string, string>();
  for (const folder of folders) {
    const real = fs.realpathSync(folder);
    args.push('--ro-bind', real, real);
    for (const name of fs.readdirSync(real)) {
      if (name.startsWith('.')) continue;
      if (!packages.has(name)) packages.set(name, path.join(real, name));
    }
    const bin = path.join(real, '.bin');
    for (const name of fs.existsSync(bin) ? fs.readdirSync(bin) : []) if (!commands.has(name)) commands.set(name, path.join(bin, name));
  }
  if (!folders.length) return { args, commands: new Set() };
  args.push('--dir', `${NODE_TOOLS_DIR}/.bin`);
  for (const [name, target] of packages) args.push('--symlink', target, `${NODE_TOOLS_DIR}/${name}`);
  for (const [name, target] of commands) args.push('--symlink', target, `${NODE_TOOLS_DIR}/.bin/${name}`);
  return { args, commands: new Set(commands.keys()) };
}

/** True when users other than the owner may traverse every folder from / down to `dir` (the sandbox user must). */
export function reachableByOthersSync(dir: string): boolean {
  let d = path.resolve(dir);
  for (;;) {
    let st: fs.Stats;
    try {
      st = fs.statSync(d);
    } catch {
      return false;
    }
    if ((st.mode & 0o001) === 0) return false;
    const up = path.dirname(d);
    if (up === d) return true;
    d = up;
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function setupFailed(started: number, why: string): SandboxResult {
  return { exitCode: null, durationMs: Date.now() - started, setupError: why, tail: '', outputBytes: 0, truncated: false };
}

/** /bin, /lib… as the host has them: links on a merged-/usr system, read-only directories otherwise. */
function rootEntries(): string[] {
  const out: string[] = [];
  for (const name of ROOT_ENTRIES) {
    const p = `/${name}`;
    let st: fs.Stats;
    try {
      st = fs.lstatSync(p);
    } catch {
      continue;
    }
    if (st.isSymbolicLink()) out.push('--symlink', fs.readlinkSync(p), p);
    else if (st.isDirectory()) out.push('--ro-bind', p, p);
  }
  return out;
}

function findOnPath(name: string): string | undefined {
  for (const d of ['/usr/bin', '/bin', '/usr/local/bin', '/usr/sbin', ...(process.env.PATH ?? '').split(':')]) {
    if (!d) continue;
    const p = path.join(d, name);
    try {
      fs.accessSync(p, fs.constants.X_OK);
      return p;
    } catch {
      // next
    }
  }
  return undefined;
}

/** True when users other than the owner may traverse every folder from / down to `dir`. */
async function reachableByOthers(dir: string): Promise<boolean> {
  let d = path.resolve(dir);
  for (;;) {
    const st = await fsp.stat(d).catch(() => undefined);
    if (!st || (st.mode & 0o001) === 0) return false;
    const up = path.dirname(d);
    if (up === d) return true;
    d = up;
  }
}

/** chown -R without following links (a tree we just wrote; links are changed themselves). */
async function chownTree(dir: string, uid: number): Promise<void> {
  await fsp.lchown(dir, uid, uid);
  const entries = await fsp.readdir(dir, { withFileTypes: true });
  await Promise.all(
    entries.map(async (e) => {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) await chownTree(p, uid);
      else await fsp.lchown(p, uid, uid);
    }),
  );
}

/** The last lines of a stream, bounded in lines and bytes. */
export class Tail {
  private buf = '';
  constructor(
    private readonly lines: number,
    private readonly bytes: number,
  ) {}

  push(chunk: Buffer): void {
    this.buf += chunk.toString('utf8');
    if (this.buf.length > this.bytes * 8) this.buf = this.buf.slice(-this.bytes * 4);
  }

  text(): string {
    return clipTail(this.buf, this.lines, this.bytes);
  }
}

/** The last `lines` lines of a text, at most `bytes` long, without ANSI colour codes or carriage-return progress bars. */
export function clipTail(text: string, lines: number, bytes: number): string {
  // eslint-disable-next-line no-control-regex
  const clean = text.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '').replace(/[^\n]*\r(?!\n)/g, '');
  const kept = clean.replace(/\s+$/, '').split('\n').slice(-lines).join('\n');
  return kept.length > bytes ? `…${kept.slice(-(bytes - 1))}` : kept;
}

export function formatBytes(n: number): string {
  if (n >= 2 ** 30) return `${(n / 2 ** 30).toFixed(1)} GiB`;
  if (n >= 2 ** 20) return `${Math.round(n / 2 ** 20)} MiB`;
  return `${Math.round(n / 1024)} KiB`;
}

export function formatMs(ms: number): string {
  if (ms >= 60_000 && ms % 60_000 === 0) return `${ms / 60_000} min`;
  if (ms >= 60_000) return `${(ms / 60_000).toFixed(1)} min`;
  return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
}

function signalName(n: number): string {
  const entry = Object.entries(os.constants.signals).find(([, v]) => v === n);
  return entry ? entry[0] : `signal ${n}`;
}
