/**
 * The never-again list: repositories, and whole owners, this service must never approach again, each with why, when
 * and a link. One entry is one running `neverAgainWorkflow` with a fixed id (`never-again-<owner>/<name>` or
 * `never-again-<owner>`), so it lasts as long as nobody lifts it (a running workflow is never removed by the
 * namespace's retention), every worker and CLI reads the same list, and a lookup by id is strongly consistent (no
 * visibility lag, and it works on the time-skipping test server). The entry is the workflow's memo (read by describe)
 * and the keyword search attribute `OptOut` holds its key, for listing in the Temporal UI or with `opt-out --list`.
 * Workflow-safe: no Node imports.
 */

/** Search attribute (Keyword) of a never-again entry: its key, `owner/name` or `owner`, lower case. */
export const OPT_OUT_SEARCH_ATTRIBUTE = 'OptOut';

export type OptOutScope = 'repository' | 'owner';

export interface NeverAgainEntry {
  scope: OptOutScope;
  /** Lower case. */
  owner: string;
  /** Lower case; for `repository` entries. */
  name?: string;
  /** Why, in a sentence: a maintainer's words, the PR closed unmerged, or the reviewer's reason. */
  reason: string;
  /** ISO time of what put it there (the comment, the close, the mark). */
  at: string;
  /** The comment or pull request it comes from. */
  url?: string;
  /** `closed`: the PR was closed unmerged by a maintainer; `refusal`: the opt-out detector read one; `manual`: a reviewer. */
  source: 'closed' | 'refusal' | 'manual';
  /** The integration whose PR it came from. */
  integrationId?: string;
  /** Who marked it by hand. */
  by?: string;
}

/** `owner/name` or `owner`, lower case: the entry's search attribute value and the tail of its workflow id. */
export function neverAgainKey(e: Pick<NeverAgainEntry, 'scope' | 'owner' | 'name'>): string {
  const owner = e.owner.toLowerCase();
  return e.scope === 'owner' || !e.name ? owner : `${owner}/${e.name.toLowerCase()}`;
}

export function neverAgainWorkflowId(key: string): string {
  return `never-again-${key.toLowerCase()}`;
}

/** How an entry reads in an exclusion or a campaign row: what, why, where and when. */
export function describeNeverAgain(e: NeverAgainEntry): string {
  const what = e.scope === 'owner' ? `every repository of ${e.owner} is on the never-again list` : 'on the never-again list';
  return `${what}: ${e.reason}${e.url ? ` (${e.url})` : ''}, since ${e.at.slice(0, 10)}`;
}

/** Bounds of a reviewer's reason (the CLI and the tracker's signal handler check them). */
export const MAX_OPT_OUT_REASON = 500;
