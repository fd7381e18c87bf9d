/**
 * A sandbox runs one command of a repository we do not trust: its own build, type-check, lint or tests. The
 * command sees a read-only system, its working copy, an empty home and /tmp, an environment built from nothing, no
 * network (or, to install dependencies, only the package registries), and limits on time, memory, processes, disk
 * and output. One implementation: bubblewrap (`./bubblewrap.ts`). With PROOF=off nothing runs at all.
 */

/** Where the working copy is inside the sandbox (commands and planned paths use it). */
import type { Toolchains } from './toolchains';

export const SANDBOX_WORKDIR = '/repo';
/** The sandbox user's home (a directory of the proof on the host, empty at the start of a proof). */
export const SANDBOX_HOME = '/home/sandbox';
/** Read-only caches (a prepared npm cache, a wheelhouse) are mounted under this folder. */
export const SANDBOX_CACHES = '/proof-cache';

export interface SandboxLimits {
  /** Wall-clock time; the whole sandbox is killed at the limit. */
  timeoutMs: number;
  /** Memory of each process (RLIMIT_DATA) and of all of them together (resident set, watched). */
  memoryBytes: number;
  /** Bytes the writable directories (working copy and home) may hold (watched), and the largest file (RLIMIT_FSIZE). */
  diskBytes: number;
  /** Processes and threads inside the sandbox (RLIMIT_NPROC in its own user namespace). */
  processes: number;
  /** Size of the /tmp tmpfs. */
  tmpBytes: number;
  /** Output kept in the log; the rest is read and dropped. */
  outputBytes: number;
}

export interface SandboxSpace {
  /** Host folder of the space (removed by dispose). */
  root: string;
  /** Mounted at SANDBOX_WORKDIR. */
  workdir: string;
  /** Mounted at SANDBOX_HOME. */
  home: string;
  dispose(): Promise<void>;
}

export type SandboxNetwork = { kind: 'none' } | { kind: 'registries'; hosts: string[] };

export interface SandboxRequest {
  argv: string[];
  /** Host directory mounted read-write at SANDBOX_WORKDIR. */
  workdir: string;
  /** Host directory mounted read-write at SANDBOX_HOME. */
  home: string;
  /** Working directory inside the sandbox (default SANDBOX_WORKDIR). */
  cwd?: string;
  /** The command's complete environment: nothing of the worker's is inherited. PATH defaults to the toolchains'. */
  env: Record<string, string>;
  network: SandboxNetwork;
  /** Extra read-only mounts (prepared caches): host path → path inside. */
  readOnly?: { host: string; sandbox: string }[];
  limits: SandboxLimits;
  /** Where the output (stdout and stderr, interleaved) is written, up to limits.outputBytes. */
  logFile: string;
  signal?: AbortSignal;
  /** Called every few seconds while the command runs (activities heartbeat from it). */
  onProgress?: () => void;
}

export type SandboxLimitHit = 'time' | 'memory' | 'disk' | 'processes' | 'cancelled';

export interface SandboxResult {
  /** The command's exit code; null when it was killed or never started. */
  exitCode: number | null;
  /** The signal that ended the command, when one did. */
  signal?: string;
  durationMs: number;
  /** Set when the sandbox stopped the command at one of its limits. */
  stopped?: { limit: SandboxLimitHit; detail: string };
  /** The sandbox could not start the command (a mount failed, no user namespaces): the command never ran. */
  setupError?: string;
  /** The last lines of the output. */
  tail: string;
  outputBytes: number;
  truncated: boolean;
  /** Registry traffic of an install: connections allowed and refused, by host. */
  network?: { allowed: Record<string, number>; refused: Record<string, number> };
}

export interface Sandbox {
  readonly name: string;
  /** The worker's toolchains (node, its package managers, Python) the sandbox offers. */
  readonly toolchains: Toolchains;
  /** Commands the worker's node tools offer under /node_modules/.bin (PROOF_NODE_TOOLS), for the plan. */
  readonly toolCommands: ReadonlySet<string>;
  /** The user files in a space must belong to (the worker is root and the sandbox runs as this user), if any. */
  readonly fileOwner?: number;
  /** PATH inside the sandbox when a request sets none. */
  defaultPath(): string[];
  /** What the sandbox allows and why, one sentence each (logged at start-up, shown in docs/proof.md). */
  describe(): string[];
  /** Resolves when this machine can run the sandbox; rejects with the reason (no bwrap, no user namespaces). */
  probe(): Promise<void>;
  /** A fresh space for one proof: an empty working copy folder and home, reachable by the sandbox user. */
  createSpace(label: string): Promise<SandboxSpace>;
  /** Makes files the worker wrote into a space usable by the sandbox user (ownership when the worker runs as root). */
  prepareDirs(dirs: string[]): Promise<void>;
  run(req: SandboxRequest): Promise<SandboxResult>;
}
