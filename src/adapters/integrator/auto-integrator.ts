/**
 * INTEGRATOR=auto: the deterministic codemod handles the sites it knows; Claude Code handles what it left and all
 * reviewer feedback. Without an Anthropic key it is just the codemod.
 */
import type { ClientSite } from '../../shared/types';
import { carryChanges } from './carry-changes';
import type { Integrator, IntegratorContext, IntegratorOutcome } from './integrator';

/** The codemod's changed sites, marked as its own (the review PR says who changed what). */
const byCodemod = (sites: ClientSite[]): ClientSite[] => sites.map((s) => (s.outcome === 'changed' ? { ...s, by: 'codemod' as const } : s));

export class AutoIntegrator implements Integrator {
  readonly name = 'auto';
  readonly understandsFeedback: boolean;

  constructor(
    private readonly codemod: Integrator,
    private readonly agent?: Integrator,
  ) {
    this.understandsFeedback = !!agent;
  }

  async integrate(ctx: IntegratorContext): Promise<IntegratorOutcome> {
    if (!this.agent) {
      const only = await this.codemod.integrate(ctx);
      return { ...only, sites: byCodemod(only.sites), integrator: this.codemod.name };
    }
    if (ctx.attempt > 1 || ctx.policyFeedback) return { ...(await this.agent.integrate(ctx)), integrator: this.agent.name };
    const first = await this.codemod.integrate(ctx);
    const left = first.sites.filter((s) => s.outcome === 'skipped');
    if (!left.length) return { ...first, sites: byCodemod(first.sites), integrator: this.codemod.name };
    ctx.log(`the codemod left ${left.length} site(s); handing them to ${this.agent.name}`);
    const second = await this.agent.integrate(ctx);
    return {
      integrator: `${this.codemod.name}+${this.agent.name}`,
      filesChanged: [...new Set([...first.filesChanged, ...second.filesChanged])].sort(),
      sites: carryChanges(byCodemod(first.sites), second.sites),
      summary: `${first.summary} ${second.summary}`.trim(),
      ...(second.agent ? { agent: second.agent } : {}),
    };
  }
}
