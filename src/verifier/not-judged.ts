/**
 * What the verifier's broad detection found that its judges did not cover. A call or construction of an LLM SDK is
 * covered by a judged site inside its lines, by a judge of module state for that SDK in the same file (LiteLLM's
 * callback, openai<1's api_base), or, for the Agents SDK, by its judged default client anywhere. An uncovered use
 * the integrator left alone at that very line is `left` with its reason; the rest is `unrecognized`, one entry per
 * file and module (at its first uncovered line, the others named), so a framework used twenty times is one line.
 */
import type { ClientSite, VerifiedSite } from '../shared/types';
import type { LlmImport, LlmUsage, LlmUse } from './llm-imports';
import { lineMap } from './line-map';

export interface FileFindings {
  file: string;
  /** Sites the judges ruled on in this file. */
  judged: VerifiedSite[];
  usage: LlmUsage;
  integratorAt: IntegratorSitesAt;
}

/** The integrator's sites of one file that lie on lines `from`..`to` of the file the verifier reads. */
export type IntegratorSitesAt = (from: number, to: number) => ClientSite[];

/**
 * Finds the integrator's sites by line. The codemod reports the lines of the file it read, the coding agent those
 * of the file it left: a site matches at its own line or where that original line moved (line-map), never by
 * file and library alone.
 */
export function integratorSitesAt(reported: readonly ClientSite[], before: string | undefined, text: string): IntegratorSitesAt {
  if (!reported.length) return () => [];
  const moved = before !== undefined && before !== text ? lineMap(before, text) : undefined;
  const within = (line: number | undefined, from: number, to: number) => line !== undefined && line >= from && line <= to;
  return (from, to) => reported.filter((s) => within(s.line, from, to) || within(moved?.(s.line), from, to));
}

export function notJudged(f: FileFindings, judgedAnywhere: readonly string[]): VerifiedSite[] {
  const covered = (u: LlmImport & { endLine?: number }) =>
    f.judged.some((j) => j.line >= u.line && j.line <= (u.endLine ?? u.line)) ||
    (!!u.sdk.moduleJudge && f.judged.some((j) => u.sdk.moduleJudge!.test(j.library))) ||
    (!!u.sdk.processJudge && judgedAnywhere.some((l) => u.sdk.processJudge!.test(l)));
  const out: VerifiedSite[] = [];
  const open = new Map<string, (LlmUse | LlmImport)[]>();
  const consider = (u: LlmUse | LlmImport) => {
    if (covered(u)) return;
    const at = f.integratorAt(u.line, 'endLine' in u ? u.endLine : u.line);
    const left = at.find((s) => s.outcome === 'skipped');
    // Named as the integrator names it, so the review PR's table shows one row for the site, not two.
    if (left)
      out.push({
        file: f.file,
        line: u.line,
        library: left.library,
        verdict: 'left',
        reason: left.reason ?? 'left alone by the integrator',
      });
    else open.set(u.module, [...(open.get(u.module) ?? []), u]);
  };
  for (const u of f.usage.uses) consider(u);
  // An SDK without judges, imported where no call of it is seen (a whole module, a star import, a decorator or
  // factory function handed around): the import itself is what a person has to check. Classes that are never
  // called there (a base class, a type annotation) send nothing from this file.
  const onlyClasses = (i: LlmImport) => !!i.names?.length && i.names.every((n) => /^[A-Z]/.test(n));
  for (const i of f.usage.imports) if (!i.sdk.judged && !onlyClasses(i) && !f.usage.uses.some((u) => u.module === i.module)) consider(i);
  for (const [module, uses] of open) {
    const [first, ...more] = uses;
    const claimed = f.integratorAt(first!.line, 'endLine' in first! ? first.endLine : first!.line).find((s) => s.outcome !== 'skipped');
    const what = 'callee' in first! ? `\`${first.callee}(…)\` of ${module} (${first.sdk.what})` : `imports ${module} (${first!.sdk.what})`;
    const also = more.length
      ? `; also line${more.length > 1 ? 's' : ''} ${[...new Set(more.map((u) => u.line))].slice(0, 10).join(', ')}`
      : '';
    const integrator = claimed ? ` (the integrator reports it ${claimed.outcome})` : '';
    out.push({
      file: f.file,
      line: first!.line,
      library: module,
      verdict: 'unrecognized',
      reason: `${what}${also}: the verifier cannot judge where its requests go${integrator}; check by hand that they go through Helicone`,
    });
  }
  return out;
}
