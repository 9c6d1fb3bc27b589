import { describe, expect, it } from 'vitest';
import { countStatements } from './counting.ts';
import type { Db, Queryable } from './db.ts';

const fake = (): Db => {
  const q: Queryable = { query: async () => [] };
  return {
    kind: 'pglite',
    ...q,
    transaction: (fn: (tx: Queryable) => Promise<unknown>) => fn(q),
    exec: async () => {},
    close: async () => {},
  } as unknown as Db;
};

describe('countStatements', () => {
  it('counts statements (BEGIN and COMMIT included) and commits (not for a plain SELECT)', async () => {
    const db = countStatements(fake());
    await db.query('SELECT 1');
    await db.query('UPDATE t SET x = 1');
    await db.transaction(async (tx) => {
      await tx.query('SELECT 1');
      await tx.query('INSERT INTO t VALUES (1)');
    });
    expect(db.reset()).toEqual({ statements: 6, commits: 2 });
    expect(db.counts).toEqual({ statements: 0, commits: 0 });
  });

  it('leaves out what `uncounted` says, inside a transaction and out', async () => {
    const db = countStatements(fake(), (sql) => sql.includes('FROM cache'));
    await db.query('SELECT * FROM cache');
    await db.query('SELECT * FROM other');
    await db.transaction(async (tx) => {
      await tx.query('SELECT * FROM cache');
    });
    expect(db.reset()).toEqual({ statements: 3, commits: 1 });
  });
});
