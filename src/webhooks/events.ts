/**
 * What a GitHub webhook event means for the upstream-PR tracker: which pull requests of which repository to look at
 * now, or why the event is ignored. Pure (no I/O), so every event and action is tested without a server.
 *
 * Only events that can change what the tracker records (state, reviews) or will record (comments, checks) ask for a
 * look; the rest are acknowledged and ignored, so subscribing to more events than needed costs nothing.
 */
export interface RepoRef {
  owner: string;
  name: string;
}

export type WebhookTarget =
  /** Look at these pull requests of the repository now. */
  | { kind: 'pulls'; repo: RepoRef; numbers: number[] }
  /** A check suite or run that names no PR (GitHub leaves `pull_requests` empty for PRs from forks, which ours
   * are): every tracker of the repository looks. */
  | { kind: 'repository'; repo: RepoRef }
  | { kind: 'ping' }
  | { kind: 'ignored'; reason: string };

/** The payload is not what GitHub sends for this event (HTTP 400). */
export class MalformedPayloadError extends Error {
  override readonly name = 'MalformedPayloadError';
}

/** The events and, per event, the actions that ask for a look. */
export const USED_EVENTS: Readonly<Record<string, readonly string[]>> = {
  pull_request: ['closed', 'reopened', 'synchronize', 'edited', 'ready_for_review', 'converted_to_draft'],
  issue_comment: ['created', 'edited', 'deleted'],
  pull_request_review: ['submitted', 'edited', 'dismissed'],
  pull_request_review_comment: ['created', 'edited', 'deleted'],
  check_suite: ['completed'],
  check_run: ['completed'],
};

// GitHub's own rules for account and repository names (letters, digits, '-', '_', '.'); also what makes the name
// safe inside a visibility query.
const FULL_NAME_RE = /^([A-Za-z0-9_.-]{1,100})\/([A-Za-z0-9_.-]{1,100})$/;

export function interpretEvent(event: string, payload: unknown): WebhookTarget {
  if (event === 'ping') return { kind: 'ping' };
  const actions = USED_EVENTS[event];
  if (!actions) return { kind: 'ignored', reason: `event "${event}" is not used (used: ${Object.keys(USED_EVENTS).join(', ')})` };
  const body = record(payload, 'the payload');
  const action = body.action;
  if (typeof action !== 'string') throw new MalformedPayloadError(`"${event}" payload has no "action"`);
  if (!actions.includes(action))
    return { kind: 'ignored', reason: `${event} action "${action}" is not used (used: ${actions.join(', ')})` };
  const repository = record(body.repository, '"repository"');
  const repo = repoOf(repository);

  switch (event) {
    case 'pull_request':
    case 'pull_request_review':
    case 'pull_request_review_comment':
      return { kind: 'pulls', repo, numbers: [prNumber(record(body.pull_request, '"pull_request"').number, '"pull_request.number"')] };
    case 'issue_comment': {
      const issue = record(body.issue, '"issue"');
      // The same event serves issues and PRs; only a PR's issue has a `pull_request` member.
      if (!issue.pull_request) return { kind: 'ignored', reason: 'issue_comment on an issue, not a pull request' };
      return { kind: 'pulls', repo, numbers: [prNumber(issue.number, '"issue.number"')] };
    }
    default: {
      // check_suite / check_run: the PRs whose head the checks ran on.
      const subject = record(body[event], `"${event}"`);
      const pulls = subject.pull_requests;
      if (!Array.isArray(pulls)) throw new MalformedPayloadError(`"${event}.pull_requests" is not an array`);
      const numbers = pulls
        .map((p, i) => record(p, `"${event}.pull_requests[${i}]"`))
        // An entry may be a PR of another repository (into a fork); its number means nothing here.
        .filter((p) => !isOtherRepo(p, repository))
        .map((p, i) => prNumber(p.number, `"${event}.pull_requests[${i}].number"`));
      return numbers.length ? { kind: 'pulls', repo, numbers: [...new Set(numbers)] } : { kind: 'repository', repo };
    }
  }
}

function record(v: unknown, what: string): Record<string, unknown> {
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw new MalformedPayloadError(`${what} is not a JSON object`);
  return v as Record<string, unknown>;
}

function repoOf(repository: Record<string, unknown>): RepoRef {
  const full = repository.full_name;
  const m = typeof full === 'string' ? FULL_NAME_RE.exec(full) : null;
  if (!m) throw new MalformedPayloadError(`"repository.full_name" must be owner/name, got ${JSON.stringify(full)}`);
  return { owner: m[1]!, name: m[2]! };
}

function prNumber(v: unknown, what: string): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 1)
    throw new MalformedPayloadError(`${what} must be a positive integer, got ${JSON.stringify(v)}`);
  return v;
}

function isOtherRepo(pull: Record<string, unknown>, repository: Record<string, unknown>): boolean {
  const base = pull.base as { repo?: { id?: unknown } } | undefined;
  const id = base?.repo?.id;
  return id !== undefined && repository.id !== undefined && id !== repository.id;
}
