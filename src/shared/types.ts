/**
 * Types shared by every layer (workflows, activities, adapters, cli). Everything here crosses the Temporal
 * boundary as JSON, so it holds no secrets and no large blobs: diffs and transcripts are referenced, not embedded.
 */
import { FailureType } from './failures';
import { OPT_OUT_SEARCH_ATTRIBUTE } from './never-again';
import type { ProofReport } from './proof-types';

/** Task queue every worker polls. Part of the public contract: the CLI, the demo and the dashboard use it. */
export const TASK_QUEUE = 'helicone-integration';

/** Name of the keyword search attribute that mirrors the integration state for the Temporal UI and CLI. */
export const STATUS_SEARCH_ATTRIBUTE = 'IntegrationStatus';

/** Keyword search attribute holding `owner/name` of the repository an integration (or PR tracker) is about. */
export const REPOSITORY_SEARCH_ATTRIBUTE = 'Repository';

/** Keyword search attribute with the upstream PR's state once the final PR is open: open, merged, closed, changes_requested. */
export const UPSTREAM_PR_SEARCH_ATTRIBUTE = 'UpstreamPrState';

/**
 * Keyword search attribute with when the upstream PR entered its `UpstreamPrState` (ISO 8601, UTC): the forge's merge
 * or close time, else when the tracker saw the state. The dashboard's burndown reads it from one visibility list.
 */
export const UPSTREAM_PR_SINCE_SEARCH_ATTRIBUTE = 'UpstreamPrSince';

/** Every custom search attribute this service uses; all are Keyword. Registered by workers and embedded servers. */
export const KEYWORD_SEARCH_ATTRIBUTES = [
  STATUS_SEARCH_ATTRIBUTE,
  REPOSITORY_SEARCH_ATTRIBUTE,
  UPSTREAM_PR_SEARCH_ATTRIBUTE,
  OPT_OUT_SEARCH_ATTRIBUTE,
  UPSTREAM_PR_SINCE_SEARCH_ATTRIBUTE,
] as const;

/** Maximum number of integration attempts (v1, v2, v3) a review loop may produce. */
export const MAX_ATTEMPTS = 3;

/** States a user sees, in pipeline order; `rejected` and `failed` are the terminal alternatives. */
export const INTEGRATION_STATES = [
  'forking',
  'cloning',
  'integrating',
  'pushing',
  'proving',
  'creating_review_pr',
  'awaiting_review',
  'creating_pr',
  'completed',
  'rejected',
  'failed',
] as const;
export type IntegrationState = (typeof INTEGRATION_STATES)[number];

export const TERMINAL_STATES: readonly IntegrationState[] = ['completed', 'rejected', 'failed'];

/**
 * How a rewrite routes through Helicone. `optional` (the default): only when HELICONE_API_KEY is set at run time;
 * without it the app sends exactly the requests it sent before. `always`: unconditionally, for a project whose
 * maintainers asked for Helicone everywhere.
 */
export const ROUTING_MODES = ['optional', 'always'] as const;
export type RoutingMode = (typeof ROUTING_MODES)[number];
export const DEFAULT_ROUTING: RoutingMode = 'optional';

/** Workflow input. The first four fields are the seed's contract; the rest are optional tuning. */
export interface IntegrationInput {
  /** What the user asked for: a GitHub URL, a local path or a file:// URL. */
  repoUrl: string;
  repoOwner: string;
  repoName: string;
  integrationId: string;
  /** How long to wait for a human review before failing, as a Temporal duration string or milliseconds. */
  reviewTimeout?: string | number;
  /** How often the tracker checks the final PR upstream (default "6 hours"). */
  trackPullRequestEvery?: string;
  /**
   * The tracker closes the final PR, once and politely, after this long without a maintainer's answer (default
   * "60 days", the STALE_AFTER setting; "off": never).
   */
  staleAfter?: string;
  /** `optional` (default; the worker's ROUTING setting when unset) or `always`; see RoutingMode. */
  routing?: RoutingMode;
  /** The issue this integration was proposed and accepted in (ask first): the upstream PR links it. */
  proposal?: { number: number; url: string; acceptedBy?: string };
}

