import pg from 'pg';
import { DatabaseUnavailableError, type Db, plannedEachCall, type Queryable } from './queryable.ts';

// int8 (count(*), sums, money columns) as JS numbers, as PGlite returns them. Amounts in minor
// units stay far below 2^53.
const INT8_OID = 20;
const MAX_PREPARED = 1_000;
const NUMERIC_OID = 1700;
pg.types.setTypeParser(INT8_OID, (v) => Number.parseInt(v, 10));
pg.types.setTypeParser(NUMERIC_OID, (v) => Number.parseFloat(v));

/** How long a caller waits for a connection (a free one, or a new one) before it is told 503. */
const CONNECT_TIMEOUT_MS = 10_000;

export async function openPostgres(databaseUrl: string, poolSize: number): Promise<Db> {
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: poolSize,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    // A peer that vanished without a reset (a failover behind a load balancer) is found by TCP
    // keepalive instead of a query hanging until the kernel gives up.
    keepAlive: true,
    // Each prepared statement is planned once per connection, not on every call. By default
    // PostgreSQL plans a prepared statement for its parameters five times, then keeps doing so
    // whenever that plan's estimated cost beats the generic plan's: for Refundry's statements on
    // lists of ids (unnest($1), = ANY($1), jsonb_to_recordset($1)) it mostly does, though the plan
    // is the same one, and planning a join of refunds and payments (sixteen indexes each) takes
    // longer than running it. A statement whose best plan does depend on its parameters says so
    // (PLAN_EACH_CALL) and is planned for them on every call (planEachCall below). Set before the
    // connection is handed out; a server that refuses it (a pooler) keeps its own choice.
    onConnect: async (client) => {
      await client.query(`SET plan_cache_mode = ${PLAN_ONCE}`).catch(() => {});
    },
  });
  // An idle client that loses its connection emits 'error' on the pool; without a listener that
  // would crash the process. The next query gets a fresh connection.
  pool.on('error', () => {});
  await pool.query('SELECT 1');

  // Every distinct SQL text is a named prepared statement: each connection parses and plans it
  // once (node-postgres prepares a name on a connection the first time it runs there). The texts
  // are constants in the code, so the set is small; past MAX_PREPARED, statements run unnamed, as
  // do those planned on each call (queryable.ts: PLAN_EACH_CALL).
  const names = new Map<string, string>();
  const nameOf = (sql: string) => {
    // A text already named is only looked up (the hot path); the PLAN_EACH_CALL scan is for the rest.
    let name = names.get(sql);
    if (name === undefined && names.size < MAX_PREPARED && !plannedEachCall(sql)) {
      name = `rfy_${names.size + 1}_${sql.length}`;
      names.set(sql, name);
    }
    return name;
  };
  const wrap = (client: pg.Pool | pg.PoolClient): Queryable => ({
    async query<Row>(sql: string, params?: readonly unknown[]) {
      const name = nameOf(sql);
      try {
        if (name === undefined && plannedEachCall(sql))
          return (await planEachCall(client, sql, params)) as Row[];
        const result = await client.query({ text: sql, values: params as unknown[] | undefined, name });
        return result.rows as Row[];
      } catch (error) {
        // The plan's result columns changed under it (a migration by another instance): prepare it
        // afresh under a new name next time.
        if (name && (error as { code?: string }).code === '0A000') {
          names.delete(sql);
          names.set(sql, `${name}_${Date.now()}`);
        }
        throw asDbError(error);
      }
    },
  });

  return {
    kind: 'postgres',
    ...wrap(pool),
    async transaction(fn) {
      const client = await pool.connect().catch((error: unknown) => {
        throw asDbError(error);
      });
      // While a client is checked out, pg-pool has removed its own 'error' listener: a server that
      // ends the connection between two statements (restart, failover, idle-in-transaction
      // timeout) would emit an unhandled 'error' and end the process. Listen, and discard the
      // client on release.
      let broken: unknown;
      const onError = (error: unknown) => {
        broken = error;
      };
      client.on('error', onError);
      try {
        await wrap(client).query('BEGIN');
        const value = await fn(wrap(client));
        await wrap(client).query('COMMIT');
        return value;
      } catch (error) {
        if (error instanceof DatabaseUnavailableError) broken ??= error;
        if (broken === undefined) await client.query('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        client.off('error', onError);
        // A broken client is destroyed rather than returned to the pool.
        client.release(broken === undefined ? undefined : broken instanceof Error ? broken : true);
      }
    },
    async exec(sql) {
      try {
        await pool.query(sql);
      } catch (error) {
        throw asDbError(error);
      }
    },
    async close() {
      await pool.end();
    },
  };
}

/** The connections' plan_cache_mode: a prepared statement's generic plan from its first call. */
const PLAN_ONCE = 'force_generic_plan';

/**
 * Runs a PLAN_EACH_CALL statement planned for its parameters: the server's own choice (auto, which
 * plans an unnamed statement for its values every time) for this statement only, on one connection.
 * (A SET in a transaction that fails is undone with it; outside one, the SET after the statement
 * runs whether it failed or not.)
 */
async function planEachCall(client: pg.Pool | pg.PoolClient, sql: string, params?: readonly unknown[]) {
  const own = client instanceof pg.Pool ? await client.connect() : client;
  let broken: Error | undefined;
  try {
    await own.query('SET plan_cache_mode = auto');
    try {
      return (await own.query({ text: sql, values: params as unknown[] | undefined })).rows;
    } finally {
      await own.query(`SET plan_cache_mode = ${PLAN_ONCE}`).catch(() => {});
    }
  } catch (error) {
    if (isConnectionError(error)) broken = error instanceof Error ? error : new Error(String(error));
    throw error;
  } finally {
    // A connection of its own goes back to the pool (or, broken, is destroyed).
    if (own !== client) (own as pg.PoolClient).release(broken);
  }
}

// SQLSTATEs that speak of the connection, not of the statement: class 08 (connection exception),
// 57P01–57P03 (the server is shutting down, crashed, or not accepting connections yet), 53300
// (too many connections), 25006 (a write reached a read-only server: a primary demoted in a
// switchover; the connection is dropped, and the next one finds the new primary). Node's socket
// errors and pg's own messages cover the rest.
const UNAVAILABLE_SQLSTATE = /^(08...|57P0[123]|53300|25006)$/;
const UNAVAILABLE_ERRNO = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
const UNAVAILABLE_MESSAGE =
  /Connection terminated|not queryable|timeout exceeded when trying to connect|Query read timeout|Connection ended/i;

/** True when the error means "the database cannot be reached", not "this statement is wrong". */
export function isConnectionError(error: unknown): boolean {
  if (error instanceof DatabaseUnavailableError) return true;
  if (typeof error !== 'object' || error === null) return false;
  const e = error as { code?: unknown; message?: unknown; errors?: unknown };
  if (typeof e.code === 'string' && (UNAVAILABLE_SQLSTATE.test(e.code) || UNAVAILABLE_ERRNO.has(e.code)))
    return true;
  if (typeof e.message === 'string' && UNAVAILABLE_MESSAGE.test(e.message)) return true;
  // Connecting to a name with several addresses fails with an AggregateError of each attempt.
  return Array.isArray(e.errors) && e.errors.length > 0 && e.errors.every(isConnectionError);
}

function asDbError(error: unknown): unknown {
  return error instanceof DatabaseUnavailableError || !isConnectionError(error)
    ? error
    : new DatabaseUnavailableError(error);
}
