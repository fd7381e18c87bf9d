/**
 * `maintainer-says <integration-id> "text" [--as <login>]`: plays a maintainer on the local forge, so a newcomer sees
 * the inbox work without GitHub: adds the comment to the integration's upstream PR (LocalForge.maintainerComment) and
 * signals its tracker to look now (`checkPullRequestNow`), so the message reaches the dashboard's /inbox in seconds.
 * The local forge only: on GitHub a real maintainer writes.
 */
import { LocalForge } from '../../adapters/forge/local/local-forge';
import {
  checkPullRequestNowSignal,
  getPullRequestTrackingQuery,
  trackerWorkflowId,
} from '../../workflows/pull-request-tracker-definitions';
import { configOrExit } from '../env';
import { clientFor } from '../temporal-client';
import { UsageError } from '../usage-error';

export async function run(id: string, words: string[], opts: { as: string }): Promise<number | void> {
  const text = words.join(' ').trim();
  if (!text) throw new UsageError('Say what the maintainer writes: maintainer-says <integration-id> "text".');
  const config = configOrExit();
  if (config.FORGE !== 'local') throw new UsageError('maintainer-says plays a maintainer on the local forge only (FORGE=local).');
  const integrationId = id.replace(/^(integration|track)-/, '');
  const client = await clientFor(config, 'maintainer-says');
  const tracker = client.workflow.getHandle(trackerWorkflowId(integrationId));
  const t = await tracker.query(getPullRequestTrackingQuery).catch(() => undefined);
  if (!t) {
    console.error(`No upstream PR tracker for ${integrationId} (approve its review first; list integrations with: npm run status).`);
    return 1;
  }
  const [owner = '', name = ''] = t.repo.split('/');
  const forge = new LocalForge({ dataDir: config.DATA_DIR, botOwner: config.FORGE_BOT_OWNER });
  await forge.maintainerComment({ owner, name }, t.number, text, opts.as);
  await tracker.signal(checkPullRequestNowSignal).catch(() => undefined);
  console.log(`@${opts.as} commented on ${t.repo}#${t.number}; the tracker looks now. See it on the dashboard's /inbox.`);
}
