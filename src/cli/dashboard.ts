/** `npm run dashboard`: the review dashboard on DASHBOARD_HOST:DASHBOARD_PORT, reading from TEMPORAL_ADDRESS. */
import { createForge } from '../adapters/forge/create-forge';
import { connectClient } from '../adapters/temporal/connect';
import { authOptionsFromConfig } from '../dashboard/auth';
import { startDashboard } from '../dashboard/server';
import { configOrExit, runMain } from './env';

runMain(async () => {
  const config = configOrExit();
  const client = await connectClient(config);
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
  console.log(`Review dashboard: ${dashboard.url}${config.DASHBOARD_REVIEWERS_FILE ? ' (sign in with a reviewer token)' : config.DASHBOARD_AUTH_HEADER ? ` (reviewers named by ${config.DASHBOARD_AUTH_HEADER})` : config.DASHBOARD_TOKEN ? ' (sign in with DASHBOARD_TOKEN)' : ' (loopback, no sign-in)'}`);
  await new Promise<void>((resolve) => process.once('SIGINT', resolve).once('SIGTERM', resolve));
  await dashboard.close();
});
