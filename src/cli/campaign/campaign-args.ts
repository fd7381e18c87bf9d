/** `npm run campaign` arguments: start (from a discovery or a file of URLs) or control an existing campaign. */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { DEFAULT_CAMPAIGN_LIMITS, type CampaignLimits } from '../../shared/campaign-types';
import { ROUTING_MODES, type RoutingMode } from '../../shared/types';

export class CampaignArgsError extends Error {
  override readonly name = 'CampaignArgsError';
}

export const CAMPAIGN_USAGE = [
  'usage: npm run campaign -- --from-discovery <workflow-id> --top N [--concurrency N] [--per-hour N] [--per-day N] [--routing optional|always]',
  '       npm run campaign -- --file repos.txt [--concurrency N] [--per-hour N] [--per-day N] [--routing optional|always]',
  '       npm run campaign -- pause|resume|cancel|status <campaign-id>',
].join('\n');

export type CampaignCommand =
  | { kind: 'start'; source: { discovery: string; top: number } | { urls: string[] }; limits: CampaignLimits; routing?: RoutingMode }
  | { kind: 'pause' | 'resume' | 'cancel' | 'status'; campaignId: string };

export function parseCampaignArgs(argv: string[]): CampaignCommand {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: true,
      options: {
        'from-discovery': { type: 'string' },
        top: { type: 'string' },
        file: { type: 'string' },
        concurrency: { type: 'string' },
        'per-hour': { type: 'string' },
        'per-day': { type: 'string' },
        routing: { type: 'string' },
      },
    });
  } catch (err) {
    throw new CampaignArgsError(`${(err as Error).message}\n${CAMPAIGN_USAGE}`);
  }
  const { values, positionals } = parsed;
  if (positionals.length) {
    const [verb, id, ...rest] = positionals;
    if (!['pause', 'resume', 'cancel', 'status'].includes(verb!) || !id || rest.length) throw new CampaignArgsError(`unexpected "${positionals.join(' ')}"\n${CAMPAIGN_USAGE}`);
    return { kind: verb as 'pause', campaignId: id };
  }
  const int = (flag: string, raw: string | undefined, def: number, max: number) => {
    if (raw === undefined) return def;
    if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > max) throw new CampaignArgsError(`--${flag} must be a whole number from 1 to ${max} (got "${raw}")`);
    return Number(raw);
  };
  const limits: CampaignLimits = {
    concurrency: int('concurrency', values.concurrency, DEFAULT_CAMPAIGN_LIMITS.concurrency, 100),
    prsPerHour: int('per-hour', values['per-hour'], DEFAULT_CAMPAIGN_LIMITS.prsPerHour, 1000),
    prsPerDay: int('per-day', values['per-day'], DEFAULT_CAMPAIGN_LIMITS.prsPerDay, 10_000),
  };
  if (limits.prsPerDay < limits.prsPerHour) throw new CampaignArgsError(`--per-day (${limits.prsPerDay}) must not be below --per-hour (${limits.prsPerHour})`);
  if (values['from-discovery'] && values.file) throw new CampaignArgsError('give --from-discovery or --file, not both');
  const routing = ROUTING_MODES.find((m) => m === values.routing);
  if (values.routing !== undefined && !routing) throw new CampaignArgsError(`--routing must be one of ${ROUTING_MODES.join(', ')} (got "${values.routing}")`);
  const mode = routing ? { routing } : {};
  if (values['from-discovery']) {
    if (values.top === undefined) throw new CampaignArgsError('--from-discovery needs --top N (how many of the ranked repositories to integrate)');
    return { kind: 'start', source: { discovery: values['from-discovery'], top: int('top', values.top, 0, 100) }, limits, ...mode };
  }
  if (values.file) return { kind: 'start', source: { urls: readRepositoryFile(values.file) }, limits, ...mode };
  throw new CampaignArgsError(`nothing to do\n${CAMPAIGN_USAGE}`);
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
