// The database interface every layer writes its SQL against (db.ts opens one), and the one error
// that says the database could not be reached. Kept apart from db.ts, which loads the two drivers,
// so that the drivers can name it without an import cycle.

export interface Queryable {
  query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<Row[]>;
}

/**
 * Put in a statement whose best plan depends on its parameters, such as the payment search (a prefix
 * that matches three payments, or three hundred thousand). Both engines keep every other SQL text
 * as a prepared statement, and PostgreSQL plans a prepared statement for its actual parameters
 * only five times before it may settle on one generic plan that cannot know how selective they
 * are: for the search, a walk of every payment newest first (2.7 s per search on 1M payments
 * instead of about a millisecond). A statement carrying this comment is never prepared, so it is
 * planned for its parameters on every call.
 */
export const PLAN_EACH_CALL = '/* plan each call */';

/** Whether `sql` must be planned on every call (see PLAN_EACH_CALL). */
export const plannedEachCall = (sql: string): boolean => sql.includes(PLAN_EACH_CALL);

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
