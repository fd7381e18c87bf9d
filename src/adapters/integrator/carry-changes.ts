/**
 * Carries "changed" (and who changed it) from an earlier run's sites onto a later scan of the same working copy.
 * A later run scans after the earlier run's edits, so it sees those sites as `already-integrated`; matched by file
 * and library (the same line first: an edit can move a client, and a file can hold two clients of one library).
 */
import type { ClientSite } from '../../shared/types';

export function carryChanges(earlier: ClientSite[], later: ClientSite[]): ClientSite[] {
  const pool = earlier.filter((s) => s.outcome === 'changed');
  const used = new Set<ClientSite>();
  const candidates = (s: ClientSite) => pool.filter((e) => !used.has(e) && e.file === s.file && e.library === s.library);
  const exact = new Map<ClientSite, ClientSite>();
  for (const s of later) {
    if (s.outcome !== 'already-integrated') continue;
    const e = candidates(s).find((c) => c.line === s.line);
    if (e) {
      exact.set(s, e);
      used.add(e);
    }
  }
  return later.map((s) => {
    if (s.outcome !== 'already-integrated') return s;
    const e = exact.get(s) ?? candidates(s)[0];
    if (!e) return s;
    used.add(e);
    return { ...s, outcome: 'changed', ...(e.by ? { by: e.by } : {}) };
  });
}
