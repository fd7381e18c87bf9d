/**
 * One bin, one subcommand per npm script, `--help` everywhere, and bad arguments refused by name with the usage and
 * exit code 1 before anything connects (no Temporal server runs in this file: a command that got that far would fail
 * differently).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli/program';
import { ROOT, runCli } from './run-cli';

const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  scripts: Record<string, string>;
  bin: Record<string, string>;
};
// Nothing listens here: a command that tried to connect would report the address instead of the argument.
const offline = { TEMPORAL_ADDRESS: '127.0.0.1:1', DATA_DIR: path.join(ROOT, '.data', 'cli-test') };

describe('the CLI', () => {
  it('keeps every npm script as an alias of the subcommand of the same name', () => {
    const names = buildProgram().commands.map((c) => c.name());
    const aliases = Object.entries(pkg.scripts).filter(([, cmd]) => cmd.includes('src/cli/main.ts'));
    expect(aliases.map(([name]) => name).sort()).toEqual([
      'campaign',
      'dashboard',
      'demo',
      'discover',
      'integrate',
      'maintainer-says',
      'opt-out',
      'review',
      'status',
      'verify',
      'webhooks',
      'worker',
      'workflow',
    ]);
    for (const [name, cmd] of aliases) {
      expect(cmd).toBe(`tsx src/cli/main.ts ${name}`);
      expect(names).toContain(name);
    }
    expect(pkg.scripts.start).toBe('node lib/cli/main.js worker');
    expect(pkg.bin['helicone-integrator']).toBe('bin/helicone-integrator.mjs');
  });

  it('--help lists the commands (through the bin) and explains one command (through the npm alias), exit 0', async () => {
    const top = await runCli(['--help'], offline, 'bin/helicone-integrator.mjs');
    expect(top.code).toBe(0);
    for (const name of [
      'demo',
      'worker',
      'workflow',
      'status',
      'review',
      'dashboard',
      'webhooks',
      'opt-out',
      'maintainer-says',
      'discover',
      'campaign',
      'integrate',
      'verify',
    ])
      expect(top.stdout).toMatch(new RegExp(`^  ${name} `, 'm'));
    expect(top.stdout).toContain('npm run <command> -- [arguments]');
    const review = await runCli(['review', '--help'], offline);
    expect(review.code).toBe(0);
    expect(review.stdout).toContain('Usage: helicone-integrator review [options] <workflow-id> <decision> [feedback...]');
    expect(review.stdout).toMatch(/decision +approve or reject/);
    const campaign = await runCli(['campaign', '--help'], offline);
    expect(campaign.stdout).toMatch(/--per-hour <n> +review PRs per hour at most \(default 5\)/);
  });

  it.each([
    [['workflow', '--colour', 'red'], /^Unknown option '--colour'\nusage: npm run workflow -- \[options\] \[repo-url\]/],
    [
      ['review', 'integration-x', 'maybe'],
      /value 'maybe' is invalid for argument 'decision'\. Allowed choices are approve, reject\.\nusage: npm run review --/,
    ],
    [['review'], /^Missing required argument 'workflow-id'/],
    [['status', 'a', 'b'], /^Too many arguments for 'status'/],
    [['workflow', '--routing', 'sometimes'], /^--routing must be one of optional, always \(got "sometimes"\)$/m],
    [['discover', '--limit', '500'], /^--limit must be a whole number from 1 to 100 \(got "500"\)$/m],
    [['campaign', 'stop', 'campaign-1'], /^unexpected "stop campaign-1"/],
    [['maintainer-says', 'x', '  '], /^Say what the maintainer writes: maintainer-says <integration-id> "text"\.$/m],
    [
      ['maintainer-says', 'x', '--react', 'thumbsup'],
      /^--react must be one of \+1, -1, laugh, confused, heart, hooray, rocket, eyes \(got "thumbsup"\)$/m,
    ],
    [['opt-out'], /^Give the integration id \(integration-<id> or <id>\), or --list\.$/m],
    [['opt-out', 'integration-x'], /^Say why with --reason "\.\.\."/],
    [['opt-out', 'integration-x', '--reason', 'x'.repeat(501)], /^The reason is 501 characters; the limit is 500\.$/m],
    [['opt-out', '--list', 'integration-x'], /^--list takes no integration id and no other option\.$/m],
    [['frobnicate'], /^Unknown command 'frobnicate'\nusage: helicone-integrator <command>/],
  ])('refuses %j by name, with the usage, exit 1, before connecting', async (args, message) => {
    const r = await runCli(args, offline);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(message);
    expect(r.out).not.toMatch(/Cannot reach the Temporal server|Error:| {4}at /);
  });

  it('runs a command through the bin (tsx in a checkout) with the same result as the npm alias', async () => {
    const viaBin = await runCli(['verify', 'examples/unconditional-route', '--routing', 'always'], offline, 'bin/helicone-integrator.mjs');
    const viaAlias = await runCli(['verify', 'examples/unconditional-route', '--routing', 'always'], offline);
    expect(viaBin.code).toBe(0);
    expect(viaBin.stdout).toMatch(/^routed +src\/client\.ts:3 +openai/m);
    expect(viaBin.stdout).toBe(viaAlias.stdout);
  });

  it('prints the help on stderr and exits 1 when no command is given; --version prints the version', async () => {
    const none = await runCli([], offline);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('Usage: helicone-integrator [options] [command]');
    const v = await runCli(['--version'], offline);
    expect(v.code).toBe(0);
    expect(v.stdout.trim()).toBe((JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version);
  });

  it('webhooks refuses to start without WEBHOOK_SECRET, or with a short one, before connecting (exit 2)', async () => {
    const none = await runCli(['webhooks'], { ...offline, WEBHOOK_SECRET: '' });
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/^WEBHOOK_SECRET is required: the receiver checks every delivery's X-Hub-Signature-256 with it/);
    expect(none.out).not.toMatch(/Temporal|listening|receiver: POST/);
    const short = await runCli(['webhooks'], { ...offline, WEBHOOK_SECRET: 'hunter2' });
    expect(short.code).toBe(2);
    expect(short.stderr).toContain('WEBHOOK_SECRET: must be at least 16 characters');
  });

  it('exits 2 on invalid configuration, naming the variable', async () => {
    const r = await runCli(['status'], { ...offline, REVIEW_TIMEOUT: 'next week' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('REVIEW_TIMEOUT: must be a duration such as');
  });
});