/** The payload of the `reviewChanges` signal, once validated. */
export interface ReviewDecision {
  approved: boolean;
  feedback?: string;
  /** Who decided (the dashboard sends the signed-in reviewer; the CLI the OS user). Kept in the audit trail. */
  reviewer?: string;
}

/**
 * Why the `submitReview` update refused a decision: the failure type the workflow's validator throws (the first
 * four), or what the client found (no such workflow; no worker answered in time).
 */
export const REVIEW_REFUSALS = [
  FailureType.InvalidReview,
  FailureType.NotAwaitingReview,
  FailureType.AlreadyDecided,
  FailureType.FeedbackNotActionable,
  'NoSuchIntegration',
  'NoAnswer',
] as const;
export type ReviewRefusal = (typeof REVIEW_REFUSALS)[number];

/** What the `submitReview` update returns once the workflow took the decision (a refused one throws instead). */
export interface SubmitReviewResult {
  accepted: true;
  /** The version the decision applies to. */
  attempt: number;
  /** What the workflow does next: open the final PR, write the next version, or end rejected. */
  next: 'creating_pr' | 'integrating' | 'rejected';
}

/** An activity result with the number of forge API requests the activity made (shown in the status query). */
export interface Counted<T> {
  value: T;
  forgeRequests: number;
}

/** A pull request as every forge reports it. */
export interface PullRequestRef {
  number: number;
  url: string;
  /** `owner/name` of the repository the PR lives in. */
  repo: string;
  head: string;
  base: string;
  state: 'open' | 'closed' | 'merged';
}

/** Result of the forking step: where the fork is and what it is based on. No credentials in any URL. */
export interface ForkInfo {
  upstream: RepoCoordinates;
  fork: RepoCoordinates;
  /** The upstream repository's default branch, read from the forge (never assumed to be `main`). */
  defaultBranch: string;
  /** Commit of the upstream default branch the integration starts from. */
  baseSha: string;
  /**
   * What the fork step learnt that spares a lookup later (absent in histories recorded before: then the PR steps
   * look first, as they always did). The fork step created the fork, so no review PR can exist in it yet:
   */
  forkCreated?: boolean;
  /** No pull request from the integration branch existed upstream when the fork step listed the bot's PRs there. */
  noUpstreamPr?: boolean;
}

export interface RepoCoordinates {
  owner: string;
  name: string;
  /** Clone URL without credentials (a path or file:// URL for the local forge). */
  cloneUrl: string;
  /** Human-facing URL. */
  webUrl: string;
}

/** Where a working copy is and which commit it was made from. */
export interface WorkspaceRef {
  integrationId: string;
  branch: string;
}

/** One LLM client construction site found by the analysis or touched by an integrator. */
export interface ClientSite {
  file: string;
  line: number;
  library: string;
  /** What happened to it: changed, already integrated, or left alone with a reason. */
  outcome: 'changed' | 'already-integrated' | 'skipped';
  reason?: string;
  /** Who changed it (with outcome `changed`): the deterministic codemod or the coding agent. */
  by?: 'codemod' | 'agent';
}

/** What one Claude Code run did, recorded per attempt (the transcript itself stays outside history). */
export interface AgentRunRecord {
  sessionId: string;
  turns: number;
  costUsd: number;
  usage: { inputTokens: number; outputTokens: number; cacheReadTokens: number; cacheCreationTokens: number };
  /** Tool calls in order: tool name and the file or pattern it touched (bounded). */
  toolCalls: { tool: string; target?: string }[];
  permissionDenials: { tool: string; target?: string }[];
  /** True when the run continued the previous attempt's session. */
  resumed: boolean;
  /** True when the previous session was gone and a fresh one was briefed with the earlier diff and feedback. */
  freshFallback: boolean;
  model?: string;
  /** Path (relative to the data directory) of the JSONL transcript. */
  transcriptRef: string;
}

