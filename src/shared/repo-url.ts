/**
 * Turns whatever a person pastes as a repository into owner/name plus the forge that serves it, or refuses it
 * with a message that says what was expected. Runs before a workflow starts, so bad input never reaches history.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FailureType } from './failures';

export type ParsedRepo =
  { kind: 'local'; owner: string; name: string; url: string; path: string } | { kind: 'github'; owner: string; name: string; url: string };

export class RepoUrlError extends Error {
  override readonly name = FailureType.RepoUrlError;
}

const EXPECTED =
  'expected a GitHub repository URL (https://github.com/owner/repo, with or without .git, /tree/<branch> or a ' +
  'trailing slash; or git@github.com:owner/repo.git), a local path, or a file:// URL';

// GitHub's own rules: owners are alphanumeric with single hyphens; repository names allow . _ - too.
const OWNER_RE = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/;
const NAME_RE = /^[A-Za-z0-9._-]{1,100}$/;

/** Local repositories get this owner in the local forge. */
export const LOCAL_OWNER = 'local';

export function parseRepoUrl(input: string, opts: { githubUrl?: string } = {}): ParsedRepo {
  const raw = input.trim();
  if (!raw) throw new RepoUrlError(`No repository given: ${EXPECTED}.`);
  const githubHost = new URL(opts.githubUrl ?? 'https://github.com').host.toLowerCase();

  const scp = /^git@([^:]+):(.+)$/.exec(raw);
  if (scp) {
    if (scp[1]!.toLowerCase() !== githubHost) {
      throw new RepoUrlError(`"${raw}" is on host ${scp[1]}, not ${githubHost}: ${EXPECTED}.`);
    }
    return github(raw, scp[2]!, opts.githubUrl);
  }

  if (raw.startsWith('file://')) {
    let p: string;
    try {
      p = fileURLToPath(raw);
    } catch {
      throw new RepoUrlError(`"${raw}" is not a valid file:// URL: ${EXPECTED}.`);
    }
    return local(raw, p);
  }

  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(raw)) {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw new RepoUrlError(`"${raw}" is not a valid URL: ${EXPECTED}.`);
    }
    if (!['https:', 'http:', 'ssh:', 'git:'].includes(url.protocol)) {
      throw new RepoUrlError(`"${raw}" uses ${url.protocol}, which is not supported: ${EXPECTED}.`);
    }
    const host = url.host.toLowerCase().replace(/^www\./, '');
    if (host !== githubHost) {
      throw new RepoUrlError(`"${raw}" is not on ${githubHost}: ${EXPECTED}.`);
    }
    return github(raw, url.pathname, opts.githubUrl);
  }

  // Something before :// that is not a scheme (a typo like "ht!tp://") is a broken URL, not a path.
  if (/^[^\s/]+:\/\//.test(raw)) throw new RepoUrlError(`"${raw}" is not a valid URL (its scheme is malformed): ${EXPECTED}.`);

  // Anything else is a filesystem path for the local forge, which reports a missing path clearly.
  return local(raw, raw);
}

function github(raw: string, pathname: string, githubUrl = 'https://github.com'): ParsedRepo {
  const parts = pathname.replace(/^\/+/, '').split('/').filter(Boolean);
  if (parts.length < 2) throw new RepoUrlError(`"${raw}" does not name a repository: ${EXPECTED}.`);
  const owner = parts[0]!;
  const name = parts[1]!.replace(/\.git$/, '');
  // Anything after owner/repo must be a browsing path (/tree/x, /blob/x, /pulls...), not another repository.
  if (!OWNER_RE.test(owner) || !NAME_RE.test(name) || name === '.' || name === '..') {
    throw new RepoUrlError(`"${raw}" has an invalid owner or repository name: ${EXPECTED}.`);
  }
  return { kind: 'github', owner, name, url: `${githubUrl.replace(/\/+$/, '')}/${owner}/${name}` };
}

function local(raw: string, p: string): ParsedRepo {
  const abs = path.resolve(p);
  const base = path.basename(abs).replace(/\.git$/, '');
  const name = base.replace(/[^A-Za-z0-9._-]/g, '-') || 'repo';
  return { kind: 'local', owner: LOCAL_OWNER, name, url: raw, path: abs };
}
