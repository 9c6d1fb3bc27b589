import { type Config, ConfigError, loadConfig } from '../config.ts';
import { createLogger, type Logger } from '../shared/logger.ts';
import { UsageError } from './command.ts';

/** Warnings of one-shot commands (e.g. a data folder tightened to owner-only) go to stderr. */
export function stderrLogger(): Logger {
  return createLogger({ level: 'warn', destination: process.stderr });
}

/** Loads the configuration for a command; a bad variable is a usage error (plain message, exit 2). */
export function loadCliConfig(env: Record<string, string | undefined> = process.env): Config {
  try {
    return loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(error.message);
    throw error;
  }
}
