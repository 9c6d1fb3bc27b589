// One small interface over the two databases Refundry runs on: PGlite (embedded, the default)
// and PostgreSQL (DATABASE_URL). Everything above this layer writes plain SQL with $1 params and
// gets plain rows back: int8 as number, timestamptz as Date, jsonb as objects, on both.

import { type DataDirLock, takeDataDir } from './data-dir-lock.ts';
import type { PreparedPglite } from './pglite.ts';
import type { Db } from './queryable.ts';

export {
  DatabaseUnavailableError,
  type Db,
  PLAN_EACH_CALL,
  plannedEachCall,
  type Queryable,
} from './queryable.ts';

export interface DbConfig {
  /** postgres://… — when set, PostgreSQL is used and dataDir is ignored. */
  databaseUrl?: string | undefined;
  /** Folder for the embedded PGlite database; undefined means in memory (tests). */
  dataDir?: string | undefined;
  /** Connections in the PostgreSQL pool. */
  poolSize?: number;
  /** Told when the embedded data folder had to be tightened to owner-only. */
  logger?: { warn(obj: object, msg: string): void } | undefined;
  /** The embedded data folder's lock when the caller took it already (see takeDataDir in data-dir-lock.ts). */
  dataDirLock?: DataDirLock | undefined;
  /** What the holder of that lock began for opening PGlite (see beginEmbeddedStart). */
  preparedPglite?: PreparedPglite | undefined;
}

/** The embedded data folder, taken, and the opening of its database begun (see preparePglite). */
export interface EmbeddedStart {
  dataDirLock: DataDirLock;
  preparedPglite: PreparedPglite;
}

/**
 * Takes the embedded data folder (takeDataDir in data-dir-lock.ts) and begins, on other threads,
 * what opening its database waits for: the demo calls it before it loads the service's modules,
 * and hands the result to runService.
 */
export async function beginEmbeddedStart(
  dataDir: string,
  logger?: DbConfig['logger'],
): Promise<EmbeddedStart> {
  const dataDirLock = await takeDataDir(dataDir, logger);
  try {
    const { preparePglite } = await import('./pglite.ts');
    return { dataDirLock, preparedPglite: preparePglite(dataDir) };
  } catch (error) {
    dataDirLock.release();
    throw error;
  }
}

export async function openDb(config: DbConfig): Promise<Db> {
  if (config.databaseUrl) {
    const { openPostgres } = await import('./postgres.ts');
    return openPostgres(config.databaseUrl, config.poolSize ?? 10);
  }
  const { openPglite } = await import('./pglite.ts');
  return openPglite(config.dataDir, config.logger, config.dataDirLock, config.preparedPglite);
}
