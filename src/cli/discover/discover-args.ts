/** `discover` flags (declared with commander), validated into the discovery workflow's input with errors that name the flag. */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { parseOptOut } from '../../activities/discovery/exclusion-rules';
import type { DiscoveryInput } from '../../shared/discovery-types';
import { newCommand, parseWith } from '../command-kit';
import { UsageError } from '../usage-error';

export class DiscoverArgsError extends UsageError {
  override readonly name = 'DiscoverArgsError';
}

/** Short names people type, mapped to GitHub's language names. */
const LANGUAGE_ALIASES: Record<string, string> = {
  ts: 'TypeScript',
  typescript: 'TypeScript',
  js: 'JavaScript',
  javascript: 'JavaScript',
  py: 'Python',
  python: 'Python',
};

/** `discover`'s arguments: the bin's subcommand and `parseDiscoverArgs` share this declaration. */
export function discoverCommand(): Command {
  return newCommand('discover')
    .summary('find and rank repositories worth integrating')
    .description('Search GitHub for repositories that call LLM APIs, rank them and print the table (a discovery workflow on the workers).')
    .option('--language <name>', 'ts, js, py or any GitHub language name')
    .option('--min-stars <n>', 'fewest stars (default 50)')
    .option('--limit <n>', 'how many to rank, 1-100 (default 20)')
    .option('--query <text>', 'text added to the repository search (default: openai OR anthropic OR llm OR gpt)')
    .option('--inactive-days <n>', 'skip repositories without a push for this many days (default 365)')
    .option('--opt-out-file <path>', 'owner/name lines never to propose (default DISCOVERY_OPT_OUT_FILE)')
    .option('--include-libraries', 'rank libraries and SDKs too (applications only by default)');
}

interface DiscoverOptions {
  language?: string;
  minStars?: string;
  limit?: string;
  query?: string;
  inactiveDays?: string;
  optOutFile?: string;
  includeLibraries?: boolean;
}

export function parseDiscoverArgs(argv: string[], env: { DISCOVERY_OPT_OUT_FILE?: string } = {}): DiscoveryInput {
  return discoveryInput(parseWith<DiscoverOptions>(discoverCommand(), argv).opts, env);
}

/** Validates the flags' values into the workflow's input; every error names its flag. */
export function discoveryInput(values: DiscoverOptions, env: { DISCOVERY_OPT_OUT_FILE?: string } = {}): DiscoveryInput {
  const int = (flag: string, raw: string | undefined, def: number, min: number, max: number) => {
    if (raw === undefined) return def;
    if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max)
      throw new DiscoverArgsError(`--${flag} must be a whole number from ${min} to ${max} (got "${raw}")`);
    return Number(raw);
  };
  let language: string | undefined;
  if (values.language !== undefined) {
    const l = values.language.trim();
    if (!/^[A-Za-z0-9+#. -]{1,40}$/.test(l))
      throw new DiscoverArgsError(`--language must be a language name such as ts, py or Go (got "${values.language}")`);
    language = LANGUAGE_ALIASES[l.toLowerCase()] ?? l;
  }
  const query = values.query?.trim();
  if (query !== undefined && (query.length === 0 || query.length > 200)) throw new DiscoverArgsError('--query must be 1 to 200 characters');
  const optOutFile = values.optOutFile ?? env.DISCOVERY_OPT_OUT_FILE;
  let optOut: string[] = [];
  if (optOutFile) {
    let text: string;
    try {
      text = readFileSync(optOutFile, 'utf8');
    } catch (err) {
      throw new DiscoverArgsError(
        `--opt-out-file: cannot read ${optOutFile}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
      );
    }
    try {
      optOut = parseOptOut(text);
    } catch (err) {
      throw new DiscoverArgsError(`--opt-out-file ${optOutFile}: ${(err as Error).message}`);
    }
  }
  return {
    ...(language ? { language } : {}),
    minStars: int('min-stars', values.minStars, 50, 0, 10_000_000),
    limit: int('limit', values.limit, 20, 1, 100),
    ...(query ? { query } : {}),
    inactiveDays: int('inactive-days', values.inactiveDays, 365, 1, 3650),
    optOut,
    ...(values.includeLibraries ? { includeLibraries: true } : {}),
  };
}
