/**
 * A campaign: one integration per repository, started as child workflows at a pace GitHub and maintainers accept.
 * Crosses the Temporal boundary as JSON (workflow input, `campaignStatus` query), so it holds no secrets.
 */
import type { IntegrationInput, IntegrationState } from './types';

export interface CampaignLimits {
  /** Integrations in progress at once (started, not yet awaiting review or ended). */
  concurrency: number;
  /** Integrations started per rolling hour; each opens a review PR in the fork, and a final PR once approved. */
  prsPerHour: number;
  /** Integrations started per rolling 24 hours. */
  prsPerDay: number;
}

export const DEFAULT_CAMPAIGN_LIMITS: CampaignLimits = { concurrency: 3, prsPerHour: 5, prsPerDay: 20 };

export interface CampaignInput {
  repositories: IntegrationInput[];
  limits: CampaignLimits;
  /** How often the campaign looks at its children while it waits for a free slot (default "2 minutes"). */
  pollInterval?: string;
  /**
   * Ask first (`--ask-first`): each repository gets a proposal issue (an `askFirstWorkflow`) instead of an
   * integration, and is integrated only on a maintainer's yes. `timeout` is ASK_FIRST_TIMEOUT.
   */
  askFirst?: { timeout: string; pollEvery?: string };
  /** Carried over continue-as-new. */
  carried?: CampaignProgress;
}

/** Where one repository of a campaign stands, as the campaign last saw it. */
/** `never_again`: the repository or its owner is on the never-again list (the row's note says why); not started. */
/**
 * Ask first: `asked` (the proposal issue waits for a maintainer), `declined` (a maintainer said no: never again),
 * `no_answer` (the issue was closed unanswered); once accepted the row follows the integration's states.
 */
export type CampaignRowState =
  'pending' | 'duplicate' | 'never_again' | 'cancelled' | 'asked' | 'declined' | 'no_answer' | IntegrationState | 'unknown';

export interface CampaignRow {
  workflowId: string;
  repo: string;
  state: CampaignRowState;
  /** Workflow time the child was started (ISO); for a proposal, when it was asked (it counts against the caps). */
  startedAt?: string;
  /** Ask first: the `askFirstWorkflow` of this repository (`ask-first-<integrationId>`). */
  askWorkflowId?: string;
  note?: string;
}

export interface CampaignProgress {
  rows: CampaignRow[];
  paused: boolean;
  cancelled: boolean;
  /** Most in-progress children seen at once when starting one (the campaign's own check of its limit). */
  maxInProgress: number;
}

export interface CampaignStatus extends CampaignProgress {
  limits: CampaignLimits;
  /** `running` while repositories remain to start; `done` when every one is started, skipped or cancelled. */
  phase: 'running' | 'paused' | 'done';
  counts: Record<string, number>;
}
