// What a subcommand is, how it reads its flags, and the two refusals every command may throw. Kept apart from main.ts so
// that the commands do not import the dispatcher that loads them (no import cycle).
import { type ParseArgsConfig, parseArgs } from 'node:util';

export interface Command {
  summary: string;
  usage: string;
  /** Runs the command; resolves to the process exit code. Long-running commands resolve when stopped. */
  run(argv: string[]): Promise<number>;
}

/** Thrown by a command for bad flags or configuration: printed plainly, exit code 2, no stack trace. */
export class UsageError extends Error {}

/** node:util's parseArgs, with what it refuses (an unknown or malformed flag) as a UsageError. */
export function parseFlags<T extends ParseArgsConfig>(config: T): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** A command that cannot run as things are (e.g. beside a running service): one line, exit code 2. */
export class CommandRefused extends Error {}
