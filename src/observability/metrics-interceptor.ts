/**
 * Feeds the service metrics from activity executions, without touching the activities: the state in each
 * reportStatus or noteStatus call (one of the two per state change, never both), the agent's cost in each integrate result, the GitHub request count of each forge result.
 */
import type { ActivityInboundCallsInterceptor, ActivityInterceptorsFactory, ActivityExecuteInput, Next } from '@temporalio/worker';
import type { ServiceMetrics } from './metrics';

/** What the metrics read from an activity call; everything else is ignored. Exported for the unit test. */
export function observeActivity(metrics: ServiceMetrics, activity: string, args: unknown[], result: unknown): void {
  if (activity === 'reportStatus' || activity === 'noteStatus') {
    const state = (args[0] as { state?: unknown } | undefined)?.state;
    if (typeof state === 'string') metrics.integrationStates.inc({ state });
  }
  if (!result || typeof result !== 'object') return;
  const r = result as { forgeRequests?: unknown; integrator?: unknown; agent?: { costUsd?: unknown } };
  if (typeof r.forgeRequests === 'number' && r.forgeRequests > 0) metrics.githubRequests.inc({ activity }, r.forgeRequests);
  if (activity === 'integrate' && r.agent && typeof r.agent.costUsd === 'number') {
    const integrator = typeof r.integrator === 'string' ? r.integrator : 'unknown';
    metrics.agentRuns.inc({ integrator });
    if (r.agent.costUsd > 0) metrics.agentCostUsd.inc({ integrator }, r.agent.costUsd);
  }
}

class MetricsInbound implements ActivityInboundCallsInterceptor {
  constructor(
    private readonly metrics: ServiceMetrics,
    private readonly activity: string,
  ) {}

  async execute(input: ActivityExecuteInput, next: Next<ActivityInboundCallsInterceptor, 'execute'>): Promise<unknown> {
    try {
      const result = await next(input);
      this.metrics.activities.inc({ activity: this.activity, outcome: 'completed' });
      observeActivity(this.metrics, this.activity, input.args, result);
      return result;
    } catch (err) {
      const outcome = err instanceof Error && err.name === 'CancelledFailure' ? 'cancelled' : 'failed';
      this.metrics.activities.inc({ activity: this.activity, outcome });
      throw err;
    }
  }
}

export function metricsInterceptor(metrics: ServiceMetrics): ActivityInterceptorsFactory {
  return (ctx) => ({ inbound: new MetricsInbound(metrics, ctx.info.activityType) });
}
