/**
 * Ranks the surviving candidates: with the model when an Anthropic key is configured, with the documented heuristic
 * otherwise and for any repository the model did not rank validly (the result's note says which and why). A model
 * that is down fails the activity, which Temporal retries; a malformed answer never does.
 */
import { log } from '@temporalio/activity';
import { key } from '../../adapters/ranking/anthropic-ranker';
import { heuristicScores, overallScore, type Scores } from '../../adapters/ranking/heuristic-ranker';
import type { CheckedCandidate, RankedRepository } from '../../shared/discovery-types';
import type { ActivityDeps } from '../deps';

export interface RankParams {
  candidates: CheckedCandidate[];
  inactiveDays: number;
}

export interface RankResult {
  ranked: RankedRepository[];
  note?: string;
}

export function rankCandidatesActivity(deps: ActivityDeps) {
  return async function rankCandidates(params: RankParams): Promise<RankResult> {
    const now = deps.discovery?.now?.() ?? new Date();
    const ranker = deps.discovery?.ranker;
    let modelScores = new Map<string, Scores>();
    let note: string | undefined;
    if (!params.candidates.length) return { ranked: [] };
    if (ranker) {
      const answer = await ranker.rank(params.candidates);
      modelScores = answer.scores;
      if (answer.problem) {
        const fallback = params.candidates.filter((c) => !modelScores.has(key(c))).length;
        note = `Ranked ${fallback} repositor${fallback === 1 ? 'y' : 'ies'} with the heuristic: ${answer.problem}.`;
        log.warn(`discovery: ${note}`);
      }
    } else {
      note = 'Ranked with the heuristic (no ANTHROPIC_API_KEY on the worker).';
    }
    const ranked = params.candidates
      .map((c) => {
        const model = modelScores.get(key(c));
        const s = model ?? heuristicScores(c, now, params.inactiveDays);
        return {
          owner: c.owner,
          name: c.name,
          url: c.url,
          stars: c.stars,
          ...(c.language ? { language: c.language } : {}),
          llmSites: c.llmSites,
          fit: s.fit,
          mergeLikelihood: s.mergeLikelihood,
          changeSize: s.changeSize,
          overall: overallScore(s),
          rankedBy: model ? ('model' as const) : ('heuristic' as const),
          rank: 0,
        };
      })
      .sort((a, b) => b.overall - a.overall || b.stars - a.stars || `${a.owner}/${a.name}`.localeCompare(`${b.owner}/${b.name}`))
      .map((r, i) => ({ ...r, rank: i + 1 }));
    return { ranked, ...(note ? { note } : {}) };
  };
}
