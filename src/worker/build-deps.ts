/**
 * Chooses the adapters a worker uses from configuration: which forge, which integrator, where status reports go.
 */
import { createForge } from '../adapters/forge/create-forge';
import { CodemodIntegrator } from '../adapters/integrator/codemod';
import { createStatusReporter } from '../adapters/status/helicone-status-reporter';
import type { ActivityDeps } from '../activities';
import type { Config } from '../shared/config';

export function buildActivityDeps(config: Config): ActivityDeps {
  return {
    config,
    forge: createForge(config),
    integrator: new CodemodIntegrator(),
    reporter: createStatusReporter({
      url: config.HELICONE_API_URL,
      apiKey: config.HELICONE_API_KEY,
      signingSecret: config.HELICONE_STATUS_SIGNING_SECRET,
    }),
  };
}
