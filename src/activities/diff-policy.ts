/**
 * The diff policy: what no integrator (codemod or agent) may change, checked before anything is pushed. A
 * repository is untrusted input and its files can try to steer an agent; this is the last fence.
 */
import type { PolicyReport } from '../shared/types';

export interface DiffEntry {
  path: string;
  /** git's file mode after the change ('120000' is a symlink, '000000' a deletion). */
  mode: string;
  binary: boolean;
}

const CI_RE =
  /^(\.github\/workflows\/|\.github\/actions\/|\.gitlab-ci\.yml$|\.circleci\/|\.travis\.yml$|azure-pipelines\.yml$|Jenkinsfile$|\.buildkite\/|\.drone\.yml$|bitbucket-pipelines\.yml$|appveyor\.yml$)/;
const HOOKS_RE = /^(\.husky\/|\.githooks\/|\.git-hooks\/|\.pre-commit-config\.yaml$|lefthook\.ya?ml$|\.lefthook\/)/;
const LOCK_RE =
  /(^|\/)(package-lock\.json|npm-shrinkwrap\.json|yarn\.lock|pnpm-lock\.yaml|bun\.lockb?|poetry\.lock|Pipfile\.lock|uv\.lock|Cargo\.lock|go\.sum|Gemfile\.lock|composer\.lock)$/;
const INSTALL_SCRIPT_RE = /^\+\s*"(preinstall|install|postinstall|prepare|prepublish|preprepare|postprepare)"\s*:/m;
const SECRET_RES: [string, RegExp][] = [
  ['an OpenAI-style key', /\bsk-(?!ant-)(proj-)?[A-Za-z0-9_-]{20,}/],
  ['an Anthropic key', /\bsk-ant-[A-Za-z0-9_-]{20,}/],
  ['a GitHub token', /\b(ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{20,}|\bgithub_pat_[A-Za-z0-9_]{20,}/],
  ['an AWS access key', /\bAKIA[0-9A-Z]{16}\b/],
  ['a Slack token', /\bxox[abprs]-[A-Za-z0-9-]{10,}/],
  ['a private key', /-----BEGIN [A-Z ]*PRIVATE KEY-----/],
];

export const POLICY_CHECKS = [
  'no CI configuration changed',
  'no git hooks changed',
  'no install-time package scripts added',
  'no lock files changed',
  'no binary files',
  'no symlinks or files outside the repository',
  'no secret-looking strings added',
];

/** Why the policy forbids changing this file at all, whatever its content (empty: it may change). */
function fileReasons(e: DiffEntry): string[] {
  const reasons: string[] = [];
  if (CI_RE.test(e.path)) reasons.push('changes CI configuration');
  if (HOOKS_RE.test(e.path)) reasons.push('changes git hooks');
  if (LOCK_RE.test(e.path)) reasons.push('changes a lock file');
  if (e.binary) reasons.push('adds or changes a binary file');
  if (e.mode === '120000') reasons.push('adds a symlink');
  return reasons;
}

/**
 * The changed files the policy forbids as files (CI configuration, git hooks, lock files, binaries, symlinks): the
 * service can revert them to the start of the attempt, which the agent's tools cannot (it has no shell, and a
 * deletion or a symlink is beyond Edit and Write). Content violations (secrets, install scripts) are not here: they
 * are lines in files the integration may change, for the agent to fix.
 */
export function revertableFiles(entries: DiffEntry[]): { path: string; reason: string }[] {
  return entries
    .filter((e) => !(e.path.startsWith('../') || e.path.startsWith('/')))
    .flatMap((e) => {
      const reasons = fileReasons(e);
      return reasons.length ? [{ path: e.path, reason: reasons.join(', ') }] : [];
    });
}

export function checkDiffPolicy(entries: DiffEntry[], patch: string, knownSecrets: string[] = []): PolicyReport {
  const violations: string[] = [];
  for (const e of entries) {
    for (const reason of fileReasons(e)) violations.push(`${reason} (${e.path})`);
    if (e.path.startsWith('../') || e.path.startsWith('/')) violations.push(`touches a file outside the repository (${e.path})`);
  }
  for (const section of patch.split(/^diff --git /m)) {
    if (/^a\/(.*\/)?package\.json /.test(section) && INSTALL_SCRIPT_RE.test(section)) {
      violations.push(`adds an install-time script to ${section.slice(2, section.indexOf(' '))}`);
    }
  }
  const added = patch
    .split('\n')
    .filter((l) => l.startsWith('+') && !l.startsWith('+++'))
    .join('\n');
  for (const [what, re] of SECRET_RES) if (re.test(added)) violations.push(`adds what looks like ${what}`);
  for (const s of knownSecrets) if (s && s.length >= 8 && added.includes(s)) violations.push("adds one of the service's own secrets");
  return { checks: POLICY_CHECKS, violations: [...new Set(violations)] };
}