export const VERIFIED_VERDICTS = ['routed', 'unconditional', 'misrouted', 'left', 'missed', 'unrecognized'] as const;
export type VerifiedVerdict = (typeof VERIFIED_VERDICTS)[number];
/** Verdicts that block a review PR: the change would break users without a key, or route to a wrong URL. */
export const BLOCKING_VERDICTS: readonly VerifiedVerdict[] = ['unconditional', 'misrouted'];

/** The verifier's judgement of one client construction, independent of what the integrator reported. */
export interface VerifiedSite {
  file: string;
  line: number;
  library: string;
  /**
   * routed: through Helicone with the auth header when HELICONE_API_KEY is set, and (routing `optional`) exactly the
   * original request without it; unconditional: Helicone also without the key (or the request without the key is
   * not the original one); misrouted: with the key the SDK would build a URL Helicone does not serve (a base URL
   * that lost or doubled its `/v1`); left: not routed, with the integrator's reason for that site; missed: not
   * routed, no reason; unrecognized: a use of an LLM SDK or agent framework (the verifier's own detection) that no
   * judge covered, so where its requests go is unknown (not blocking, listed in the review PR).
   */
  verdict: VerifiedVerdict;
  reason?: string;
}

export interface Verification {
  sites: VerifiedSite[];
  /** Changed files that no longer parse. */
  parseFailures: string[];
}

/** What the diff policy checked and found, shown in the review PR. */
export interface PolicyReport {
  checks: string[];
  violations: string[];
  /** Files the integrator changed that the policy forbids, reverted by the service (restored, or deleted when new). */
  reverted?: { path: string; reason: string }[];
}

/** Result of one integrator run, small enough for workflow history. */
export interface IntegrationAttemptResult {
  attempt: number;
  integrator: string;
  /** True when this attempt changed files (a feedback round may change nothing). */
  changed: boolean;
  /** True when the staging branch differs from the upstream base, i.e. there is something to review. */
  branchDiffers: boolean;
  /** Head of the local staging branch after this attempt; set when `branchDiffers`. */
  commitSha?: string;
  filesChanged: string[];
  sites: ClientSite[];
  summary: string;
  /** Path (relative to the data directory) of the stored diff; the diff itself never enters history. */
  diffRef?: string;
  /** Present when Claude Code ran in this attempt. */
  agent?: AgentRunRecord;
  policy?: PolicyReport;
  verification?: Verification;
  /** Every file the staging branch changes against the upstream base, whatever round changed it. */
  changedFromBase?: string[];
  /** The routing mode the change was written and verified for (absent in results recorded before it existed). */
  routing?: RoutingMode;
  /** Whether the integrator can act on free-text feedback (absent in results recorded before it existed). */
  integratorUnderstandsFeedback?: boolean;
  /** Stored `git diff <previous version>..<this version>` (v2 and later), like `diffRef`. */
  interdiffRef?: string;
  /** The repository's own checks before and after the change (absent before the proof existed). */
  proof?: ProofReport;
}

/**
 * What a repository is, from its manifests (see activities/analysis/classify-repository): a library or SDK (and its
 * examples) is never integrated; Helicone belongs in the applications that use it.
 */
export const REPOSITORY_KINDS = ['application', 'library', 'github-action', 'cli', 'template'] as const;
export type RepositoryKind = (typeof REPOSITORY_KINDS)[number];

