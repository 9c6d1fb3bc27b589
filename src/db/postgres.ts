import pg from 'pg';
import type { Db, Queryable } from './db.ts';

// int8 (count(*), sums, money columns) as JS numbers, as PGlite returns them. Amounts in minor
// units stay far below 2^53.
const INT8_OID = 20;
const MAX_PREPARED = 1_000;
const NUMERIC_OID = 1700;
pg.types.setTypeParser(INT8_OID, (v) => Number.parseInt(v, 10));
pg.types.setTypeParser(NUMERIC_OID, (v) => Number.parseFloat(v));

export async function openPostgres(databaseUrl: string, poolSize: number): Promise<Db> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: poolSize });
  // An idle client that loses its connection emits 'error' on the pool; without a listener that
  // would crash the process. The next query gets a fresh connection.
  pool.on('error', () => {});
  await pool.query('SELECT 1');

  // Every distinct SQL text is a named prepared statement: each connection parses and plans it
  // once (node-postgres prepares a name on a connection the first time it runs there). The texts
  // are constants in the code, so the set is small; past MAX_PREPARED, statements run unnamed.
  const names = new Map<string, string>();
  const nameOf = (sql: string) => {
    let name = names.get(sql);
    if (name === undefined && names.size < MAX_PREPARED) {
      name = `rfy_${names.size + 1}_${sql.length}`;
      names.set(sql, name);
    }
    return name;
  };
  const wrap = (client: pg.Pool | pg.PoolClient): Queryable => ({
    async query<Row>(sql: string, params?: readonly unknown[]) {
      const name = nameOf(sql);
      try {
        const result = await client.query({ text: sql, values: params as unknown[] | undefined, name });
        return result.rows as Row[];
      } catch (error) {
        // The plan's result columns changed under it (a migration by another instance): prepare it
        // afresh under a new name next time.
        if (name && (error as { code?: string }).code === '0A000') {
          names.delete(sql);
          names.set(sql, `${name}_${Date.now()}`);
        }
        throw error;
      }
    },
  });

  return {
    kind: 'postgres',
    ...wrap(pool),
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const value = await fn(wrap(client));
        await client.query('COMMIT');
        return value;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
    async exec(sql) {
      await pool.query(sql);
    },
    async close() {
      await pool.end();
    },
  };
}
