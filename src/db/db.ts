// One small interface over the two databases Refundry runs on: PGlite (embedded, the default)
// and PostgreSQL (DATABASE_URL). Everything above this layer writes plain SQL with $1 params and
// gets plain rows back: int8 as number, timestamptz as Date, jsonb as objects, on both.

export interface Queryable {
  query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<Row[]>;
}

export interface Db extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /** Runs fn in one transaction; commits if it resolves, rolls back if it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Runs a script of several statements (migrations). */
  exec(sql: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * The database cannot be reached right now: the server is restarting, failing over, refusing
 * connections, or dropped the connection mid-transaction. Nothing in the failed transaction was
 * committed (or, for a lost COMMIT, it is unknown: every caller's work is safe to repeat). The HTTP
 * layer answers 503 database_unavailable with Retry-After; loops wait and try again.
 */
export class DatabaseUnavailableError extends Error {
  override name = 'DatabaseUnavailableError';
  constructor(cause: unknown) {
    super(`The database is unavailable: ${cause instanceof Error ? cause.message : String(cause)}`, {
      cause,
    });
  }
}

export interface DbConfig {
  /** postgres://… — when set, PostgreSQL is used and dataDir is ignored. */
  databaseUrl?: string | undefined;
  /** Folder for the embedded PGlite database; undefined means in memory (tests). */
  dataDir?: string | undefined;
  /** Connections in the PostgreSQL pool. */
  poolSize?: number;
  /** Told when the embedded data folder had to be tightened to owner-only. */
  logger?: { warn(obj: object, msg: string): void } | undefined;
}

export async function openDb(config: DbConfig): Promise<Db> {
  if (config.databaseUrl) {
    const { openPostgres } = await import('./postgres.ts');
    return openPostgres(config.databaseUrl, config.poolSize ?? 10);
  }
  const { openPglite } = await import('./pglite.ts');
  return openPglite(config.dataDir, config.logger);
}
