/**
 * The ranking used without an Anthropic key (and for any repository the model did not rank validly). Documented in
 * docs/discovery-and-campaigns.md; every score is 0–10:
 * - fit: 4 for an LLM SDK found at all, +3 when the language is one the codemod rewrites (TypeScript, JavaScript,
 *   Python), +3 scaled by how many files construct clients (1 file: +1, 2–3: +2, 4+: +3);
 * - merge likelihood: 10 for a push in the last 30 days, falling linearly to 2 at the inactivity limit, +1 (capped
 *   at 10) for a contribution guide; minus 2 above 50,000 stars (large projects rarely take drive-by PRs);
 * - change size (10 = smallest): 10 − 2 per file with an LLM client beyond the first, at least 1.
 * overall = 0.4·fit + 0.4·merge + 0.2·size, rounded to one decimal.
 */
import type { CheckedCandidate, RankingScore } from '../../shared/discovery-types';

const CODEMOD_LANGUAGES = new Set(['typescript', 'javascript', 'python']);

export interface Scores {
  fit: RankingScore;
  mergeLikelihood: RankingScore;
  changeSize: RankingScore;
}

export function heuristicScores(c: CheckedCandidate, now: Date, inactiveDays: number): Scores {
  const files = c.llmSites.length;
  const langFit = c.language && CODEMOD_LANGUAGES.has(c.language.toLowerCase()) ? 3 : 0;
  const spread = files >= 4 ? 3 : files >= 2 ? 2 : files >= 1 ? 1 : 0;
  const fit = clamp((files ? 4 : 0) + langFit + spread);
  const ageDays = Math.max(0, (now.getTime() - Date.parse(c.pushedAt)) / 86_400_000);
  const fresh = ageDays <= 30 ? 10 : 10 - (8 * (ageDays - 30)) / Math.max(1, inactiveDays - 30);
  const merge = clamp(fresh + (c.hasContributingGuide ? 1 : 0) - (c.stars > 50_000 ? 2 : 0));
  const size = clamp(10 - 2 * Math.max(0, files - 1), 1);
  return {
    fit: {
      score: fit,
      reason: `${files} file(s) construct LLM clients${langFit ? ` in ${c.language}, which the deterministic codemod rewrites` : ''}.`,
    },
    mergeLikelihood: {
      score: merge,
      reason: `Last push ${Math.round(ageDays)} day(s) ago${c.hasContributingGuide ? '; has a contribution guide' : ''}${c.stars > 50_000 ? '; very large project' : ''}.`,
    },
    changeSize: { score: size, reason: `${Math.max(files, 1)} file(s) to change.` },
  };
}

export function overallScore(s: Scores): number {
  return Math.round((0.4 * s.fit.score + 0.4 * s.mergeLikelihood.score + 0.2 * s.changeSize.score) * 10) / 10;
}

function clamp(n: number, min = 0): number {
  return Math.round(Math.max(min, Math.min(10, n)) * 10) / 10;
}
