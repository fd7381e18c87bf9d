/**
 * `verify [path] [--base <rev>] [--routing optional|always]`: the verifier alone on a local checkout. Lists every
 * LLM client construction with its verdict. With `--base`, each file is compared with its version at that git
 * revision, to prove the request without HELICONE_API_KEY is the original one. Exits 1 when a client is missed,
 * routed even without the key, sent to a URL Helicone does not serve, or a file does not parse, so it can gate CI.
 */
import path from 'node:path';
import { fileAt } from '../../adapters/git/workspace';
import { BLOCKING_VERDICTS, type RoutingMode } from '../../shared/types';
import { verificationSummary, verifyRepository } from '../../verifier/verify-repository';

export async function run(dirArg: string | undefined, opts: { base?: string; routing?: RoutingMode }): Promise<number | void> {
  const dir = path.resolve(dirArg ?? '.');
  const base = opts.base;
  const v = await verifyRepository(dir, {
    ...(opts.routing ? { routing: opts.routing } : {}),
    ...(base ? { original: (rel: string) => fileAt(dir, base, rel) } : {}),
  });
  for (const s of v.sites)
    console.log(`${s.verdict.padEnd(13)} ${`${s.file}:${s.line}`.padEnd(44)} ${s.library.padEnd(22)} ${s.reason ?? ''}`);
  for (const f of v.parseFailures) console.log(`${'parse'.padEnd(13)} ${f}`);
  console.log(`\n${v.sites.length ? verificationSummary(v) : 'No LLM client construction found.'}`);
  return v.sites.some((s) => s.verdict === 'missed' || BLOCKING_VERDICTS.includes(s.verdict)) || v.parseFailures.length ? 1 : 0;
}
