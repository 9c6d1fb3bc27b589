// PostgreSQL connections plan each prepared statement once (plan_cache_mode force_generic_plan,
// src/db/postgres.ts), and a statement marked PLAN_EACH_CALL is still planned for its parameters.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/db.ts';
import { PLAN_EACH_CALL } from '../../src/db/db.ts';
import { createTestDb, engines } from '../support/databases.ts';

// Every warning of this file's process, from its first connection on (Node prints a deprecation once).
const warnings: string[] = [];
process.on('warning', (w) => warnings.push(w.message));

describe.runIf(engines().includes('postgres'))('plans on postgres', () => {
  let db: Db;
  beforeAll(async () => {
    db = await createTestDb('postgres');
  });
  afterAll(async () => db?.close());

  it('a prepared statement is planned once on a connection, generic from its first call', async () => {
    const sql = 'SELECT r.id FROM unnest($1::text[]) AS w(id) JOIN refunds r ON r.id = w.id';
    const plans = await db.transaction(async (tx) => {
      for (const ids of [['rf_a'], ['rf_a', 'rf_b'], ['rf_c'], ['rf_d'], ['rf_e'], ['rf_f'], ['rf_g']])
        await tx.query(sql, [ids]);
      const [row] = await tx.query<{ generic: number; custom: number }>(
        'SELECT generic_plans::int AS generic, custom_plans::int AS custom FROM pg_prepared_statements WHERE statement = $1',
        [sql],
      );
      return row;
    });
    // (Left to its default, PostgreSQL planned the first five calls for their ids: custom 5 or more.)
    expect(plans).toEqual({ generic: 7, custom: 0 });
  });

  it('a PLAN_EACH_CALL statement is planned for its parameters, and the connection plans once again after it', async () => {
    const modes = await db.transaction(async (tx) => {
      const [inside] = await tx.query<{ mode: string }>(
        `${PLAN_EACH_CALL} SELECT current_setting('plan_cache_mode') AS mode WHERE $1::int = 1`,
        [1],
      );
      const [after] = await tx.query<{ mode: string }>("SELECT current_setting('plan_cache_mode') AS mode");
      return [inside!.mode, after!.mode];
    });
    expect(modes).toEqual(['auto', 'force_generic_plan']);
    // Outside a transaction too (a connection of its own from the pool), and after a failure.
    const [alone] = await db.query<{ mode: string }>(
      `${PLAN_EACH_CALL} SELECT current_setting('plan_cache_mode') AS mode WHERE $1::int = 1`,
      [1],
    );
    expect(alone!.mode).toBe('auto');
    await expect(db.query(`${PLAN_EACH_CALL} SELECT 1 / $1::int`, [0])).rejects.toThrow(/division by zero/);
    const settings = await Promise.all(
      Array.from({ length: 12 }, () =>
        db.query<{ mode: string }>("SELECT current_setting('plan_cache_mode') AS mode, pg_sleep(0.01)"),
      ),
    );
    expect(new Set(settings.map(([row]) => row!.mode))).toEqual(new Set(['force_generic_plan']));
  });

  it('sets the mode before a new connection is handed out, with no query of its own still running on it', async () => {
    const fresh = await createTestDb('postgres');
    try {
      // Twelve at once: new connections, each used as soon as it is made.
      const modes = await Promise.all(
        Array.from({ length: 12 }, () =>
          fresh.query<{ mode: string }>("SELECT current_setting('plan_cache_mode') AS mode, pg_sleep(0.01)"),
        ),
      );
      expect(new Set(modes.map(([row]) => row!.mode))).toEqual(new Set(['force_generic_plan']));
    } finally {
      await fresh.close();
    }
    await new Promise((r) => setImmediate(r));
    // (pg warns when a query is sent to a connection still running another: the mode set alongside.)
    expect(warnings.filter((w) => /already executing a query/.test(w))).toEqual([]);
  });
});
