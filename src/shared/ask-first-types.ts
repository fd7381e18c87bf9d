/**
 * "Ask first": before integrating a repository, open an issue proposing the change and wait for a maintainer's yes.
 * These types cross the Temporal boundary as JSON (the ask-first workflow's input and query), so they hold no
 * secrets and no large text: the proposal's body lives on the forge, history keeps previews and links.
 */
import type { OptOutScope } from './never-again';
import type { IntegrationInput } from './types';

/** The label a maintainer adds to the proposal issue to say yes (labels need triage access on GitHub). */
export const YES_LABEL = 'helicone: yes';
/** The label that says no. */
export const NO_LABEL = 'helicone: no';
/** Reactions on the issue itself that say yes, from someone with write access. */
export const POSITIVE_REACTIONS: readonly string[] = ['+1', 'heart', 'hooray', 'rocket'];
/** A 👎 from someone with write access says no. */
export const NEGATIVE_REACTIONS: readonly string[] = ['-1'];
/** Repository permissions whose holders can answer for the project (GitHub's collaborator permission levels). */
export const ANSWERING_PERMISSIONS: readonly string[] = ['admin', 'maintain', 'write'];

/** Default of ASK_FIRST_TIMEOUT: two weeks gives a maintainer who looks at issues weekly two chances. */
export const DEFAULT_ASK_FIRST_TIMEOUT = '14 days';
/** How often the workflow reads the issue while it waits (the signal `checkProposalNow` reads at once). */
export const DEFAULT_ASK_FIRST_POLL = '6 hours';

export interface AskFirstInput {
  /** What the integration will be started with on a yes (its `proposal` is filled in then). */
  integration: IntegrationInput;
  /** ASK_FIRST_TIMEOUT: how long to wait for an answer before closing the issue (shared duration grammar). */
  timeout?: string;
  /** How often to read the issue (default "6 hours"). */
  pollEvery?: string;
}

/** The issue an integration was proposed in; the upstream PR links it. */
export interface ProposalRef {
  number: number;
  url: string;
}

export interface ProposalAnswer {
  verdict: 'yes' | 'no';
  how: 'comment' | 'reaction' | 'label' | 'closed';
  /** The maintainer's login (a label: unknown, "a maintainer"). */
  by: string;
  at: string;
  url: string;
  /** The words that decided, one line, at most 160 characters (a reaction: its name). */
  quote?: string;
  /** A refusal that names the organisation covers the owner. */
  scope?: OptOutScope;
}

export type AskFirstState =
  | 'previewing'
  | 'asked'
  /** A maintainer said yes; the integration is started. */
  | 'accepted'
  /** A maintainer said no (or closed the issue): the repository (or owner) is on the never-again list. */
  | 'declined'
  /** No answer within the timeout: the issue was closed. */
  | 'no_answer'
  /** The codemod would change nothing: nobody is asked. */
  | 'nothing_to_change'
  /** An integration of this repository already exists: nobody is asked again. */
  | 'duplicate';

export interface AskFirstStatus {
  state: AskFirstState;
  repo: string;
  integrationId: string;
  /** The files the integration would touch, as the preview found them (at most 50). */
  files: string[];
  issue?: ProposalRef;
  askedAt?: string;
  /** When an unanswered issue is closed. */
  deadline?: string;
  answer?: ProposalAnswer;
  /** Reads of the issue so far. */
  looks: number;
  lastLookAt?: string;
  /** The last read that failed (the next one retries). */
  lastError?: string;
  closedAt?: string;
  note?: string;
}

/** The preview of an integration: what it would touch, read from a throwaway clone of upstream. */
export interface IntegrationPreview {
  /** Files the codemod would change (sorted; at most 50). */
  files: string[];
  /** `file:line (library)` of each client it would route (at most 50). */
  clients: string[];
  /** The upstream repository's web address. */
  webUrl: string;
  /** An integration of this repository exists already (any state). */
  alreadyIntegrated?: boolean;
}

/** Workflow id of a repository's proposal: fixed, so a repository is asked once. */
export function askFirstWorkflowId(integrationId: string): string {
  return `ask-first-${integrationId}`;
}

/** Invisible marker in the proposal's body: a retry of the open finds the issue the first attempt opened. */
export function proposalMarker(integrationId: string): string {
  return `<!-- helicone-integrator:proposal:${integrationId} -->`;
}
