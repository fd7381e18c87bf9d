/**
 * `demo [repo] [--auto-approve]`: the whole job on one machine with no tokens. Starts an embedded Temporal dev
 * server with its web UI, a worker, integrates the bundled sample app through the local forge and the codemod,
 * prints one line per step, the review PR and its diff, waits for a review (from this terminal, `npm run review` or
 * the Temporal UI), and prints the final PR. Exits 0 only when the integration completes.
 */
import readline from 'node:readline';
import { WorkflowFailedError, type Client } from '@temporalio/client';
import { startDevServer } from '../../adapters/temporal/dev-server';
import { submitReview } from '../../adapters/temporal/submit-review';
import { authOptionsFromConfig } from '../../dashboard/auth';
import { startDashboard } from '../../dashboard/server';
import { TERMINAL_STATES, type IntegrationStatus, type ReviewDecision } from '../../shared/types';
import { verificationSummary } from '../../verifier/verify-repository';
import { buildActivityDeps } from '../../worker/build-deps';
import { createIntegrationWorker } from '../../worker/create-worker';
import { installRuntime } from '../../worker/run-worker';
import { configOrExit } from '../env';
import { buildIntegrationInput, DEFAULT_REPOSITORY, startIntegration } from '../start-integration';
import { waitForStatus } from '../wait-for-state';
import { createProofDeps, proofStartupLines } from '../../worker/proof-deps';

type Handle = Awaited<ReturnType<typeof startIntegration>>;
type Deps = ReturnType<typeof buildActivityDeps>;

export async function run(repoArg: string | undefined, opts: { autoApprove: boolean }): Promise<number | void> {
  // The demo is the no-token path: always the local forge, with its own data directory.
  const config = configOrExit({ ...process.env, DATA_DIR: process.env.DATA_DIR ?? '.data/demo', FORGE: 'local' });
  // The demo's own lines are the steps; the worker's log shows only problems unless LOG_LEVEL asks for more.
  installRuntime({
    LOG_FORMAT: config.LOG_FORMAT ?? 'pretty',
    LOG_LEVEL: process.env.LOG_LEVEL?.trim() ? config.LOG_LEVEL : 'WARN',
    TEMPORAL_METRICS_BIND: undefined,
  });
  const proof = await createProofDeps(config);
  for (const l of proofStartupLines(proof)) console.log(`${l.message}${l.meta ? `: ${(l.meta.rules as string[]).join(' ')}` : ''}`);
  const deps = { ...buildActivityDeps(config), ...(proof ? { proof } : {}) };

  console.log('Starting the embedded Temporal dev server…');
  // TEMPORAL_ADDRESS picks the port (default 7233); the web UI listens 1000 above it, as with the temporal CLI.
  const port = demoPort(config.TEMPORAL_ADDRESS);
  const ui = `http://127.0.0.1:${port + 1000}`;
  const env = await startDevServer({ port, ui: true, uiPort: port + 1000, log: { format: 'pretty', level: 'error' } });
  const worker = await createIntegrationWorker({ connection: env.nativeConnection, namespace: env.namespace ?? 'default', deps });
  const running = worker.run();
  const dashboard = await startDashboard({
    client: env.client,
    namespace: env.namespace ?? 'default',
    forge: deps.forge,
    auth: authOptionsFromConfig(config),
    temporalAddress: config.TEMPORAL_ADDRESS,
    temporalUiUrl: ui,
    host: config.DASHBOARD_HOST,
    port: config.DASHBOARD_PORT,
  }).catch((err: Error) => {
    console.warn(`Review dashboard not started: ${err.message}`);
    return undefined;
  });
  try {
    console.log(`Temporal UI: ${ui} (namespace default)${dashboard ? `; review dashboard: ${dashboard.url}` : ''}`);
    const input = buildIntegrationInput(repoArg ?? DEFAULT_REPOSITORY, config, `demo-${Date.now().toString(36)}`);
    const handle = await startIntegration(env.client, input);
    console.log(`Started ${handle.workflowId} for ${input.repoUrl}`);
    return await runReviewLoop(handle, env.client, opts.autoApprove, deps);
  } finally {
    await dashboard?.close();
    worker.shutdown();
    await running.catch(() => undefined);
    await env.teardown();
  }
}

/** Prints each step once, from the workflow's timeline (polling alone would miss the quick ones). */
function stepPrinter(): (s: IntegrationStatus) => void {
  let printed = 0;
  return (s) => {
    for (const step of s.timeline.slice(printed)) console.log(`  ${step.at.slice(11, 19)}  ${step.state.padEnd(18)} ${step.message}`);
    printed = Math.max(printed, s.timeline.length);
  };
}

