/** `webhooks`: the GitHub webhook receiver on WEBHOOK_HOST:WEBHOOK_PORT, signalling the upstream-PR trackers. */
import { TemporalTrackerSignaller } from '../../webhooks/tracker-signaller';
import { startWebhookServer, WEBHOOK_PATH } from '../../webhooks/server';
import { configOrExit } from '../env';
import { clientFor } from '../temporal-client';

export async function run(): Promise<number | void> {
  const config = configOrExit();
  if (!config.WEBHOOK_SECRET) {
    console.error(
      "WEBHOOK_SECRET is required: the receiver checks every delivery's X-Hub-Signature-256 with it and refuses to run without one.\n" +
        'Generate one (openssl rand -hex 32), set it as WEBHOOK_SECRET here and as the webhook\'s "Secret" in GitHub.',
    );
    return 2;
  }
  // It finds trackers by the Repository attribute: a namespace without it would fail every delivery.
  const client = await clientFor(config, 'webhooks', { searchAttributes: true });
  const receiver = await startWebhookServer({
    secret: config.WEBHOOK_SECRET,
    signaller: new TemporalTrackerSignaller(client),
    host: config.WEBHOOK_HOST,
    port: config.WEBHOOK_PORT,
  });
  console.log(`GitHub webhook receiver: POST ${receiver.url}${WEBHOOK_PATH} (content type application/json, signed with WEBHOOK_SECRET)`);
  await new Promise<void>((resolve) => process.once('SIGINT', resolve).once('SIGTERM', resolve));
  await receiver.close();
  await client.connection.close();
}
