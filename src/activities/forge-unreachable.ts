/**
 * Tells a forge that cannot be reached (network down, connection refused, a 5xx from GitHub or its git server)
 * apart from an error a retry cannot fix. The first kind is worth waiting out: a GitHub outage of a few minutes
 * must delay integrations, not fail them; the second kind fails after a few attempts as before.
 */
import { GitError } from '../adapters/git/run-git';

/** What git prints when the remote could not be reached or answered with a server error. */
const GIT_UNREACHABLE = [
  /Could not resolve host/i,
  /Failed to connect to/i,
  /Couldn't connect to server/i,
  /Connection (?:refused|reset|timed out)/i,
  /Operation timed out/i,
  /The requested URL returned error: (?:5\d\d|429)/i,
  /RPC failed/i,
  /early EOF/i,
  /remote end hung up unexpectedly/i,
  /Empty reply from server/i,
];

/** Node's and undici's codes for a connection that failed or broke. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
]);

interface ErrorLike {
  code?: unknown;
  status?: unknown;
  cause?: unknown;
  message?: unknown;
}

export function isForgeUnreachable(err: unknown): boolean {
  if (err instanceof GitError) {
    // A timeout kill (exitCode null) of a network command is an unreachable remote too.
    if (err.exitCode === null && /\b(?:clone|fetch|push|ls-remote)\b/.test(err.args.join(' '))) return true;
    return GIT_UNREACHABLE.some((re) => re.test(err.stderr));
  }
  // Octokit reports a request that never got an answer as status 500 with the network error as its cause; a real 5xx
  // after its own retries is GitHub being down.
  for (let e = err as ErrorLike | undefined, depth = 0; e && depth < 5; e = e.cause as ErrorLike | undefined, depth++) {
    if (typeof e.code === 'string' && NETWORK_CODES.has(e.code)) return true;
    if (typeof e.status === 'number' && e.status >= 500 && e.status <= 599) return true;
    if (e.message === 'fetch failed') return true;
  }
  return false;
}
