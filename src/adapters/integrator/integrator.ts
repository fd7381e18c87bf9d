/**
 * The integrator interface: something that edits a working copy so its LLM clients go through Helicone.
 * The deterministic codemod and Claude Code are the two implementations.
 */
import type { AgentRunRecord, ClientSite, RepositoryAnalysis, RoutingMode } from '../../shared/types';
import type { SourceSnapshot } from '../../shared/source-snapshot';

export interface IntegratorContext {
  /** Absolute path of the working copy to edit in place. */
  workdir: string;
  integrationId: string;
  /** 1 for the first version, 2 and 3 for versions that answer reviewer feedback. */
  attempt: number;
  /** Reviewer feedback so far, oldest first (empty on the first attempt). */
  feedback: string[];
  /** `optional` (default): route through Helicone only when HELICONE_API_KEY is set at run time; `always`. */
  routing?: RoutingMode;
  /** What the analysis learned about the repository (conventions, env example). */
  analysis?: RepositoryAnalysis;
  /** The previous attempt's agent session, to resume with the feedback. */
  previousSessionId?: string;
  /** The previous version's diff against the upstream base (attempts after the first). */
  previousDiff?: string;
  /** A reason the previous output of this attempt was refused (diff policy); the integrator should fix it. */
  policyFeedback?: string;
  /** Files the service reverted before this send-back because the diff policy forbids them (the agent cannot restore them). */
  policyReverted?: { path: string; reason: string }[];
  /** The activity's attempt number (retries of the same version), for error messages that count attempts. */
  activityAttempt?: number;
  /** Progress lines for the worker's terminal. */
  log: (message: string) => void;
  /** Called periodically by long-running integrators so the activity can heartbeat. */
  heartbeat?: (details?: unknown) => void;
  signal?: AbortSignal;
  /**
   * The attempt's view of the working copy (texts and parses kept for the run). An integrator that makes every edit
   * through it says so with `snapshotCurrent`, and the verifier then reads the result from it instead of the disk.
   */
  snapshot?: SourceSnapshot;
}

export interface IntegratorOutcome {
  /** Files (relative to the working copy, POSIX separators) the integrator changed. */
  filesChanged: string[];
  /** Every LLM client construction site the integrator saw, with what it did to it. */
  sites: ClientSite[];
  /** One-paragraph human summary for the PR body. */
  summary: string;
  /** Present when a coding agent ran. */
  agent?: AgentRunRecord;
  /** Which integrator actually wrote the change, when a composite chose (e.g. "codemod+claude-code"). */
  integrator?: string;
  /** Every edit went through `snapshot` (and it listed the client sources): it holds the working copy as it is. */
  snapshotCurrent?: boolean;
}

export interface Integrator {
  readonly name: string;
  /** True when the integrator can act on free-text feedback (a coding agent); the codemod cannot. */
  readonly understandsFeedback: boolean;
  integrate(ctx: IntegratorContext): Promise<IntegratorOutcome>;
}
