/**
 * Turns a campaign's source (a discovery's ranking or a file of URLs) into integration inputs: every entry validated
 * first (nothing starts while one is wrong), one integration id per repository, duplicates dropped.
 */
import type { Client } from '@temporalio/client';
import type { Config } from '../../shared/config';
import { parseRepoUrl, RepoUrlError } from '../../shared/repo-url';
import type { IntegrationInput, RoutingMode } from '../../shared/types';
import { campaignIntegrationId } from '../../shared/workflow-ids';
import { discoveryResultQuery } from '../../workflows/discovery-definitions';
import { buildIntegrationInput } from '../start-integration';
import { CampaignArgsError } from './campaign-args';

export async function fromDiscovery(client: Client, id: string, top: number): Promise<string[]> {
  let result;
  try {
    result = await client.workflow.getHandle(id).query(discoveryResultQuery);
  } catch (err) {
    throw new CampaignArgsError(`--from-discovery ${id}: ${(err as Error).message}`);
  }
  if (result.state !== 'done')
    throw new CampaignArgsError(`--from-discovery ${id}: the discovery is ${result.state}${result.note ? ` (${result.note})` : ''}`);
  if (!result.ranked.length) throw new CampaignArgsError(`--from-discovery ${id}: the discovery ranked no repository`);
  return result.ranked.slice(0, top).map((r) => `#${r.rank}\t${r.url}`);
}

/** Validates every entry first; one integration id per repository, duplicates dropped (listed twice = once). */
export function toInputs(entries: string[], config: Config, routing?: RoutingMode): IntegrationInput[] {
  const errors: string[] = [];
  const seen = new Map<string, IntegrationInput>();
  for (const entry of entries) {
    const [where, url] = entry.split('\t') as [string, string];
    try {
      const parsed = parseRepoUrl(url, { githubUrl: config.GITHUB_URL });
      const input = buildIntegrationInput(url, config, campaignIntegrationId(parsed.owner, parsed.name), routing);
      if (!seen.has(input.integrationId)) seen.set(input.integrationId, input);
    } catch (err) {
      if (!(err instanceof RepoUrlError)) throw err;
      errors.push(`  ${/^\d+$/.test(where) ? `line ${where}` : where}: ${err.message}`);
    }
  }
  if (errors.length) throw new CampaignArgsError(`Nothing started; fix these repositories first:\n${errors.join('\n')}`);
  return [...seen.values()];
}
