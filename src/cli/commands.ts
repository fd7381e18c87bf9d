/**
 * What each command accepts (commander declarations, with their help texts), and where its code is. The code is
 * loaded when the command runs, so `--help` and a refused argument answer without loading the worker, the dashboard
 * or the Temporal client.
 */
import { Argument, type Command } from 'commander';
import { MAX_FEEDBACK_CHARS } from '../shared/review-payload';
import type { RoutingMode } from '../shared/types';
import { campaignCommand } from './campaign/campaign-args';
import { newCommand, routingOption, runs } from './command-kit';
import { discoverCommand } from './discover/discover-args';

export function commands(): Command[] {
  return [
    runs(
      newCommand('demo')
        .summary('the whole job on this machine, no tokens needed')
        .description(
          'The whole job on this machine, no tokens: embedded Temporal, a worker, the local forge and the codemod; review in this terminal.',
        )
        .argument('[repo]', 'a local repository (path or file:// URL); default: examples/sample-app')
        .option('--auto-approve', 'approve the first review PR without asking (exit 0 only when the integration completes)', false),
      async (repo: string | undefined, opts: { autoApprove: boolean }) => (await import('./commands/demo.js')).run(repo, opts),
    ),
    runs(
      newCommand('worker')
        .summary('run a worker (registers the search attributes it needs)')
        .description(
          'Run a worker on the helicone-integration task queue of the configured Temporal (dev server, cluster or Temporal Cloud). ' +
            'Registers the search attributes it needs; SIGTERM drains it within WORKER_SHUTDOWN_GRACE and exits 0.',
        ),
      async () => (await import('./commands/worker.js')).run(),
    ),
    runs(
      newCommand('workflow')
        .summary('start an integration of a repository')
        .description('Start an integration (a repositoryIntegrationWorkflow) for a running worker, and print how to review it.')
        .argument('[repo-url]', 'GitHub URL (GitHub forge) or local path / file:// URL (local forge); default: examples/sample-app')
        .addOption(routingOption()),
      async (repoUrl: string | undefined, opts: { routing?: RoutingMode }) => (await import('./commands/workflow.js')).run(repoUrl, opts),
    ),
    runs(
      newCommand('status')
        .summary("one integration's status, or all of them by state")
        .description("One integration's status as JSON (with its upstream PR once approved), or every integration by state.")
        .argument('[workflow-id]', 'integration-<id> or just <id>; none: list them all'),
      async (id: string | undefined) => (await import('./commands/status.js')).run(id),
    ),
    runs(
      newCommand('review')
        .summary('approve or reject a review PR')
        .description('Approve the review PR of an integration, or reject it (with feedback, the integrator writes the next version).')
        .argument('<workflow-id>', 'integration-<id> or just <id>')
        .addArgument(new Argument('<decision>', 'approve or reject').choices(['approve', 'reject']))
        .argument('[feedback...]', `with reject: what to change (at most ${MAX_FEEDBACK_CHARS} characters)`),
      async (id: string, decision: 'approve' | 'reject', feedback: string[]) =>
        (await import('./commands/review.js')).run(id, decision, feedback),
    ),
    runs(
      newCommand('dashboard')
        .summary('serve the review dashboard')
        .description('Serve the review dashboard on DASHBOARD_HOST:DASHBOARD_PORT (default 127.0.0.1:3000) until SIGINT/SIGTERM.'),
      async () => (await import('./commands/dashboard.js')).run(),
    ),
    runs(
      newCommand('webhooks')
        .summary('receive GitHub webhooks so trackers look at once')
        .description(
          'Receive GitHub webhooks (pull requests, comments, reviews, checks) on WEBHOOK_HOST:WEBHOOK_PORT (default 127.0.0.1:8788) ' +
            'and ask the upstream PR trackers to look now instead of at their next poll; needs WEBHOOK_SECRET. Runs until SIGINT/SIGTERM.',
        ),
      async () => (await import('./commands/webhooks.js')).run(),
    ),
    runs(
      newCommand('opt-out')
        .summary('put a repository (or its owner) on the never-again list, or take it off')
        .description(
          'Put the repository of an integration on the never-again list by hand (discovery and campaigns skip it, showing the reason), ' +
            'or with --owner every repository of its owner; --undo takes it off; --list prints the list.',
        )
        .argument('[integration-id]', 'integration-<id> or just <id>')
        .option('--owner', 'the whole owner (organisation or user), not just this repository', false)
        .option('--reason <text>', 'why (required to mark; shown with every exclusion)')
        .option('--undo', 'take the entry off the list', false)
        .option('--list', 'print the never-again list', false),
      async (id: string | undefined, opts: import('./commands/opt-out.js').OptOutOptions) =>
        (await import('./commands/opt-out.js')).run(id, opts),
    ),
    runs(
      newCommand('maintainer-says')
        .summary('play a maintainer on the local forge: answer a proposal, or comment on an upstream PR')
        .description(
          "Play a maintainer on the local forge (FORGE=local only): while the integration's proposal (ask first) waits, answer its issue " +
            '(a comment, --react, --label, --close) and have it read at once; otherwise add a comment to the upstream PR and tell its ' +
            "tracker to look now, so the message shows in the dashboard's inbox.",
        )
        .argument('<integration-id>', 'integration-<id>, ask-first-<id> or just <id>')
        .argument('[text...]', 'what the maintainer writes')
        .option('--as <login>', "the maintainer's login", 'maintainer')
        .option('--react <emoji>', 'a reaction on the proposal: +1, heart, hooray, rocket (yes), -1 (no), ...')
        .option('--label <name>', 'a label on the proposal: "helicone: yes" or "helicone: no"')
        .option('--close', 'close the proposal (a no)', false),
      async (id: string, text: string[], opts: import('./commands/maintainer-says.js').MaintainerSaysOptions) =>
        (await import('./commands/maintainer-says.js')).run(id, text, opts),
    ),
    runs(discoverCommand(), async (opts: Parameters<typeof import('./commands/discover.js').run>[0]) =>
      (await import('./commands/discover.js')).run(opts),
    ),
    runs(
      campaignCommand(),
      async (action: string | undefined, id: string | undefined, opts: Parameters<typeof import('./commands/campaign.js').run>[2]) =>
        (await import('./commands/campaign.js')).run(action, id, opts),
    ),
    runs(
      newCommand('integrate')
        .summary('run the integrator alone on a local checkout')
        .description(
          "Run the integrator alone on a local checkout: print the diff and the verifier's result, then write the changed files.",
        )
        .argument('[path]', 'the checkout (default: the current directory)')
        .option('--dry-run', 'leave the checkout untouched (print only)', false)
        .addOption(routingOption()),
      async (dir: string | undefined, opts: { dryRun: boolean; routing?: RoutingMode }) =>
        (await import('./commands/integrate.js')).run(dir, opts),
    ),
    runs(
      newCommand('verify')
        .summary('run the verifier alone on a local checkout')
        .description(
          'Run the verifier on a local checkout: one line per LLM client with its verdict; exit 1 when one blocks (missed, unconditional, misrouted, unparsable).',
        )
        .argument('[path]', 'the checkout (default: the current directory)')
        .option('--base <rev>', 'compare each file with this git revision (proves the request without HELICONE_API_KEY is the original)')
        .addOption(routingOption()),
      async (dir: string | undefined, opts: { base?: string; routing?: RoutingMode }) =>
        (await import('./commands/verify.js')).run(dir, opts),
    ),
  ];
}
