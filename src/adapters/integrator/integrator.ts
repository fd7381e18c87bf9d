/**
 * The integrator interface: something that edits a working copy so its LLM clients go through Helicone.
 * The deterministic codemod and Claude Code are the two implementations.
 */
import type { ClientSite } from '../../shared/types';

export interface IntegratorContext {
  /** Absolute path of the working copy to edit in place. */
  workdir: string;
  integrationId: string;
  /** 1 for the first version, 2 and 3 for versions that answer reviewer feedback. */
  attempt: number;
  /** Reviewer feedback so far, oldest first (empty on the first attempt). */
  feedback: string[];
  /** Progress lines for the worker's terminal. */
  log: (message: string) => void;
  /** Called periodically by long-running integrators so the activity can heartbeat. */
  heartbeat?: (details?: unknown) => void;
  signal?: AbortSignal;
}

export interface IntegratorOutcome {
  /** Files (relative to the working copy, POSIX separators) the integrator changed. */
  filesChanged: string[];
  /** Every LLM client construction site the integrator saw, with what it did to it. */
  sites: ClientSite[];
  /** One-paragraph human summary for the PR body. */
  summary: string;
}

export interface Integrator {
  readonly name: string;
  integrate(ctx: IntegratorContext): Promise<IntegratorOutcome>;
}
