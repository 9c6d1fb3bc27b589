// Counting the SQL a code path runs: a Db wrapper that counts every statement sent (BEGIN and
// COMMIT included) and every commit, so benches can report statements per refund and tests can
// hold a hot path to its budget. It adds a counter increment per call and nothing else.
import type { Db, Queryable } from './db.ts';

export interface StatementCounts {
  /** Statements sent, each BEGIN and COMMIT/ROLLBACK included. */
  statements: number;
  /** Commits: each transaction, and each statement run outside one (autocommit) but a plain SELECT. */
  commits: number;
}

export interface CountingDb extends Db {
  readonly counts: StatementCounts;
  /** The counts since the last reset, and zero again. */
  reset(): StatementCounts;
}

/** A plain SELECT (one that calls a function with side effects would be miscounted; none does). */
const READ = /^\s*SELECT\b/i;

/**
 * Counts every statement of `db` but those `uncounted` says (a test holding a path to its budget
 * can leave out reads that depend on the clock, such as a cache's refresh).
 */
export function countStatements(db: Db, uncounted?: (sql: string) => boolean): CountingDb {
  let counts: StatementCounts = { statements: 0, commits: 0 };
  const inTx = (tx: Queryable): Queryable => ({
    query(sql, params) {
      if (!uncounted?.(sql)) counts.statements++;
      return tx.query(sql, params);
    },
  });
  return {
    kind: db.kind,
    get counts() {
      return { ...counts };
    },
    reset() {
      const before = counts;
      counts = { statements: 0, commits: 0 };
      return before;
    },
    query(sql, params) {
      if (uncounted?.(sql)) return db.query(sql, params);
      counts.statements++;
      // A read outside a transaction has nothing to commit (no WAL to flush); every other statement
      // on its own is a transaction of its own.
      if (!READ.test(sql)) counts.commits++;
      return db.query(sql, params);
    },
    async transaction(fn) {
      counts.statements += 2; // BEGIN, COMMIT (or ROLLBACK)
      counts.commits++;
      return db.transaction((tx) => fn(inTx(tx)));
    },
    exec(sql) {
      counts.statements++;
      counts.commits++;
      return db.exec(sql);
    },
    close: () => db.close(),
  };
}
