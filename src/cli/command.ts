// What a subcommand is, and the two refusals every command may throw. Kept apart from main.ts so
// that the commands do not import the dispatcher that loads them (no import cycle).

export interface Command {
  summary: string;
  usage: string;
  /** Runs the command; resolves to the process exit code. Long-running commands resolve when stopped. */
  run(argv: string[]): Promise<number>;
}

/** Thrown by a command for bad flags or configuration: printed plainly, exit code 2, no stack trace. */
export class UsageError extends Error {}

/** A command that cannot run as things are (e.g. beside a running service): one line, exit code 2. */
export class CommandRefused extends Error {}
