/**
 * The proof: the repository's own install, type-check, lint and tests, run in a sandbox on the base commit and on
 * the change (without and with HELICONE_API_KEY). Everything here crosses the Temporal boundary, so it is a small
 * summary: per step the command, exit, duration and a clipped tail of the output; full logs are artifacts.
 */

/** `auto`: run what the repository has, missing toolchains reported; `required`: anything short of a pass fails
 * the integration; `off`: nothing runs (the review PR says so). */
export const PROOF_MODES = ['auto', 'required', 'off'] as const;
export type ProofMode = (typeof PROOF_MODES)[number];
export const DEFAULT_PROOF_MODE: ProofMode = 'auto';

/** The three runs of the proof, in order. */
export const PROOF_RUNS = ['before', 'after', 'afterWithKey'] as const;
export type ProofRunName = (typeof PROOF_RUNS)[number];

/**
 * passed / failed: the step ran and exited 0 / non-zero; timed-out: it hit its time limit; stopped: the sandbox
 * stopped it at a limit (memory, disk, processes, output); missing: a toolchain it needs is not there (reported, not
 * run); skipped: not applicable to this run (a key-independent step with the key, an install the change does not
 * need again, the proof's total time spent); error: the sandbox itself could not run it.
 */
export const PROOF_STEP_STATUSES = ['passed', 'failed', 'timed-out', 'stopped', 'missing', 'skipped', 'error'] as const;
export type ProofStepStatus = (typeof PROOF_STEP_STATUSES)[number];

export interface ProofStepResult {
  status: ProofStepStatus;
  exitCode?: number;
  durationMs: number;
  /** Why it was stopped, missing or skipped, in words. */
  reason?: string;
  /** The last lines of its output (at most 20 lines, 2 KB; fewer for a step that passed). */
  tail?: string;
  /** Relative to DATA_DIR: the step's full output (capped), outside workflow history. */
  logRef?: string;
  /** A step that newly failed and passed when run again: reported, not blocking. */
  flaky?: boolean;
}

/** How a step compares across the runs. */
export const PROOF_VERDICTS = ['ok', 'blocking', 'pre-existing', 'fixed', 'flaky', 'missing', 'skipped'] as const;
export type ProofVerdict = (typeof PROOF_VERDICTS)[number];

/** One row of the proof table: a step and its result in each run. */
export interface ProofRow {
  /** Stable id: install, typecheck, lint, test, pytest, compileall, ruff, flake8, ci:<script>… */
  id: string;
  /** What runs, as a person would type it (argv joined; never a shell string that is run). */
  command: string;
  phase: 'install' | 'check';
  before?: ProofStepResult;
  after?: ProofStepResult;
  afterWithKey?: ProofStepResult;
  verdict: ProofVerdict;
  /** One sentence for the table and the send-back: "passes before the change and fails after it, with HELICONE_API_KEY set". */
  note?: string;
}

/**
 * passed: every step that ran before runs after (no new failure); blocked: some step newly fails; incomplete: no new
 * failure, but some step could not run (a missing toolchain, the time budget); nothing-to-prove: the repository has
 * no build, type-check, lint or test the proof knows; off: PROOF=off; error: the proof itself failed (sandbox).
 */
export const PROOF_OUTCOMES = ['passed', 'blocked', 'incomplete', 'nothing-to-prove', 'off', 'error'] as const;
export type ProofOutcome = (typeof PROOF_OUTCOMES)[number];

export interface ProofReport {
  mode: ProofMode;
  outcome: ProofOutcome;
  /** One line for the status, the dashboard and the PR bodies. */
  summary: string;
  /** The sandbox the steps ran in (`bubblewrap`), absent when nothing ran. */
  sandbox?: string;
  /** What the repository was recognised as: `node (npm)`, `python`… */
  ecosystems: string[];
  baseSha?: string;
  headSha?: string;
  rows: ProofRow[];
  /** Plain sentences: what was not run and why, registry hosts the install phase reached or was refused. */
  notes: string[];
  durationMs: number;
  /** Relative to DATA_DIR: the whole report with every full log path (proof-vN/report.json). */
  reportRef?: string;
  /** True when this is the proof of a change that was sent back to the integrator once for newly failing steps. */
  afterSendBack?: boolean;
}

/** The rows that block the review PR (newly failing steps). */
export function blockingRows(report: ProofReport | undefined): ProofRow[] {
  return report?.rows.filter((r) => r.verdict === 'blocking') ?? [];
}

/** True when the proof, in its mode, must fail the integration rather than reach review with a warning. */
export function proofFailsIntegration(report: ProofReport): boolean {
  if (report.mode !== 'required') return false;
  return report.outcome === 'blocked' || report.outcome === 'incomplete' || report.outcome === 'error';
}
