/**
 * The integration corpus: one directory per client style (input files plus the expected result site by site).
 * Each case runs the codemod on a copy, then the independent verifier, and checks both against expected.json.
 */
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CodemodIntegrator } from '../../src/adapters/integrator/codemod';
import type { RoutingMode } from '../../src/shared/types';
import { verifyRepository } from '../../src/verifier/verify-repository';

const CORPUS = __dirname;
const cases = fs.readdirSync(CORPUS).filter((d) => fs.existsSync(path.join(CORPUS, d, 'expected.json')));

describe('integration corpus', () => {
  it('has cases', () => expect(cases.length).toBeGreaterThanOrEqual(25));

  it.each(cases)('%s', async (name) => {
    const expected = JSON.parse(await fsp.readFile(path.join(CORPUS, name, 'expected.json'), 'utf8')) as { file: string; library: string; outcome: string; verdict: string }[];
    const dir = await fsp.mkdtemp(path.join(os.tmpdir(), `corpus-${name}-`));
    await fsp.cp(path.join(CORPUS, name, 'input'), dir, { recursive: true });
    // An optional case.json sets the routing mode (default `optional`).
    const caseFile = path.join(CORPUS, name, 'case.json');
    const { routing } = fs.existsSync(caseFile) ? (JSON.parse(await fsp.readFile(caseFile, 'utf8')) as { routing?: RoutingMode }) : {};
    const outcome = await new CodemodIntegrator().integrate({ workdir: dir, integrationId: name, attempt: 1, feedback: [], routing, log: () => undefined });
    // The verifier compares each changed file with the case's input, as the workflow compares with the base commit.
    const original = (rel: string) => fsp.readFile(path.join(CORPUS, name, 'input', rel), 'utf8');
    const verification = await verifyRepository(dir, { integratorSites: outcome.sites, changedFiles: outcome.filesChanged, routing, original });
    expect(outcome.sites.map((s) => ({ file: s.file, library: s.library, outcome: s.outcome }))).toEqual(
      expected.map(({ file, library, outcome: o }) => ({ file, library, outcome: o })),
    );
    expect(verification.sites.map((s) => ({ file: s.file, library: s.library, verdict: s.verdict }))).toEqual(
      expected.map(({ file, library, verdict }) => ({ file, library, verdict })),
    );
    expect(verification.parseFailures).toEqual([]);
    // Where a case spells out the expected result, the rewrite is exactly that (formatting included).
    const outputDir = path.join(CORPUS, name, 'output');
    if (fs.existsSync(outputDir)) {
      for (const f of await listInput(outputDir)) {
        expect(await fsp.readFile(path.join(dir, f), 'utf8'), f).toBe(await fsp.readFile(path.join(outputDir, f), 'utf8'));
      }
    }
    // Files without a changed site are byte-identical.
    for (const f of await listInput(path.join(CORPUS, name, 'input'))) {
      if (!outcome.filesChanged.includes(f)) {
        expect(await fsp.readFile(path.join(dir, f), 'utf8')).toBe(await fsp.readFile(path.join(CORPUS, name, 'input', f), 'utf8'));
      }
    }
  });
});

async function listInput(root: string, rel = ''): Promise<string[]> {
  const out: string[] = [];
  for (const e of await fsp.readdir(path.join(root, rel), { withFileTypes: true })) {
    const p = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...(await listInput(root, p)));
    else out.push(p);
  }
  return out;
}
