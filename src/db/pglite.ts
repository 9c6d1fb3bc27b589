import { PGlite, type PGliteInterface } from '@electric-sql/pglite';
import { ensurePrivateDir } from '../shared/private-files.ts';
import { acquireDataDirLock } from './data-dir-lock.ts';
import type { Db, Queryable } from './db.ts';
import { OwnerOnlyNodeFS } from './owner-only-nodefs.ts';

/**
 * Opens (creating if needed) the embedded database. The folder and everything in it is owner-only
 * (an existing looser folder is tightened, with a warning). PGlite takes no lock of its own and two
 * processes on one folder silently lose writes, so a lock file refuses the second process.
 */
export async function openPglite(
  dataDir: string | undefined,
  logger?: { warn(obj: object, msg: string): void },
): Promise<Db> {
  if (dataDir) ensurePrivateDir(dataDir, logger);
  const lock = dataDir ? await acquireDataDirLock(dataDir) : undefined;
  let pglite: PGlite;
  try {
    pglite = await PGlite.create(dataDir ? { fs: new OwnerOnlyNodeFS(dataDir) } : {});
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
