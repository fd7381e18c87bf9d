/**
 * `npm run verify -- <path>`: the verifier alone on a local checkout. Lists every LLM client construction with
 * its verdict; exits 1 when one is missed or a file does not parse, so it can gate a CI job.
 */
import path from 'node:path';
import { verificationSummary, verifyRepository } from '../verifier/verify-repository';
import { runMain } from './env';

runMain(async () => {
  const dir = path.resolve(process.argv.slice(2).find((a) => !a.startsWith('--')) ?? '.');
  const v = await verifyRepository(dir);
  for (const s of v.sites) console.log(`${s.verdict.padEnd(7)} ${`${s.file}:${s.line}`.padEnd(50)} ${s.library.padEnd(22)} ${s.reason ?? ''}`);
  for (const f of v.parseFailures) console.log(`parse   ${f}`);
  console.log(`\n${v.sites.length ? verificationSummary(v) : 'No LLM client construction found.'}`);
  return v.sites.some((s) => s.verdict === 'missed') || v.parseFailures.length ? 1 : 0;
});
