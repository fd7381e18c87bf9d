/**
 * The proof's settings (PROOF, limits, registries): parsed once with the rest of the configuration, so a bad value
 * is refused at start-up by name. `proofSettings` turns them into what the runner uses.
 */
import fs from 'node:fs';
import { requireDurationMs } from '../shared/duration';
import { z } from 'zod';
import { DEFAULT_PROOF_MODE, PROOF_MODES, type ProofMode } from '../shared/proof-types';

const DURATION_RE = /^\s*\d+(\.\d+)?\s*(ms|milliseconds?|s|secs?|seconds?|m|mins?|minutes?|h|hrs?|hours?)?\s*$/i;
const SIZE_RE = /^\s*(\d+(?:\.\d+)?)\s*(b|k|kb|kib|m|mb|mib|g|gb|gib)?\s*$/i;
const UNITS: Record<string, number> = {
  b: 1,
  k: 2 ** 10,
  kb: 2 ** 10,
  kib: 2 ** 10,
  m: 2 ** 20,
  mb: 2 ** 20,
  mib: 2 ** 20,
  g: 2 ** 30,
  gb: 2 ** 30,
  gib: 2 ** 30,
};
/** The proof activity's own start-to-close timeout is 2 hours (see the workflow): the total budget stays below it. */
const MAX_TOTAL_MS = 90 * 60_000;

/** Bytes of "512m", "4g", "1.5GiB" or a plain number of bytes; NaN when it is none of those. */
export function parseSize(v: string): number {
  const m = SIZE_RE.exec(v);
  if (!m) return Number.NaN;
  return Math.round(Number(m[1]) * UNITS[(m[2] ?? 'b').toLowerCase()]!);
}

/** An empty value (a blank line of .env) means the default, as for the other settings. */
const blank = (v: unknown) => (typeof v === 'string' && !v.trim() ? undefined : v);

const duration = (def: string, min: number, max: number) =>
  z.preprocess(
    blank,
    z
      .string()
      .default(def)
      .refine((v) => DURATION_RE.test(v), { message: 'must be a duration such as "90s", "10 minutes" or "1h"' })
      .transform((v) => requireDurationMs(v.trim(), 'duration'))
      .refine((ms) => ms >= min && ms <= max, { message: `must be between ${min / 1000} s and ${max / 60_000} minutes` }),
  );

const size = (def: string, min: number) =>
  z.preprocess(
    blank,
    z
      .string()
      .default(def)
      .transform(parseSize)
      .refine((n) => Number.isFinite(n) && n >= min, {
        message: `must be a size such as "512m" or "4g", at least ${Math.round(min / 2 ** 20)} MiB`,
      }),
  );

const HOST_RE = /^(\*\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/i;
/** The public registries of npm, Yarn and PyPI (downloads included). */
export const DEFAULT_REGISTRIES = ['registry.npmjs.org', 'registry.yarnpkg.com', 'pypi.org', 'files.pythonhosted.org'];

const existingFolders = (name: string) =>
  z
    .string()
    .optional()
    .transform((v) =>
      (v ?? '')
        .split(':')
        .map((s) => s.trim())
        .filter(Boolean),
    )
    .superRefine((dirs, ctx) => {
      for (const d of dirs)
        if (!fs.existsSync(d) || !fs.statSync(d).isDirectory()) ctx.addIssue({ code: 'custom', message: `${d} is not a folder (${name})` });
    });

/** The PROOF_* part of the configuration schema (see shared/config.ts). */
export const proofSchema = {
  /** auto (default): run what the repository has; required: a newly failing or unrunnable step fails the integration; off. */
  PROOF: z.preprocess(blank, z.enum(PROOF_MODES, { message: `must be one of ${PROOF_MODES.join(', ')}` }).default(DEFAULT_PROOF_MODE)),
  PROOF_STEP_TIMEOUT: duration('10 minutes', 1_000, MAX_TOTAL_MS),
  PROOF_INSTALL_TIMEOUT: duration('15 minutes', 1_000, MAX_TOTAL_MS),
  PROOF_TOTAL_TIMEOUT: duration('45 minutes', 1_000, MAX_TOTAL_MS),
  PROOF_MEMORY: size('4g', 64 * 2 ** 20),
  PROOF_DISK: size('8g', 16 * 2 ** 20),
  PROOF_TMP: size('1g', 4 * 2 ** 20),
  PROOF_PROCESSES: z.preprocess(
    blank,
    z.coerce.number({ message: 'must be a whole number' }).int('must be a whole number').min(16).max(65536).default(1024),
  ),
  /** Hosts the install phase may reach (HTTPS only), comma-separated; `*.example.org` for subdomains; `none`. */
  PROOF_REGISTRIES: z.preprocess(
    blank,
    z
      .string()
      .default(DEFAULT_REGISTRIES.join(','))
      .transform((v) =>
        v.trim().toLowerCase() === 'none'
          ? []
          : v
              .split(',')
              .map((s) => s.trim())
              .filter(Boolean),
      )
      .superRefine((hosts, ctx) => {
        for (const h of hosts)
          if (!HOST_RE.test(h))
            ctx.addIssue({ code: 'custom', message: `"${h}" is not a host name (use names such as registry.npmjs.org, or none)` });
      }),
  ),
  /** node_modules folders offered read-only to every step, resolved after the repository's own (colon-separated). */
  PROOF_NODE_TOOLS: existingFolders('PROOF_NODE_TOOLS'),
  /** A folder of wheels pip may install from (read-only), before or instead of the registries. */
  PROOF_PIP_FIND_LINKS: existingFolders('PROOF_PIP_FIND_LINKS').refine((d) => d.length <= 1, { message: 'must be one folder' }),
  /** The Python the proof makes its venvs with (default python3 on PATH; a path or a name). */
  PROOF_PYTHON: z
    .string()
    .optional()
    .transform((v) => (v && v.trim() ? v.trim() : undefined)),
  /** Where proof working folders go (default DATA_DIR/proof; a folder the sandbox user can reach). */
  PROOF_WORK_DIR: z
    .string()
    .optional()
    .transform((v) => (v && v.trim() ? v.trim() : undefined)),
};

export type ProofConfig = { [K in keyof typeof proofSchema]: z.infer<(typeof proofSchema)[K]> };

export interface ProofLimits {
  stepTimeoutMs: number;
  installTimeoutMs: number;
  totalTimeoutMs: number;
  memoryBytes: number;
  diskBytes: number;
  tmpBytes: number;
  processes: number;
  /** Output kept per step log; the rest is counted and dropped. */
  outputBytes: number;
}

export interface ProofSettings {
  mode: ProofMode;
  limits: ProofLimits;
  registries: string[];
  /** Host folder of wheels, mounted read-only for pip. */
  wheelhouse?: string;
}

export const LOG_BYTES = 8 * 2 ** 20;

export function proofSettings(c: ProofConfig): ProofSettings {
  return {
    mode: c.PROOF,
    limits: {
      stepTimeoutMs: c.PROOF_STEP_TIMEOUT,
      installTimeoutMs: c.PROOF_INSTALL_TIMEOUT,
      totalTimeoutMs: c.PROOF_TOTAL_TIMEOUT,
      memoryBytes: c.PROOF_MEMORY,
      diskBytes: c.PROOF_DISK,
      tmpBytes: c.PROOF_TMP,
      processes: c.PROOF_PROCESSES,
      outputBytes: LOG_BYTES,
    },
    registries: c.PROOF_REGISTRIES,
    ...(c.PROOF_PIP_FIND_LINKS[0] ? { wheelhouse: c.PROOF_PIP_FIND_LINKS[0] } : {}),
  };
}
