/**
 * How every command is declared and parsed (commander): the bin's subcommands and the pure argument parsers
 * (`parseDiscoverArgs`, `parseCampaignArgs`) use the same definitions, so `--help`, the checks and the errors agree.
 * Commander never exits the process itself: its errors become UsageErrors that name the argument and the usage.
 */
import { Command, CommanderError, Option, type OptionValues } from 'commander';
import { ROUTING_MODES } from '../shared/types';
import { parseRouting } from './routing-arg';
import { UsageError } from './usage-error';

export const BIN = 'helicone-integrator';

/** A command that throws instead of exiting; its error messages are left to `usageError`. */
export function newCommand(name: string): Command {
  return new Command(name)
    .exitOverride()
    .allowExcessArguments(false)
    .configureOutput({ outputError: () => undefined })
    .helpOption('-h, --help', 'show this help');
}

/** `--routing optional|always`, refused by name (parseRouting) before anything runs. */
export function routingOption(): Option {
  return new Option('--routing <mode>', `route through Helicone: ${ROUTING_MODES.join(' or ')} (default: ROUTING)`).argParser(parseRouting);
}

/** How to call `cmd`: through npm (the scripts are aliases) or the bin. */
export function usageLine(cmd: Command): string {
  const name = cmd.name();
  return `usage: npm run ${name} -- ${cmd.usage()}   (or: ${BIN} ${name} ${cmd.usage()}); add --help for details`;
}

/** Commander's message ("error: unknown option '--x'") as a sentence, with the command's usage. */
export function usageError(cmd: Command | undefined, err: CommanderError): UsageError {
  const text = err.message.replace(/^error: /, '');
  const sentence = text.charAt(0).toUpperCase() + text.slice(1);
  return new UsageError(`${sentence}\n${cmd ? usageLine(cmd) : `usage: ${BIN} <command> [options]; ${BIN} --help lists the commands`}`);
}

/**
 * Parses `argv` (the arguments after the command name) with `cmd`'s declaration, for a parser that returns values
 * instead of running an action. Help output is suppressed; syntax errors throw UsageError.
 */
export function parseWith<T extends OptionValues>(cmd: Command, argv: string[]): { opts: T; args: string[] } {
  cmd.configureOutput({ outputError: () => undefined, writeOut: () => undefined, writeErr: () => undefined });
  try {
    cmd.parse(argv, { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) throw usageError(cmd, err);
    throw err;
  }
  return { opts: cmd.opts<T>(), args: cmd.args };
}

let exitCode = 0;

/** Sets `cmd`'s action; what it returns becomes the process's exit code (see program.ts). */
export function runs<A extends unknown[]>(cmd: Command, action: (...args: A) => Promise<number | void>): Command {
  return cmd.action(async (...args: unknown[]) => {
    exitCode = (await action(...(args as A))) ?? 0;
  });
}

/** The exit code the last action returned. */
export function lastExitCode(): number {
  return exitCode;
}
