/**
 * The contract between discovery (which finds and ranks repositories) and campaigns (which integrate the top ones).
 * It crosses the Temporal boundary as JSON: the discovery workflow's `discoveryResult` query returns a
 * DiscoveryResult, and `npm run campaign -- --from-discovery <workflow-id>` reads it.
 */

/** Why a candidate was dropped before ranking. One code per exclusion rule, so tests and docs/discovery-and-campaigns.md can name them. */
export type ExclusionReason =
  | 'archived'
  | 'fork'
  | 'inactive'
  | 'no_license'
  | 'already_uses_helicone'
  | 'already_approached'
  | 'forbids_automated_prs'
  | 'opted_out'
  | 'never_again'
  | 'no_llm_sdk'
  | 'library';

/** One score of the ranking, 0 (worst) to 10 (best), with the model's (or the heuristic's) reason in a paragraph. */
export interface RankingScore {
  score: number;
  reason: string;
}

/** A candidate that survived the exclusion rules, ranked. `rank` starts at 1. */
export interface RankedRepository {
  rank: number;
  owner: string;
  name: string;
  /** The repository's web URL, as `npm run workflow` accepts it. */
  url: string;
  stars: number;
  language?: string;
  /** Where an LLM SDK was found (paths), when code search told us. */
  llmSites: string[];
  fit: RankingScore;
  mergeLikelihood: RankingScore;
  /** Size of the change: 10 is the smallest change. */
  changeSize: RankingScore;
  /** Combined score used for ordering. */
  overall: number;
  /** `model` when the Anthropic API ranked it, `heuristic` otherwise. */
  rankedBy: 'model' | 'heuristic';
}

export interface ExcludedRepository {
  owner: string;
  name: string;
  url: string;
  reason: ExclusionReason;
  detail: string;
}

export interface DiscoveryResult {
  state: 'searching' | 'filtering' | 'ranking' | 'done' | 'failed';
  query: { language?: string; minStars?: number; limit?: number; query?: string };
  ranked: RankedRepository[];
  excluded: ExcludedRepository[];
  /** A message for the user when the ranking fell back to the heuristic or a step failed. */
  note?: string;
}

/** What `npm run discover` asks for (the discovery workflow's input). */
export interface DiscoveryInput {
  language?: string;
  minStars: number;
  /** How many ranked repositories to keep (1–100). */
  limit: number;
  /** Free text added to the repository search, e.g. "chatbot". */
  query?: string;
  /** A repository not pushed to for this many days is inactive. */
  inactiveDays: number;
  /** `owner/name` entries the operator never wants approached (from DISCOVERY_OPT_OUT_FILE), lower case. */
  optOut: string[];
  /** Keep libraries and SDKs (default false: their manifest drops them with the `library` rule). */
  includeLibraries?: boolean;
}

/** A repository found by search, before the exclusion rules; only what ranking and the rules need. */
export interface Candidate {
  owner: string;
  name: string;
  url: string;
  stars: number;
  language?: string;
  description?: string;
  topics: string[];
  archived: boolean;
  fork: boolean;
  /** SPDX id, or undefined when the repository has no licence GitHub recognises. */
  license?: string;
  pushedAt: string;
}

/** A candidate that survived the rules, with what the checks learned (input of the ranking). */
export interface CheckedCandidate extends Candidate {
  llmSites: string[];
  hasContributingGuide: boolean;
}
