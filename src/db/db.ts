// One small interface over the two databases Refundry runs on: PGlite (embedded, the default)
// and PostgreSQL (DATABASE_URL). Everything above this layer writes plain SQL with $1 params and
// gets plain rows back: int8 as number, timestamptz as Date, jsonb as objects, on both.

import type { DataDirLock } from './data-dir-lock.ts';
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
}

export async function openDb(config: DbConfig): Promise<Db> {
  if (config.databaseUrl) {
    const { openPostgres } = await import('./postgres.ts');
    return openPostgres(config.databaseUrl, config.poolSize ?? 10);
  }
  const { openPglite } = await import('./pglite.ts');
  return openPglite(config.dataDir, config.logger, config.dataDirLock);
}
