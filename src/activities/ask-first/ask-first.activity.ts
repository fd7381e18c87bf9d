/**
 * The ask-first workflow's activities: preview what an integration would touch (a throwaway read-only clone of
 * upstream and the deterministic codemod; no fork), open the proposal issue, read its answer, close it. Each is
 * idempotent: the issue is found again by the marker in its body, a close of a closed issue does nothing, and the
 * reads change nothing.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Context, log } from '@temporalio/activity';
import { WorkflowNotFoundError } from '@temporalio/client';
import type { RepoPermission } from '../../adapters/forge/forge';
import { ensureClone } from '../../adapters/git/workspace';
import { CodemodIntegrator } from '../../adapters/integrator/codemod';
import type { IntegrationPreview, ProposalAnswer, ProposalRef } from '../../shared/ask-first-types';
import { proposalMarker } from '../../shared/ask-first-types';
import type { IntegrationInput, RoutingMode } from '../../shared/types';
import { workflowIdFor } from '../../shared/workflow-ids';
import { analyzeRepository } from '../analyze-repository';
import type { ActivityDeps } from '../deps';
import { classifyErrors } from '../errors';
import { authorsToCheck, classifyAnswer } from './classify-answer';
import { proposalBody, proposalTitle } from './proposal-text';

type RepoName = { owner: string; name: string };
const MAX_LISTED = 50;

export interface ProposalLook {
  answer?: ProposalAnswer;
  state: 'open' | 'closed';
  /** Comments and reactions seen (for the status). */
  messages: number;
}

export function askFirstActivities(deps: ActivityDeps) {
  return {
    async previewIntegration(p: { integration: IntegrationInput }): Promise<IntegrationPreview> {
      return classifyErrors(async () => {
        const i = p.integration;
        const upstream = await deps.forge.getRepository({ owner: i.repoOwner, name: i.repoName, url: i.repoUrl });
        if (await integrationExists(workflowIdFor(i.integrationId))) {
          return { files: [], clients: [], webUrl: upstream.coords.webUrl, alreadyIntegrated: true };
        }
        // A fresh directory per attempt, removed whatever happens: nothing of upstream is kept on the worker.
        const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'helicone-preview-'));
        try {
          const work = path.join(dir, 'repo');
          await ensureClone({ cloneUrl: upstream.coords.cloneUrl, dir: work, auth: deps.forge.gitAuth(), branch: upstream.defaultBranch });
          const analysis = await analyzeRepository(work, { repoName: i.repoName });
          const routing: RoutingMode | undefined = i.routing ?? deps.config.ROUTING;
          // Always the codemod: deterministic, free and quick. A coding agent might touch more; the PR lists what it did.
          const outcome = await new CodemodIntegrator().integrate({
            workdir: work,
            integrationId: i.integrationId,
            attempt: 1,
            feedback: [],
            ...(routing ? { routing } : {}),
            analysis,
            log: (m) => log.debug(m),
          });
          const clients = outcome.sites.filter((s) => s.outcome === 'changed').map((s) => `\`${s.file}:${s.line}\` (${s.library})`);
          log.info(`Preview of ${i.repoOwner}/${i.repoName}: ${outcome.filesChanged.length} file(s)`);
          return {
            files: outcome.filesChanged.slice(0, MAX_LISTED),
            clients: clients.slice(0, MAX_LISTED),
            webUrl: upstream.coords.webUrl,
          };
        } finally {
          await fs.rm(dir, { recursive: true, force: true });
        }
      });
    },

    async openProposalIssue(p: {
      repo: RepoName;
      integrationId: string;
      preview: IntegrationPreview;
      routing?: RoutingMode;
      timeout: string;
    }): Promise<ProposalRef> {
      return classifyErrors(async () => {
        const marker = proposalMarker(p.integrationId);
        const issue = await deps.forge.ensureIssue(p.repo, {
          title: proposalTitle(),
          body: proposalBody({ preview: p.preview, ...(p.routing ? { routing: p.routing } : {}), timeout: p.timeout, marker }),
          marker,
        });
        log.info(`Proposal: ${issue.url}`);
        return { number: issue.number, url: issue.url };
      });
    },

    /** One look: the issue, then the permission of each author who wrote or reacted (at most 20 reads). */
    async readProposalAnswer(p: { repo: RepoName; issue: ProposalRef }): Promise<ProposalLook> {
      return classifyErrors(async () => {
        const activity = await deps.forge.getIssueActivity(p.repo, p.issue.number);
        const bot = await deps.forge.botLogin();
        const permissions: Record<string, RepoPermission> = {};
        for (const who of authorsToCheck(activity, bot)) permissions[who] = await deps.forge.permissionOf(p.repo, who);
        const answer = classifyAnswer(activity, { bot, permissions, issueUrl: p.issue.url, now: new Date().toISOString() });
        return {
          ...(answer ? { answer } : {}),
          state: activity.state,
          messages: activity.comments.length + activity.reactions.length,
        };
      });
    },

    async closeProposalIssue(p: { repo: RepoName; issue: ProposalRef; comment: string }): Promise<void> {
      return classifyErrors(() => deps.forge.closeIssue(p.repo, p.issue.number, p.comment));
    },
  };
}

async function integrationExists(workflowId: string): Promise<boolean> {
  try {
    await Context.current().client.workflow.getHandle(workflowId).describe();
    return true;
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return false;
    throw err;
  }
}
