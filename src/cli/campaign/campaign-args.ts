/** `npm run campaign` arguments: start (from a discovery or a file of URLs) or control an existing campaign. */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { DEFAULT_CAMPAIGN_LIMITS, type CampaignLimits } from '../../shared/campaign-types';
import { ROUTING_MODES, type RoutingMode } from '../../shared/types';
import { newCommand, parseWith, usageLine } from '../command-kit';
import { UsageError } from '../usage-error';

export class CampaignArgsError extends UsageError {
  override readonly name = 'CampaignArgsError';
}

export type CampaignCommand =
  | {
      kind: 'start';
      source: { discovery: string; top: number } | { urls: string[] };
      limits: CampaignLimits;
      routing?: RoutingMode;
      /** Propose each integration in an issue first (the timeout is ASK_FIRST_TIMEOUT). */
      askFirst?: boolean;
    }
  | { kind: 'pause' | 'resume' | 'cancel' | 'status'; campaignId: string };

/** `campaign`'s arguments: the bin's subcommand and `parseCampaignArgs` share this declaration. */
export function campaignCommand(): Command {
  return newCommand('campaign')
    .summary('integrate many repositories, paced; pause, resume, cancel, status')
    .description(
      "Start a campaign (integrations of a discovery's top repositories or of a file of URLs, paced), or pause, resume, cancel or show one.\n" +
        'Start: --from-discovery <workflow-id> --top N, or --file repos.txt. Control: pause|resume|cancel|status <campaign-id>.',
    )
    .argument('[action]', 'pause, resume, cancel or status (none: start a campaign)')
    .argument('[campaign-id]', 'the campaign to control')
    .option('--from-discovery <workflow-id>', 'integrate the ranking of this discovery workflow')
    .option('--top <n>', 'how many of the ranked repositories (1-100; needed with --from-discovery)')
    .option('--file <path>', 'one repository URL or local path per line (# comments)')
    .option('--concurrency <n>', `integrations at a time (default ${DEFAULT_CAMPAIGN_LIMITS.concurrency})`)
    .option('--per-hour <n>', `review PRs per hour at most (default ${DEFAULT_CAMPAIGN_LIMITS.prsPerHour})`)
    .option('--per-day <n>', `review PRs per day at most (default ${DEFAULT_CAMPAIGN_LIMITS.prsPerDay})`)
    .option('--routing <mode>', `${ROUTING_MODES.join(' or ')} for every integration (default: ROUTING)`)
    .option('--ask-first', "open an issue proposing the change and integrate only on a maintainer's yes (waits ASK_FIRST_TIMEOUT)", false);
}

interface CampaignOptions {
  fromDiscovery?: string;
  top?: string;
  file?: string;
  concurrency?: string;
  perHour?: string;
  perDay?: string;
  routing?: string;
  askFirst?: boolean;
}

export function parseCampaignArgs(argv: string[]): CampaignCommand {
  const { opts, args } = parseWith<CampaignOptions>(campaignCommand(), argv);
  return campaignFromArgs(args, opts);
}

/** The parsed positionals and flags as a command; every error names the argument at fault. */
export function campaignFromArgs(positionals: string[], values: CampaignOptions): CampaignCommand {
  if (positionals.length) {
    const [verb, id, ...rest] = positionals;
    if (!['pause', 'resume', 'cancel', 'status'].includes(verb!) || !id || rest.length) {
      throw new CampaignArgsError(
        `unexpected "${positionals.join(' ')}": give pause, resume, cancel or status and a campaign id\n${usageLine(campaignCommand())}`,
      );
    }
    return { kind: verb as 'pause', campaignId: id };
  }
  const int = (flag: string, raw: string | undefined, def: number, max: number) => {
    if (raw === undefined) return def;
    if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > max)
      throw new CampaignArgsError(`--${flag} must be a whole number from 1 to ${max} (got "${raw}")`);
    return Number(raw);
  };
  const limits: CampaignLimits = {
    concurrency: int('concurrency', values.concurrency, DEFAULT_CAMPAIGN_LIMITS.concurrency, 100),
    prsPerHour: int('per-hour', values.perHour, DEFAULT_CAMPAIGN_LIMITS.prsPerHour, 1000),
    prsPerDay: int('per-day', values.perDay, DEFAULT_CAMPAIGN_LIMITS.prsPerDay, 10_000),
  };
  if (limits.prsPerDay < limits.prsPerHour)
    throw new CampaignArgsError(`--per-day (${limits.prsPerDay}) must not be below --per-hour (${limits.prsPerHour})`);
  if (values.fromDiscovery && values.file) throw new CampaignArgsError('give --from-discovery or --file, not both');
  const routing = ROUTING_MODES.find((m) => m === values.routing);
  if (values.routing !== undefined && !routing)
    throw new CampaignArgsError(`--routing must be one of ${ROUTING_MODES.join(', ')} (got "${values.routing}")`);
  const mode = { ...(routing ? { routing } : {}), ...(values.askFirst ? { askFirst: true } : {}) };
  if (values.fromDiscovery) {
    if (values.top === undefined)
      throw new CampaignArgsError('--from-discovery needs --top N (how many of the ranked repositories to integrate)');
    return { kind: 'start', source: { discovery: values.fromDiscovery, top: int('top', values.top, 0, 100) }, limits, ...mode };
  }
  if (values.file) return { kind: 'start', source: { urls: readRepositoryFile(values.file) }, limits, ...mode };
  throw new CampaignArgsError(
    `nothing to do: give --from-discovery <workflow-id> --top N, --file repos.txt, or pause|resume|cancel|status <campaign-id>\n${usageLine(campaignCommand())}`,
  );
}

/** One repository URL (or local path) per line; `#` comments and blank lines ignored. */
export function readRepositoryFile(file: string): string[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new CampaignArgsError(`--file: cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  const urls = text
    .split('\n')
    .map((l, i) => ({ line: i + 1, url: l.replace(/#.*/, '').trim() }))
    .filter((l) => l.url);
  if (!urls.length) throw new CampaignArgsError(`--file ${file} lists no repository`);
  return urls.map((u) => `${u.line}\t${u.url}`);
}
