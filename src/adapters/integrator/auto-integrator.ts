/**
 * INTEGRATOR=auto: the deterministic codemod handles the sites it knows; Claude Code handles what it left and all
 * reviewer feedback. Without an Anthropic key it is just the codemod.
 */
import type { Integrator, IntegratorContext, IntegratorOutcome } from './integrator';

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
    if (!this.agent) return { ...(await this.codemod.integrate(ctx)), integrator: this.codemod.name };
    if (ctx.attempt > 1 || ctx.policyFeedback) return { ...(await this.agent.integrate(ctx)), integrator: this.agent.name };
    const first = await this.codemod.integrate(ctx);
    const left = first.sites.filter((s) => s.outcome === 'skipped');
    if (!left.length) return { ...first, integrator: this.codemod.name };
    ctx.log(`the codemod left ${left.length} site(s); handing them to ${this.agent.name}`);
    const second = await this.agent.integrate(ctx);
    const byCodemod = new Set(first.sites.filter((s) => s.outcome === 'changed').map((s) => `${s.file}:${s.line}`));
    return {
      integrator: `${this.codemod.name}+${this.agent.name}`,
      filesChanged: [...new Set([...first.filesChanged, ...second.filesChanged])].sort(),
      sites: second.sites.map((s) => (byCodemod.has(`${s.file}:${s.line}`) ? { ...s, outcome: 'changed' as const } : s)),
      summary: `${first.summary} ${second.summary}`.trim(),
      ...(second.agent ? { agent: second.agent } : {}),
    };
  }
}