async function runReviewLoop(handle: Handle, client: Client, autoApprove: boolean, deps: Deps): Promise<number> {
  const printSteps = stepPrinter();
  let shownAttempt = 0;
  for (;;) {
    const status = await waitForStatus(handle, (s) => s.state === 'awaiting_review' || TERMINAL_STATES.includes(s.state), printSteps);
    printSteps(status);
    if (status.state !== 'awaiting_review') return finish(handle, status);
    if (status.attempt !== shownAttempt) {
      shownAttempt = status.attempt;
      await printReviewPr(status, deps);
    }
    let decision: ReviewDecision;
    if (autoApprove) {
      console.log('--auto-approve: approving.');
      decision = { approved: true };
    } else {
      // The codemod cannot act on free text: offer what it can do (the workflow would refuse feedback anyway).
      const canFeedback = status.integratorUnderstandsFeedback !== false;
      const answer = await ask(
        `Review v${status.attempt}: [a]pprove, ${canFeedback ? '[r]eject with feedback' : '[r]eject (ends the integration; the codemod cannot act on feedback)'}, ` +
          `or review elsewhere (npm run review ${handle.workflowId} approve). > `,
      );
      if (answer === undefined) {
        console.log(
          `No terminal input: waiting for a review from \`npm run review ${handle.workflowId} approve|reject "feedback"\` or the Temporal UI.`,
        );
        await decisionTaken(handle, status);
        continue;
      }
      if (/^a/i.test(answer)) decision = { approved: true };
      else {
        const typed = answer.replace(/^r(eject)?\s*/i, '').trim();
        const feedback = typed || (canFeedback ? ((await ask('Feedback (empty to end the integration): ')) ?? '') : '');
        decision = { approved: false, ...(feedback ? { feedback } : {}) };
      }
    }
    // The same update as `npm run review`: a refused decision (feedback the codemod cannot act on, a decision made
    // elsewhere meanwhile) is said here, and the loop asks again.
    const outcome = await submitReview(client, handle.workflowId, decision);
    if (!outcome.accepted) {
      console.log(`Refused: ${outcome.reason}`);
      continue;
    }
    await decisionTaken(handle, status);
  }
}

/** Waits until the workflow has acted on a review of the version in `status` (any later state change). */
function decisionTaken(handle: Handle, status: IntegrationStatus) {
  return waitForStatus(handle, (s) => s.state !== 'awaiting_review' || s.timeline.length > status.timeline.length);
}

/** The version in review: its PR, what the integrator and the verifier said, and the diff. */
async function printReviewPr(status: IntegrationStatus, deps: Deps): Promise<void> {
  const attempt = status.attempts.find((a) => a.attempt === status.attempt);
  console.log(`\nReview PR v${status.attempt}: ${status.reviewPrUrl}`);
  if (attempt)
    console.log(
      `  ${attempt.integrator}: ${attempt.summary}${attempt.verification ? `\n  Verifier: ${verificationSummary(attempt.verification)}` : ''}`,
    );
  const pr = status.reviewPr;
  if (!pr) return;
  // The review PR's proof section: the sample app's type-check and test before and after, without and with the key.
  const body = await deps.forge.getPullRequestBody?.(splitRepo(pr.repo), pr.number);
  const proof = body ? (/(^> \[!CAUTION\][\s\S]*?\n\n)?/.exec(body)?.[0] ?? '') : '';
  const section = body ? /## Proof\n[\s\S]*?(?=\n## |$)/.exec(body)?.[0] : undefined;
  if (section) console.log(`\n${proof}${section}`);
  console.log(`\n${(await deps.forge.getPullRequestDiff(splitRepo(pr.repo), pr.number)).trimEnd()}\n`);
}

function splitRepo(repo: string): { owner: string; name: string } {
  const [owner = '', name = ''] = repo.split('/');
  return { owner, name };
}

async function finish(handle: Handle, status: IntegrationStatus): Promise<number> {
  try {
    const result = await handle.result();
    console.log(`\n${result.state.toUpperCase()}: ${result.message}`);
    if (result.finalPrUrl) console.log(`Final PR: ${result.finalPrUrl}`);
    return result.state === 'completed' ? 0 : 1;
  } catch (err) {
    const reason = err instanceof WorkflowFailedError ? (err.cause?.message ?? err.message) : String(err);
    console.error(`\nFAILED (${status.state}): ${status.lastError ?? reason}`);
    return 1;
  }
}

function ask(question: string): Promise<string | undefined> {
  if (!process.stdin.isTTY) return Promise.resolve(undefined);
  const rl = readline.createInterface({ input: process.stdin, output: process.stdout });
  return new Promise((resolve) =>
    rl.question(question, (a) => {
      rl.close();
      resolve(a.trim());
    }),
  );
}

function demoPort(address: string): number {
  const port = Number(address.split(':')[1]);
  return Number.isInteger(port) ? port : 7233;
}
