/**
 * `maintainer-says <integration-id> "text" [--as <login>] [--react <emoji>] [--label <name>] [--close]`: plays a
 * maintainer on the local forge, so a newcomer sees the inbox and ask first work without GitHub.
 * - While the repository's proposal (ask first) waits for an answer, it answers the proposal issue: a comment, a
 *   reaction (`+1`, `heart`, `-1`, ...), a label (`helicone: yes`) or a close, then signals `checkProposalNow`.
 * - Otherwise it adds the comment to the integration's upstream PR (LocalForge.maintainerComment) and signals its
 *   tracker to look now (`checkPullRequestNow`), so the message reaches the dashboard's /inbox in seconds.
 * The local forge only: on GitHub a real maintainer writes.
 */
import type { Client } from '@temporalio/client';
import { LocalForge } from '../../adapters/forge/local/local-forge';
import { askFirstWorkflowId } from '../../shared/ask-first-types';
import { askFirstStatusQuery, checkProposalNowSignal } from '../../workflows/ask-first-definitions';
import {
  checkPullRequestNowSignal,
  getPullRequestTrackingQuery,
  trackerWorkflowId,
} from '../../workflows/pull-request-tracker-definitions';
import { configOrExit } from '../env';
import { clientFor } from '../temporal-client';
import { UsageError } from '../usage-error';

export interface MaintainerSaysOptions {
  as: string;
  react?: string;
  label?: string;
  close?: boolean;
}

const REACTIONS = ['+1', '-1', 'laugh', 'confused', 'heart', 'hooray', 'rocket', 'eyes'];

export async function run(id: string, words: string[], opts: MaintainerSaysOptions): Promise<number | void> {
  const text = words.join(' ').trim();
  const onIssueOnly = opts.react !== undefined || opts.label !== undefined || !!opts.close;
  if (!text && !onIssueOnly) throw new UsageError('Say what the maintainer writes: maintainer-says <integration-id> "text".');
  if (opts.react !== undefined && !REACTIONS.includes(opts.react))
    throw new UsageError(`--react must be one of ${REACTIONS.join(', ')} (got "${opts.react}")`);
  if (opts.label !== undefined && !opts.label.trim()) throw new UsageError('--label needs a label name, e.g. --label "helicone: yes"');
  const config = configOrExit();
  if (config.FORGE !== 'local') throw new UsageError('maintainer-says plays a maintainer on the local forge only (FORGE=local).');
  const integrationId = id.replace(/^(integration|track|ask-first)-/, '');
  const client = await clientFor(config, 'maintainer-says');
  const forge = new LocalForge({ dataDir: config.DATA_DIR, botOwner: config.FORGE_BOT_OWNER });
  if (await answerProposal(client, forge, integrationId, text, opts)) return;
  if (onIssueOnly) {
    console.error(`No proposal of ${integrationId} waits for an answer (--react, --label and --close answer a proposal).`);
    return 1;
  }
  const tracker = client.workflow.getHandle(trackerWorkflowId(integrationId));
  const t = await tracker.query(getPullRequestTrackingQuery).catch(() => undefined);
  if (!t) {
    console.error(
      `No upstream PR tracker and no open proposal for ${integrationId} (approve its review first; list integrations with: npm run status).`,
    );
    return 1;
  }
  const [owner = '', name = ''] = t.repo.split('/');
  await forge.maintainerComment({ owner, name }, t.number, text, opts.as);
  await tracker.signal(checkPullRequestNowSignal).catch(() => undefined);
  console.log(`@${opts.as} commented on ${t.repo}#${t.number}; the tracker looks now. See it on the dashboard's /inbox.`);
}

/** True when the integration's proposal was waiting and got the answer. */
async function answerProposal(client: Client, forge: LocalForge, integrationId: string, text: string, opts: MaintainerSaysOptions) {
  const ask = client.workflow.getHandle(askFirstWorkflowId(integrationId));
  const s = await ask.query(askFirstStatusQuery).catch(() => undefined);
  if (s?.state !== 'asked' || !s.issue) return false;
  const [owner = '', name = ''] = s.repo.split('/');
  const repo = { owner, name };
  if (text) await forge.maintainerOnIssue(repo, s.issue.number, { comment: text }, opts.as);
  if (opts.react) await forge.maintainerOnIssue(repo, s.issue.number, { react: opts.react }, opts.as);
  if (opts.label) await forge.maintainerOnIssue(repo, s.issue.number, { label: opts.label.trim() }, opts.as);
  if (opts.close) await forge.maintainerOnIssue(repo, s.issue.number, { close: true }, opts.as);
  await ask.signal(checkProposalNowSignal);
  console.log(`@${opts.as} answered the proposal ${s.repo}#${s.issue.number}; it is read now: npm run status ${ask.workflowId}`);
  return true;
}
