// The `refundry` command line: one subcommand per module, loaded only when used so that
// `refundry sandbox` does not pay for the service's dependencies and vice versa.
import { DataDirLockedError } from '../db/data-dir-lock.ts';
import { restrictUmask } from '../shared/private-files.ts';
import { type Command, CommandRefused, UsageError } from './command.ts';

const commands: Record<string, () => Promise<Command>> = {
  sandbox: async () => (await import('./sandbox-command.ts')).sandboxCommand,
  serve: async () => (await import('./serve-command.ts')).serveCommand,
  migrate: async () => (await import('./migrate-command.ts')).migrateCommand,
  keys: async () => (await import('./keys-command.ts')).keysCommand,
  users: async () => (await import('./users-command.ts')).usersCommand,
  demo: async () => (await import('./demo-command.ts')).demoCommand,
  reconcile: async () => (await import('./reconcile-command.ts')).reconcileCommand,
  refunds: async () => (await import('./refunds-command.ts')).refundsCommand,
  openapi: async () => (await import('./openapi-command.ts')).openapiCommand,
};

export function helpText(): string {
  const lines = ['Usage: refundry <command> [options]', '', 'Commands:'];
  for (const name of Object.keys(commands)) lines.push(`  ${name}`);
  lines.push('', 'Run `refundry <command> --help` for the options of one command.');
  return lines.join('\n');
}

export async function main(argv: string[]): Promise<number> {
  // Everything Refundry writes (the embedded database, .eml files, the sandbox journal, reports) is
  // owner-only whatever the shell's umask; the writers also pass explicit modes.
  restrictUmask();
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(helpText());
    return name ? 0 : 2;
  }
  const load = commands[name];
  if (!load) {
    console.error(`refundry: unknown command '${name}'.\n\n${helpText()}`);
    return 2;
  }
  const command = await load();
  if (rest.includes('--help') || rest.includes('-h')) {
    console.log(`${command.summary}\n\n${command.usage}`);
    return 0;
  }
  try {
    return await command.run(rest);
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`refundry ${name}: ${error.message}\n\n${command.usage}`);
      return 2;
    }
    // Another process holds the data folder (a running service): one line, no stack trace.
    if (error instanceof CommandRefused || error instanceof DataDirLockedError) {
      console.error(`refundry ${name}: ${error.message}`);
      return 2;
    }
    throw error;
  }
}
