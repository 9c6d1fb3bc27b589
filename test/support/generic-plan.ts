// Plans of prepared statements, for tests that an index is still read whatever the parameters'
// values: under the generic plan both engines keep for Refundry's hot statements
// (test/db/generic-plans.test.ts), made in a transaction that is rolled back.
import type { Db, Queryable } from '../../src/db/db.ts';

/** Carries a result out of a transaction that must not commit. */
class RolledBack<T> extends Error {
  readonly value: T;
  constructor(value: T) {
    super('rolled back');
    this.value = value;
  }
}

/** What `fn` returns, run in a transaction that is then rolled back: the database stays as it was. */
export async function rolledBack<T>(
  db: Pick<Db, 'transaction'>,
  fn: (tx: Queryable) => Promise<T>,
): Promise<T> {
  try {
    await db.transaction(async (tx) => {
      throw new RolledBack(await fn(tx));
    });
  } catch (e: unknown) {
    if (e instanceof RolledBack) return e.value as T;
    throw e;
  }
  throw new Error('unreachable: the transaction always throws');
}

/** EXPLAIN (the plan's lines joined) of the prepared statement `name` run with `args`. */
export async function explainExecute(tx: Queryable, name: string, args: string, verbose = false) {
  const rows = await tx.query<{ 'QUERY PLAN': string }>(
    `EXPLAIN ${verbose ? '(VERBOSE) ' : ''}EXECUTE ${name}(${args})`,
  );
  await tx.query(`DEALLOCATE ${name}`);
  return rows.map((r) => r['QUERY PLAN']).join('\n');
}

/**
 * EXPLAIN of `sql` prepared with `types` and run with `args`, under a generic plan and with
 * sequential scans discouraged, in a transaction rolled back.
 */
export function genericPlan(
  db: Pick<Db, 'transaction'>,
  sql: string,
  types: string,
  args: string,
): Promise<string> {
  return rolledBack(db, async (tx) => {
    await tx.query('SET LOCAL plan_cache_mode = force_generic_plan');
    await tx.query('SET LOCAL enable_seqscan = off');
    await tx.query(`PREPARE q(${types}) AS ${sql}`);
    return explainExecute(tx, 'q', args);
  });
}
