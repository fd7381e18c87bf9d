/**
 * The `helicone-integrator` command line (commander): one program, one subcommand per job, `--help` on each. The
 * npm scripts (`npm run worker`, `npm run review -- …`) are aliases of the subcommands of the same name.
 */
import 'dotenv/config';
import fs from 'node:fs';
import path from 'node:path';
import { CommanderError, type Command } from 'commander';
import { commands } from './commands';
import { BIN, lastExitCode, newCommand, usageError } from './command-kit';
import { runMain } from './run-main';
import { USAGE_EXIT_CODE } from './usage-error';

function version(): string {
  // src/cli and lib/cli are both two levels below the package root.
  const pkg = JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', '..', 'package.json'), 'utf8')) as { version?: string };
  return pkg.version ?? 'unknown';
}

export function buildProgram(): Command {
  const program = newCommand(BIN)
    .description(
      'Adds Helicone observability to repositories that call LLM APIs, as durable Temporal workflows, and opens the pull requests.',
    )
    .version(version(), '-V, --version', 'print the version')
    .addHelpText(
      'after',
      [
        '',
        'Every command is also an npm script of the same name: npm run <command> -- [arguments].',
        'Settings come from the environment or .env (docs/configuration.md); Temporal ones also from a temporal.toml profile.',
        'Exit codes: 0 done; 1 failed, refused, or a bad argument (the message says which); 2 invalid configuration.',
      ].join('\n'),
    );
  for (const command of commands()) program.addCommand(command);
  return program;
}

/** Parses `argv` (after the program name), runs the command and exits with its code. */
export function runCli(argv: string[]): void {
  runMain(async () => {
    const program = buildProgram();
    try {
      await program.parseAsync(argv, { from: 'user' });
    } catch (err) {
      if (!(err instanceof CommanderError)) throw err;
      // --help and --version exit 0; no command at all printed the help to stderr and is a usage error.
      if (err.exitCode === 0) return 0;
      if (err.code === 'commander.help' || err.code === 'commander.helpDisplayed') return USAGE_EXIT_CODE;
      throw usageError(
        program.commands.find((c) => c.name() === argv[0]),
        err,
      );
    }
    return lastExitCode();
  });
}
