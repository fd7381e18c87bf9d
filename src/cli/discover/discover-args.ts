/** `npm run discover` flags, validated into the discovery workflow's input with errors that name the flag. */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parseOptOut } from '../../activities/discovery/exclusion-rules';
import type { DiscoveryInput } from '../../shared/discovery-types';

export class DiscoverArgsError extends Error {
  override readonly name = 'DiscoverArgsError';
}

/** Short names people type, mapped to GitHub's language names. */
const LANGUAGE_ALIASES: Record<string, string> = { ts: 'TypeScript', typescript: 'TypeScript', js: 'JavaScript', javascript: 'JavaScript', py: 'Python', python: 'Python' };

export const DISCOVER_USAGE =
  'usage: npm run discover -- [--language ts|js|py|<GitHub language>] [--min-stars N] [--limit N (1-100)] [--query "text"] [--inactive-days N] [--opt-out-file path] [--include-libraries]';

export function parseDiscoverArgs(argv: string[], env: { DISCOVERY_OPT_OUT_FILE?: string } = {}): DiscoveryInput {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        language: { type: 'string' },
        'min-stars': { type: 'string' },
        limit: { type: 'string' },
        query: { type: 'string' },
        'inactive-days': { type: 'string' },
        'opt-out-file': { type: 'string' },
        'include-libraries': { type: 'boolean' },
      },
    }));
  } catch (err) {
    throw new DiscoverArgsError(`${(err as Error).message}\n${DISCOVER_USAGE}`);
  }
  const int = (flag: string, raw: string | undefined, def: number, min: number, max: number) => {
    if (raw === undefined) return def;
    if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) throw new DiscoverArgsError(`--${flag} must be a whole number from ${min} to ${max} (got "${raw}")`);
    return Number(raw);
  };
  let language: string | undefined;
  if (values.language !== undefined) {
    const l = values.language.trim();
    if (!/^[A-Za-z0-9+#. -]{1,40}$/.test(l)) throw new DiscoverArgsError(`--language must be a language name such as ts, py or Go (got "${values.language}")`);
    language = LANGUAGE_ALIASES[l.toLowerCase()] ?? l;
  }
  const query = values.query?.trim();
  if (query !== undefined && (query.length === 0 || query.length > 200)) throw new DiscoverArgsError('--query must be 1 to 200 characters');
  const optOutFile = values['opt-out-file'] ?? env.DISCOVERY_OPT_OUT_FILE;
  let optOut: string[] = [];
  if (optOutFile) {
    let text: string;
    try {
      text = readFileSync(optOutFile, 'utf8');
    } catch (err) {
      throw new DiscoverArgsError(`--opt-out-file: cannot read ${optOutFile}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
    try {
      optOut = parseOptOut(text);
    } catch (err) {
      throw new DiscoverArgsError(`--opt-out-file ${optOutFile}: ${(err as Error).message}`);
    }
  }
  return {
    ...(language ? { language } : {}),
    minStars: int('min-stars', values['min-stars'], 50, 0, 10_000_000),
    limit: int('limit', values.limit, 20, 1, 100),
    ...(query ? { query } : {}),
    inactiveDays: int('inactive-days', values['inactive-days'], 365, 1, 3650),
    optOut,
    ...(values['include-libraries'] ? { includeLibraries: true } : {}),
  };
}
