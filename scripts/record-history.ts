/**
 * Records the happy-path history used by the replay test: runs the sample app to `completed` on a fresh dev server
 * and writes the history as JSON to test/fixtures/histories/<name>.json (`npm run record-history -- <name>`, default
 * happy-path). Run it only for an intended, patched change of the workflow's command sequence, under a new name:
 * the old histories stay, so the replay test keeps proving that integrations started before the change still run.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { startDevServer } from '../src/adapters/temporal/dev-server';
import { startIntegration } from '../src/cli/start-integration';
import { reviewCompleteSignal } from '../src/workflows/definitions';
import { sampleAppRepo } from '../test/helpers/fixture-repos';
import { awaitingReview, inputFor, startHarness, waitFor } from '../test/helpers/integration-harness';
import { testProof } from '../test/helpers/proof-sandbox';

async function main() {
  const env = await startDevServer({});
  // With the proof on (the real sandbox, offline), as a worker runs it by default.
  const h = await startHarness(env, { proof: await testProof() });
  try {
    const handle = await startIntegration(env.client, inputFor(await sampleAppRepo(), { integrationId: 'recorded-happy-path' }));
    await waitFor(handle, awaitingReview(1), 180_000);
    await handle.signal(reviewCompleteSignal, { approved: true });
    await handle.result();
    const history = await handle.fetchHistory();
    const name = process.argv[2] ?? 'happy-path';
    if (!/^[a-z0-9-]+$/.test(name)) throw new Error(`History name "${name}": use lowercase letters, digits and dashes`);
    const out = path.join(__dirname, '..', 'test', 'fixtures', 'histories', `${name}.json`);
    await fs.writeFile(out, historyToJSON(history));
    console.log(`Wrote ${out} (${history.events?.length} events)`);
  } finally {
    await h.stop();
    await env.teardown();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