/** What the clone step learns about the repository (small; drives commit and PR conventions). */
export interface RepositoryAnalysis {
  files: number;
  /** File counts by extension group, e.g. { typescript: 12, python: 3 }. */
  languages: Record<string, number>;
  conventionalCommits: boolean;
  hasContributing: boolean;
  hasPullRequestTemplate: boolean;
  /** The PR template's text (first 8 KB), whose sections the final PR body fills. */
  pullRequestTemplate?: string;
  /** Commits must carry a DCO `Signed-off-by` line. */
  requiresSignOff: boolean;
  /** The sentence of the contribution rules that forbids automated or AI-written PRs, if any. */
  forbidsAutomatedPrs?: string;
  envExample?: string;
  /** Files documenting the environment variables where the codemod declares HELICONE_API_KEY (env examples, README, docs, Compose, Helm values). */
  envDocs?: string[];
  /** What the repository is (absent in analyses recorded before it existed). */
  kind?: RepositoryKind;
  /** One sentence naming the file and field the kind was read from. */
  kindEvidence?: string;
}

/** One review round as recorded by the workflow. */
export interface AttemptRecord {
  attempt: number;
  integrator: string;
  summary: string;
  filesChanged: string[];
  agent?: Omit<AgentRunRecord, 'toolCalls'> & { toolCalls: number };
  /** Client sites as the integrator left them (first 100), and the diff policy's report. */
  sites?: ClientSite[];
  policy?: PolicyReport;
  verification?: Verification;
  proof?: ProofReport;
  reviewPrUrl?: string;
  decision?: { approved: boolean; feedback?: string; reviewer?: string; at: string };
  /** The version's commit on the fork's staging branch (the dashboard diffs two versions with it). */
  commitSha?: string;
  /** Where the worker stored the interdiff against the previous version (v2 and later), under DATA_DIR. */
  interdiffRef?: string;
  /**
   * Rejections with feedback that produced no new version (the integrator's commit was this version's again): the
   * version stayed in review. Each with why.
   */
  feedbackWithoutChange?: { feedback: string; reviewer?: string; at: string; reason: string }[];
}

/** A signal the workflow received but could not use, kept (truncated) so a human can see why it was ignored. */
export interface IgnoredSignal {
  at: string;
  reason: string;
  /** Up to 200 characters of the payload as JSON. */
  payloadPreview: string;
}

/** What the `getStatus` query returns. */
export interface IntegrationStatus {
  integrationId: string;
  repo: string;
  state: IntegrationState;
  message: string;
  attempt: number;
  maxAttempts: number;
  reviewPrUrl?: string;
  finalPrUrl?: string;
  /** The current review PR and the final PR, for tools that fetch their diff from the forge. */
  reviewPr?: PullRequestRef;
  finalPr?: PullRequestRef;
  lastError?: string;
  /** Forge API requests made so far by this integration (0 for the local forge). */
  forgeRequests: number;
  attempts: AttemptRecord[];
  ignoredSignals: IgnoredSignal[];
  /**
   * False when the integrator cannot act on free-text feedback (the codemod: no ANTHROPIC_API_KEY, or
   * INTEGRATOR=codemod): a rejection with feedback would produce the same version, so `submitReview` refuses it.
   * Known once the first attempt ran; absent before, and in integrations recorded before it existed.
   */
  integratorUnderstandsFeedback?: boolean;
  /** State changes in order, with ISO timestamps (workflow time). */
  timeline: { state: IntegrationState; at: string; message: string }[];
}

/** What the workflow returns when it ends without an error. */
export interface IntegrationResult {
  state: 'completed' | 'rejected';
  message: string;
  reviewPrUrl?: string;
  finalPrUrl?: string;
  attempts: number;
}

/** Body of the status report POSTed to HELICONE_API_URL on each state change. */
export interface StatusReport {
  integrationId: string;
  repo: string;
  state: IntegrationState;
  message: string;
  attempt: number;
  reviewPrUrl?: string;
  finalPrUrl?: string;
  timestamp: string;
}

/** What the forge says about a pull request upstream, for the tracker. `changes_requested` is an open PR whose
 * latest review by some reviewer asks for changes. */
export type UpstreamPrState = 'open' | 'changes_requested' | 'merged' | 'closed';

export interface PullRequestReviewState {
  state: UpstreamPrState;
  /** Reviewers whose latest review requests changes. */
  changesRequestedBy: string[];
  mergedAt?: string;
  closedAt?: string;
}
