/** `dashboard`: the review dashboard on DASHBOARD_HOST:DASHBOARD_PORT, reading from the configured Temporal. */
import { createForge } from '../../adapters/forge/create-forge';
import { authOptionsFromConfig } from '../../dashboard/auth';
import { startDashboard } from '../../dashboard/server';
import { configOrExit } from '../env';
import { clientFor } from '../temporal-client';

export async function run(): Promise<number | void> {
  const config = configOrExit();
  // Its lists filter by IntegrationStatus: a namespace without the attribute would fail every page.
  const client = await clientFor(config, 'dashboard', { searchAttributes: true });
  const dashboard = await startDashboard({
    client,
    namespace: config.TEMPORAL_NAMESPACE,
    forge: createForge(config),
    auth: authOptionsFromConfig(config),
    temporalAddress: config.TEMPORAL_ADDRESS,
    temporalUiUrl: config.TEMPORAL_UI_URL,
    host: config.DASHBOARD_HOST,
    port: config.DASHBOARD_PORT,
  });
  const signIn = config.DASHBOARD_REVIEWERS_FILE
    ? ' (sign in with a reviewer token)'
    : config.DASHBOARD_AUTH_HEADER
      ? ` (reviewers named by ${config.DASHBOARD_AUTH_HEADER})`
      : config.DASHBOARD_TOKEN
        ? ' (sign in with DASHBOARD_TOKEN)'
        : ' (loopback, no sign-in)';
  console.log(`Review dashboard: ${dashboard.url}${signIn}`);
  await new Promise<void>((resolve) => process.once('SIGINT', resolve).once('SIGTERM', resolve));
  await dashboard.close();
}
