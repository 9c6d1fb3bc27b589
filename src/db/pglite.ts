import { PGlite, type PGliteInterface, type PGliteOptions } from '@electric-sql/pglite';
import { acquireDataDirLock } from './data-dir-lock.ts';
import type { Db, Queryable } from './db.ts';

/** The options Refundry opens PGlite with (bench/pglite-bare.ts measures the same). */
export function pgliteOptions(): PGliteOptions {
  return {};
}

/**
 * Opens (creating if needed) the embedded database. PGlite takes no lock of its own and two
 * processes on one folder silently lose writes, so a lock file refuses the second process.
 */
export async function openPglite(dataDir: string | undefined): Promise<Db> {
  const lock = dataDir ? await acquireDataDirLock(dataDir) : undefined;
  let pglite: PGlite;
  try {
    pglite = await PGlite.create({ ...pgliteOptions(), ...(dataDir ? { dataDir } : {}) });
  } catch (error) {
    lock?.release();
    throw error;
  }
  return wrapPglite(pglite, () => lock?.release());
}

export function wrapPglite(pglite: PGliteInterface, onClose: () => void = () => {}): Db {
  const wrap = (q: Pick<PGliteInterface, 'query'>): Queryable => ({
    async query<Row>(sql: string, params?: readonly unknown[]) {
      const result = await q.query<Row>(sql, params as unknown[] | undefined);
      return result.rows;
    },
  });
  return {
    kind: 'pglite',
    ...wrap(pglite),
    transaction: (fn) => pglite.transaction((tx) => fn(wrap(tx))),
    async exec(sql) {
      await pglite.exec(sql);
    },
    async close() {
      await pglite.close();
      onClose();
    },
  };
}
