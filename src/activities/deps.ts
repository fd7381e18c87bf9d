/**
 * What activities need from the outside world, injected once when the worker starts so tests can run the same
 * activities against a temporary data directory and the local forge.
 */
import path from 'node:path';
import type { GitHubDiscovery } from '../adapters/discovery/github-discovery';
import type { Forge } from '../adapters/forge/forge';
import type { AnthropicRanker } from '../adapters/ranking/anthropic-ranker';
import type { Integrator } from '../adapters/integrator/integrator';
import type { Sandbox } from '../adapters/sandbox/sandbox';
import type { ProofSettings } from '../proof/settings';
import type { Config } from '../shared/config';
import type { StatusReport } from '../shared/types';

export interface ActivityDeps {
  config: Pick<Config, 'DATA_DIR' | 'BRANCH_PREFIX'> & Partial<Pick<Config, 'COMMIT_AUTHOR_NAME' | 'COMMIT_AUTHOR_EMAIL' | 'ROUTING'>>;
  forge: Forge;
  integrator: Integrator;
  reporter: { enabled: boolean; report(r: StatusReport): Promise<void> };
  /** The service's own secrets, which no diff may ever contain (the diff policy checks). */
  secrets?: string[];
  /** Discovery's GitHub search (needs GITHUB_TOKEN) and model ranking (needs ANTHROPIC_API_KEY); absent parts are reported. */
  discovery?: DiscoveryDeps;
  /** The proof's sandbox and settings; absent (or PROOF=off) means no proof runs and the review PR says so. */
  proof?: { sandbox: Sandbox; settings: ProofSettings };
}

export interface DiscoveryDeps {
  github?: GitHubDiscovery;
  ranker?: AnthropicRanker;
  /** The clock the inactivity rule and the heuristic use (tests pin it). */
  now?: () => Date;
}

/** Where an integration's working copy lives on this worker. Another worker rebuilds it from the fork. */
export function workspaceDir(deps: ActivityDeps, integrationId: string): string {
  return path.join(deps.config.DATA_DIR, 'workspaces', safeSegment(integrationId));
}

/** Diffs and other artifacts referenced from history by relative path. */
export function artifactPath(deps: ActivityDeps, integrationId: string, file: string): { abs: string; ref: string } {
  const ref = path.posix.join('artifacts', safeSegment(integrationId), file);
  return { abs: path.join(deps.config.DATA_DIR, ref), ref };
}

export function stagingBranch(deps: ActivityDeps, integrationId: string): string {
  return `${deps.config.BRANCH_PREFIX}${integrationId}`;
}

function safeSegment(s: string): string {
  return s.replace(/[^A-Za-z0-9._-]/g, '_');
}
