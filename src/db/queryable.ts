// The database interface every layer writes its SQL against (db.ts opens one), and the one error
// that says the database could not be reached. Kept apart from db.ts, which loads the two drivers,
// so that the drivers can name it without an import cycle.

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
