import { type Config, ConfigError, loadConfig } from '../config.ts';
import { UsageError } from './main.ts';

/** Loads the configuration for a command; a bad variable is a usage error (plain message, exit 2). */
export function loadCliConfig(env: Record<string, string | undefined> = process.env): Config {
  try {
    return loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(error.message);
    throw error;
  }
}
