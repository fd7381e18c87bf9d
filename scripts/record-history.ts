/**
 * Records a history for the replay test: runs the sample app to `completed` on a fresh dev server with the codemod
 * and writes the history as JSON to test/fixtures/histories/<name>.json
 * (`npm run record-history -- <name> [scenario]`, default happy-path). Scenarios:
 * - `happy` (default): v1 approved through the `submitReview` update, as the CLI and the dashboard send it;
 * - `feedback-without-change`: v1 rejected with feedback through the `reviewChanges` signal (the Temporal UI's way;
 *   the update would refuse it), which the codemod cannot act on, so no v2 is published and v1 goes back to review
 *   with a comment on its PR; then v1 approved through the update. It holds every command of the review loop.
 * Run it only for an intended, patched change of the workflow's command sequence, under a new name: the old histories
 * stay, so the replay test keeps proving that integrations started before the change still run.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { startDevServer } from '../src/adapters/temporal/dev-server';
import { submitReview } from '../src/adapters/temporal/submit-review';
import { startIntegration } from '../src/cli/start-integration';
import { reviewCompleteSignal } from '../src/workflows/definitions';
import { sampleAppRepo } from '../test/helpers/fixture-repos';
import { awaitingReview, inputFor, startHarness, waitFor } from '../test/helpers/integration-harness';
import { testProof } from '../test/helpers/proof-sandbox';

const SCENARIOS = ['happy', 'feedback-without-change'] as const;

async function main() {
  const name = process.argv[2] ?? 'happy-path';
  const scenario = process.argv[3] ?? 'happy';
  if (!/^[a-z0-9-]+$/.test(name)) throw new Error(`History name "${name}": use lowercase letters, digits and dashes`);
  if (!(SCENARIOS as readonly string[]).includes(scenario)) throw new Error(`Scenario "${scenario}": one of ${SCENARIOS.join(', ')}`);
  const env = await startDevServer({});
  // With the proof on (the real sandbox, offline), as a worker runs it by default.
  const h = await startHarness(env, { proof: await testProof() });
  try {
    const handle = await startIntegration(env.client, inputFor(await sampleAppRepo(), { integrationId: `recorded-${name}` }));
    await waitFor(handle, awaitingReview(1), 180_000);
    if (scenario === 'feedback-without-change') {
      await handle.signal(reviewCompleteSignal, {
        approved: false,
        feedback: 'Please read the key from our config module.',
        reviewer: 'recorder',
      });
      await waitFor(handle, (s) => /^v2 not published/.test(s.message) || ['completed', 'rejected', 'failed'].includes(s.state));
    }
    const outcome = await submitReview(env.client, handle.workflowId, { approved: true, reviewer: 'recorder' });
    if (!outcome.accepted) throw new Error(`The approval was refused: ${outcome.reason}`);
    const result = await handle.result();
    if (result.state !== 'completed') throw new Error(`Ended ${result.state}: ${result.message}`);
    const history = await handle.fetchHistory();
    const out = path.join(__dirname, '..', 'test', 'fixtures', 'histories', `${name}.json`);
    await fs.writeFile(out, historyToJSON(history));
    console.log(`Wrote ${out} (${history.events?.length} events, scenario ${scenario})`);
  } finally {
    await h.stop();
    await env.teardown();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
