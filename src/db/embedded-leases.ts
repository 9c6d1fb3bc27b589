// The embedded database serves one process at a time (the data folder's lock file), so any lease
// found in it when a process starts was held by one that is gone — stopped by a crash or kill -9
// in the middle of its work. Giving them all back at start lets that work resume at once instead
// of after each lease's expiry (a refund's 60 s, a backfill's 5 min). Never used on PostgreSQL,
// where the leases belong to other live processes.
import type { Db } from './db.ts';

const STATEMENTS = [
  `UPDATE refunds SET lease_owner = NULL, lease_expires_at = NULL WHERE lease_expires_at IS NOT NULL`,
  `UPDATE notifications SET lease_owner = NULL, lease_expires_at = NULL WHERE lease_expires_at IS NOT NULL`,
  `UPDATE refund_batches SET lease_owner = NULL, lease_expires_at = NULL WHERE lease_expires_at IS NOT NULL`,
  `DELETE FROM reconciliation_lease`,
  `DELETE FROM service_state WHERE key = 'stripe_backfill_lease'`,
];

/** Releases every lease left in the embedded database; returns how many rows held one. */
export async function releaseEmbeddedLeases(db: Db): Promise<number> {
  return db.transaction(async (tx) => {
    let released = 0;
    for (const sql of STATEMENTS) released += (await tx.query(`${sql} RETURNING 1`)).length;
    return released;
  });
}
