/**
 * `npm run verify -- <path> [--base <rev>] [--routing optional|always]`: the verifier alone on a local checkout.
 * Lists every LLM client construction with its verdict. With `--base`, each file is compared with its version at
 * that git revision, to prove the request without HELICONE_API_KEY is the original one. Exits 1 when a client is
 * missed, routed even without the key, sent to a URL Helicone does not serve, or a file does not parse, so it can
 * gate a CI job.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileAt } from '../adapters/git/workspace';
import { BLOCKING_VERDICTS } from '../shared/types';
import { verificationSummary, verifyRepository } from '../verifier/verify-repository';
import { runMain } from './env';
import { parseRouting } from './start-integration';

runMain(async () => {
  const { values, positionals } = parseArgs({
    args: process.argv.slice(2),
    allowPositionals: true,
    strict: true,
    options: { base: { type: 'string' }, routing: { type: 'string' } },
  });
  const dir = path.resolve(positionals[0] ?? '.');
  const base = values.base;
  const v = await verifyRepository(dir, {
    ...(values.routing !== undefined ? { routing: parseRouting(values.routing) } : {}),
    ...(base ? { original: (rel: string) => fileAt(dir, base, rel) } : {}),
  });
  for (const s of v.sites) console.log(`${s.verdict.padEnd(13)} ${`${s.file}:${s.line}`.padEnd(44)} ${s.library.padEnd(22)} ${s.reason ?? ''}`);
  for (const f of v.parseFailures) console.log(`${'parse'.padEnd(13)} ${f}`);
  console.log(`\n${v.sites.length ? verificationSummary(v) : 'No LLM client construction found.'}`);
  return v.sites.some((s) => s.verdict === 'missed' || BLOCKING_VERDICTS.includes(s.verdict)) || v.parseFailures.length ? 1 : 0;
});
