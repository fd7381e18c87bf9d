/**
 * Searches GitHub and applies every exclusion rule, cheapest first, stopping once enough candidates survive: search
 * fields (archived, fork, inactive, licence, opt-out), then the never-again list (a maintainer refused or closed a PR
 * of the repository or of its owner, or a reviewer marked it; looked up by id), then one visibility query for
 * repositories this service already approached (any workflow with their `Repository`; a closed upstream PR means
 * never again), then per
 * repository: its manifest (a library or SDK is dropped unless `includeLibraries`), code search for Helicone, code
 * search for an LLM SDK, the contribution rules. Read-only, so a retry simply runs again.
 */
import { Context, log } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { GitHubDiscovery } from '../../adapters/discovery/github-discovery';
import { classifyRepository } from '../analysis/classify-repository';
import { forbidsAutomation } from '../analyze-repository';
import type { Candidate, CheckedCandidate, DiscoveryInput, ExcludedRepository } from '../../shared/discovery-types';
import { lookUpNeverAgain } from '../../adapters/temporal/never-again-list';
import { FailureType } from '../../shared/failures';
import { describeNeverAgain } from '../../shared/never-again';
import { REPOSITORY_SEARCH_ATTRIBUTE } from '../../shared/types';
import { repositoryKey, upstreamPrStateKey } from '../../workflows/definitions';
import type { ActivityDeps } from '../deps';
import { cheapExclusion } from './exclusion-rules';

export const LLM_SDK_TERMS = ['openai', 'anthropic', 'litellm'];
const HELICONE_TERMS = ['helicone', 'hconeai'];
const CONTRIBUTING_FILES = ['CONTRIBUTING.md', '.github/CONTRIBUTING.md', 'docs/CONTRIBUTING.md'];

export interface FoundCandidates {
  candidates: CheckedCandidate[];
  excluded: ExcludedRepository[];
}

export function findCandidatesActivity(deps: ActivityDeps) {
  return async function findCandidates(input: DiscoveryInput): Promise<FoundCandidates> {
    const github = deps.discovery?.github;
    if (!github) {
      throw ApplicationFailure.nonRetryable(
        'Discovery searches GitHub: set GITHUB_TOKEN on the worker (it is unset, so FORGE is local).',
        FailureType.DiscoveryNotConfigured,
      );
    }
    const now = deps.discovery?.now?.() ?? new Date();
    // Three candidates per wanted result leaves room for the rules; GitHub search caps what one query returns anyway.
    const found = await github.searchRepositories(input, Math.min(300, input.limit * 3));
    log.info(`discovery: ${found.length} repositories from search`);
    const excluded: ExcludedRepository[] = [];
    let remaining: Candidate[] = [];
    for (const c of found) {
      const why = cheapExclusion(c, input, now);
      if (why) excluded.push(why);
      else remaining.push(c);
    }
    const client = Context.current().client;
    const neverAgain = await lookUpNeverAgain(client, remaining);
    remaining = remaining.filter((c) => {
      const entry = neverAgain.get(`${c.owner}/${c.name}`.toLowerCase());
      if (entry) excluded.push({ owner: c.owner, name: c.name, url: c.url, reason: 'never_again', detail: describeNeverAgain(entry) });
      return !entry;
    });
    const approached = await approachedRepositories(remaining);
    remaining = remaining.filter((c) => {
      const detail = approached.get(`${c.owner}/${c.name}`.toLowerCase());
      if (detail) excluded.push({ owner: c.owner, name: c.name, url: c.url, reason: 'already_approached', detail });
      return !detail;
    });
    const candidates: CheckedCandidate[] = [];
    for (const c of remaining) {
      if (candidates.length >= input.limit) break;
      const out = (reason: ExcludedRepository['reason'], detail: string) =>
        excluded.push({ owner: c.owner, name: c.name, url: c.url, reason, detail });
      // One contents read, before the code searches: GitHub allows far fewer code searches (about 10 a minute)
      // than contents reads, and an SDK's repository would pass both of them.
      const library = input.includeLibraries ? undefined : await libraryEvidence(github, c);
      if (library) {
        out('library', `a library or SDK: ${library}`);
        continue;
      }
      const helicone = await github.codeSearch(c, HELICONE_TERMS);
      if (helicone.length) {
        out('already_uses_helicone', `Helicone already appears in ${helicone.slice(0, 3).join(', ')}`);
        continue;
      }
      const llmSites = await github.codeSearch(c, LLM_SDK_TERMS);
      if (!llmSites.length) {
        out('no_llm_sdk', 'code search found no OpenAI, Anthropic or LiteLLM usage');
        continue;
      }
      let guide: string | undefined;
      for (const f of CONTRIBUTING_FILES) {
        guide = await github.readFile(c, f);
        if (guide !== undefined) break;
      }
      const forbids = guide && forbidsAutomation(guide);
      if (forbids) {
        out('forbids_automated_prs', `the contribution rules say: "${forbids}"`);
        continue;
      }
      candidates.push({ ...c, llmSites, hasContributingGuide: guide !== undefined });
    }
    log.info(`discovery: ${candidates.length} candidates kept, ${excluded.length} excluded`);
    return { candidates, excluded };
  };
}

/** The manifest discovery reads to tell a library: pyproject.toml for a Python repository, package.json otherwise. */
export function discoveryManifest(c: Pick<Candidate, 'language'>): 'pyproject.toml' | 'package.json' {
  return /^(python|jupyter notebook)$/i.test(c.language ?? '') ? 'pyproject.toml' : 'package.json';
}

/** Why the candidate's root manifest makes it a library or SDK, or undefined (no manifest, or not a library). */
async function libraryEvidence(github: GitHubDiscovery, c: Candidate): Promise<string | undefined> {
  const file = discoveryManifest(c);
  const text = await github.readFile(c, file);
  if (text === undefined) return undefined;
  const kind = classifyRepository({ files: [file], manifests: { [file]: text }, repoName: c.name });
  return kind.kind === 'library' ? kind.evidence : undefined;
}

/**
 * Repositories with an integration workflow (any state) in this namespace, from the `Repository` search attribute;
 * the detail says which, and whether its upstream PR was closed (never again).
 */
async function approachedRepositories(candidates: Candidate[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (!candidates.length) return out;
  const names = candidates.map((c) => `${c.owner}/${c.name}`.toLowerCase());
  const client = Context.current().client;
  for (let i = 0; i < names.length; i += 50) {
    const batch = names.slice(i, i + 50);
    const query = `${REPOSITORY_SEARCH_ATTRIBUTE} IN (${batch.map((n) => JSON.stringify(n)).join(', ')})`;
    for await (const wf of client.workflow.list({ query })) {
      const repo = (wf.typedSearchAttributes.get(repositoryKey) ?? '').toLowerCase();
      if (!repo) continue;
      const pr = wf.typedSearchAttributes.get(upstreamPrStateKey);
      const previous = out.get(repo);
      if (pr === 'closed') out.set(repo, `its pull request was closed upstream (${wf.workflowId}): never again`);
      else if (!previous) out.set(repo, `already integrated or in progress (${wf.workflowId}, ${wf.status.name.toLowerCase()})`);
    }
  }
  return out;
}
