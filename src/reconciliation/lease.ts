// One reconciliation at a time across every process sharing the database: a lease row taken with
// one atomic upsert, renewed while the run works, and taken over by the next waiter once released
// or expired (a crashed holder). PGlite has a single connection, so a session advisory lock held
// for the whole run would block everything else; a row works on both engines.
import type { Queryable } from '../db/db.ts';

const NAME = 'reconciliation';

export interface Lease {
  /** False once another holder took the lease over (this one expired without renewal). */
  held(): boolean;
  release(): Promise<void>;
}

export interface LeaseOptions {
  /** How long the lease lives without renewal (renewed every third of it). */
  leaseMs: number;
  /** How often a waiter tries again. */
  pollMs: number;
  signal?: AbortSignal | undefined;
  /** Called before each wait; returning false stops waiting (the run was canceled). */
  onWait?: () => Promise<boolean>;
  sleep?: (ms: number) => Promise<void>;
}

/** Tries once: true when `holder` now holds the lease. */
export async function tryTakeLease(db: Queryable, holder: string, leaseMs: number): Promise<boolean> {
  const rows = await db.query(
    `INSERT INTO reconciliation_lease (name, holder, expires_at)
     VALUES ($1, $2, clock_timestamp() + $3 * interval '1 millisecond')
     ON CONFLICT (name) DO UPDATE SET holder = EXCLUDED.holder, expires_at = EXCLUDED.expires_at
       WHERE reconciliation_lease.expires_at < clock_timestamp() OR reconciliation_lease.holder = EXCLUDED.holder
     RETURNING holder`,
    [NAME, holder, leaseMs],
  );
  return rows.length > 0;
}

export class LeaseWaitAborted extends Error {
  constructor(message = 'stopped while waiting for the reconciliation lease') {
    super(message);
    this.name = 'LeaseWaitAborted';
  }
}

/** Waits until the lease is free, takes it, and keeps it renewed until released. */
export async function acquireLease(db: Queryable, holder: string, options: LeaseOptions): Promise<Lease> {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  while (!(await tryTakeLease(db, holder, options.leaseMs))) {
    if (options.signal?.aborted) throw new LeaseWaitAborted();
    if (options.onWait && !(await options.onWait())) throw new LeaseWaitAborted('canceled while waiting');
    await sleep(options.pollMs);
  }
  let held = true;
  let renewing: Promise<unknown> = Promise.resolve();
  const timer = setInterval(
    () => {
      renewing = db
        .query(
          `UPDATE reconciliation_lease SET expires_at = clock_timestamp() + $3 * interval '1 millisecond'
           WHERE name = $1 AND holder = $2 RETURNING holder`,
          [NAME, holder, options.leaseMs],
        )
        .then(
          (rows) => {
            if (rows.length === 0) held = false;
          },
          () => {}, // a failed renewal is retried on the next tick; expiry is the safety net
        );
    },
    Math.max(10, Math.floor(options.leaseMs / 3)),
  );
  timer.unref();
  return {
    held: () => held,
    async release() {
      clearInterval(timer);
      await renewing;
      await db.query('DELETE FROM reconciliation_lease WHERE name = $1 AND holder = $2', [NAME, holder]);
    },
  };
}
