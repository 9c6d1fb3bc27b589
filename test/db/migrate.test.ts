import { afterAll, describe, expect, it } from 'vitest';
import { countStatements } from '../../src/db/counting.ts';
import type { Db } from '../../src/db/db.ts';
import { loadMigrations, migrate, pendingMigrations, splitStatements } from '../../src/db/migrate.ts';
import { createTestDb, engines } from '../support/databases.ts';

describe('splitStatements', () => {
  it('keeps a $$ function body whole and drops comment lines', () => {
    const sql =
      '-- a comment\nCREATE TABLE a (x int);\nCREATE FUNCTION f() RETURNS int AS $$\nBEGIN;\nEND;\n$$;\n';
    expect(splitStatements(sql)).toEqual([
      'CREATE TABLE a (x int);',
      'CREATE FUNCTION f() RETURNS int AS $$\nBEGIN;\nEND;\n$$;',
    ]);
  });
});

describe.each(engines())('migrations on %s', (engine) => {
  const open: Db[] = [];
  afterAll(async () => {
    for (const db of open) await db.close();
  });

  it('are all applied, and a second run applies nothing', async () => {
    const db = await createTestDb(engine);
    open.push(db);
    expect(await pendingMigrations(db)).toEqual([]);
    expect(await migrate(db)).toEqual([]);
    const rows = await db.query<{ name: string }>('SELECT name FROM schema_migrations ORDER BY name');
    expect(rows.map((r) => r.name)).toEqual(loadMigrations().map((m) => m.name));
  });

  // Every start runs migrate; on a database already up to date (each restart, each new embedded
  // database copied from the migrated template) that is one read, not a locked transaction per file.
  it('check an up-to-date database in two statements, and still apply what is missing', async () => {
    const db = countStatements(await createTestDb(engine));
    open.push(db);
    db.reset();
    expect(await migrate(db)).toEqual([]);
    expect(db.reset()).toEqual({ statements: 2, commits: 1 });

    const [last] = loadMigrations().slice(-1);
    await db.query('DELETE FROM schema_migrations WHERE name = $1', [last!.name]);
    expect(await pendingMigrations(db)).toEqual([last!.name]);
    // A name the database lacks is applied (its SQL stands in as a harmless statement here).
    const reapplied = await migrate(db, [{ name: last!.name, sql: 'SELECT 1;' }]);
    expect(reapplied).toEqual([last!.name]);
    expect(await pendingMigrations(db)).toEqual([]);
  });

  it('make refund history append-only', async () => {
    const db = await createTestDb(engine);
    open.push(db);
    await db.query(
      `INSERT INTO payments (id, stripe_charge_id, amount, currency, captured_at) VALUES ('pay_1', 'ch_1', 1000, 'usd', now())`,
    );
    await db.query(
      `INSERT INTO refunds (id, payment_id, amount, currency, reason, status, requested_by, stripe_idempotency_key)
       VALUES ('rf_1', 'pay_1', 100, 'usd', 'duplicate', 'queued', 'test', 'k1')`,
    );
    await db.query(
      `INSERT INTO refund_history (refund_id, to_status, actor) VALUES ('rf_1', 'queued', 'test')`,
    );
    await expect(db.query(`UPDATE refund_history SET actor = 'x'`)).rejects.toThrow(/append-only/);
    await expect(db.query('DELETE FROM refund_history')).rejects.toThrow(/append-only/);
  });

  it('return money columns as numbers', async () => {
    const db = await createTestDb(engine);
    open.push(db);
    const [row] = await db.query<{ n: number }>('SELECT 9007199254740991::bigint AS n');
    expect(row?.n).toBe(9007199254740991);
  });
});
