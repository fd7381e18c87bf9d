/**
 * The codemod, plus an answer to feedback: on a feedback round it appends a comment quoting the feedback to the
 * first file of the previous version's diff, so each round publishes a new version (the plain codemod cannot act on
 * feedback, and the workflow never publishes a version identical to the one in review). Feedback matching
 * `unanswered` gets no change at all, like an agent that finds nothing to do: its commit is the previous version's.
 * For tests of the review loop.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { CodemodIntegrator } from '../../src/adapters/integrator/codemod';
import type { Integrator } from '../../src/adapters/integrator/integrator';

export function feedbackAnsweringCodemod(opts: { unanswered?: RegExp } = {}): Integrator {
  const codemod = new CodemodIntegrator();
  return {
    name: 'codemod',
    understandsFeedback: true,
    async integrate(ctx) {
      const outcome = await codemod.integrate(ctx);
      const last = ctx.feedback.at(-1);
      const file = [...(ctx.previousDiff ?? '').matchAll(/^\+\+\+ b\/(.+\.(?:[cm]?[jt]s|py))$/gm)][0]?.[1];
      if (ctx.attempt === 1 || !last || !file) return outcome;
      if (opts.unanswered?.test(last)) return { ...outcome, summary: `Nothing changed for: ${last}` };
      const mark = file.endsWith('.py') ? '#' : '//';
      await fs.appendFile(path.join(ctx.workdir, file), `${mark} Review v${ctx.attempt}: ${last.split('\n')[0]}\n`);
      return { ...outcome, filesChanged: [...new Set([...outcome.filesChanged, file])], summary: `${outcome.summary} Answered: ${last}` };
    },
  };
}
