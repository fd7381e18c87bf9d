/**
 * A working copy lives on one worker's disk. When the worker that integrated is gone before the push (simulated
 * here by deleting the working copy right after `integrate`, as if the push ran on another machine), the push
 * reports WorkspaceLost and the workflow integrates again instead of stranding the integration.
 */
import fs from 'node:fs/promises';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { workspaceDir } from '../../src/activities/deps';
import { startDevServer } from '../../src/adapters/temporal/dev-server';
import { startIntegration } from '../../src/cli/start-integration';
import { reviewCompleteSignal } from '../../src/workflows/definitions';
import { sampleAppRepo } from '../helpers/fixture-repos';
import { awaitingReview, inputFor, startHarness, waitFor, type Harness } from '../helpers/integration-harness';

let env: TestWorkflowEnvironment;
let h: Harness;
let lost = 0;

beforeAll(async () => {
  env = await startDevServer({});
  h = await startHarness(env, {
    wrapActivities: (acts, deps) => ({
      ...acts,
      integrate: async (params) => {
        const result = await acts.integrate(params);
        if (lost === 0) {
          lost++;
          await fs.rm(workspaceDir(deps, params.integrationId), { recursive: true, force: true });
        }
        return result;
      },
    }),
  });
});

afterAll(async () => {
  await h?.stop();
  await env?.teardown();
});

it('integrates again when the working copy was lost between integrate and push', async () => {
  const handle = await startIntegration(env.client, inputFor(await sampleAppRepo()));
  const review = await waitFor(handle, awaitingReview(1));
  expect(review.state).toBe('awaiting_review');
  expect(lost).toBe(1);

  const history = await handle.fetchHistory();
  const scheduled = history.events!.map((e) => e.activityTaskScheduledEventAttributes?.activityType?.name).filter(Boolean);
  expect(scheduled.filter((n) => n === 'integrate')).toHaveLength(2);
  expect(scheduled.filter((n) => n === 'pushBranch')).toHaveLength(2);
  const failures = history.events!.filter(
    (e) => e.activityTaskFailedEventAttributes?.failure?.applicationFailureInfo?.type === 'WorkspaceLost',
  );
  expect(failures).toHaveLength(1);

  const diff = await h.forge.getPullRequestDiff({ owner: 'helicone-bot', name: review.repo.split('/')[1]! }, review.reviewPr!.number);
  expect(diff).toContain('https://oai.helicone.ai/v1');
  await handle.signal(reviewCompleteSignal, { approved: true });
  expect((await handle.result()).state).toBe('completed');
});
