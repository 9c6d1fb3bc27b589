// The plan a prepared statement gets when both engines keep its generic plan (what Refundry's
// connections run, test/db/generic-plans.test.ts): for tests that an index is still read
// whatever the parameters' values.
import type { Db } from '../../src/db/db.ts';

class Plan extends Error {}

/**
 * EXPLAIN of `sql` prepared with `types` and run with `args`, under a generic plan and with
 * sequential scans discouraged, in a transaction rolled back (the database stays as it was).
 */
export function genericPlan(
  db: Pick<Db, 'transaction'>,
  sql: string,
  types: string,
  args: string,
): Promise<string> {
  return db
    .transaction(async (tx) => {
      await tx.query('SET LOCAL plan_cache_mode = force_generic_plan');
      await tx.query('SET LOCAL enable_seqscan = off');
      await tx.query(`PREPARE q(${types}) AS ${sql}`);
      const rows = await tx.query<{ 'QUERY PLAN': string }>(`EXPLAIN EXECUTE q(${args})`);
      await tx.query('DEALLOCATE q');
      throw new Plan(rows.map((r) => r['QUERY PLAN']).join('\n'));
    })
    .catch((e: unknown) => {
      if (e instanceof Plan) return e.message;
      throw e;
    });
}
