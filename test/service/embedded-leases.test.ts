// After a crash (kill -9) the next process on the embedded database resumes the dead one's work at
// once: its leases are given back at start instead of expiring a minute (or five) later.
import { afterAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/db.ts';
import { releaseEmbeddedLeases } from '../../src/db/embedded-leases.ts';
import { tryTakeLease } from '../../src/reconciliation/lease.ts';
import { claimNext } from '../../src/worker/claim-next.ts';
import { createTestDb } from '../support/databases.ts';
import { insertPayment, insertQueuedRefund } from '../worker/helpers.ts';

describe('releaseEmbeddedLeases (PGlite)', () => {
  let db: Db;
  afterAll(async () => db?.close());

  it('gives back the refund, reconciliation and backfill leases a dead process held', async () => {
    db = await createTestDb('pglite');
    const refund = await insertQueuedRefund(db, await insertPayment(db, { id: 'ch_dead', amount: 500 }), 500);
    const claimed = await claimNext(db, { workerId: 'dead', limit: 10, leaseMs: 60_000 });
    expect(claimed.map((r) => r.id)).toEqual([refund]);
    expect(await tryTakeLease(db, 'dead', 60_000)).toBe(true);
    await db.query(
      `INSERT INTO service_state (key, value, updated_at)
       VALUES ('stripe_backfill_lease', jsonb_build_object('owner', 'dead', 'expires_at', now() + interval '5 minutes'), now())`,
    );
    // The new process finds the work leased by the dead one…
    expect(await claimNext(db, { workerId: 'new', limit: 10, leaseMs: 60_000 })).toEqual([]);
    expect(await tryTakeLease(db, 'new', 60_000)).toBe(false);

    expect(await releaseEmbeddedLeases(db)).toBe(3);
    // …and takes it over at once after the release.
    expect((await claimNext(db, { workerId: 'new', limit: 10, leaseMs: 60_000 })).map((r) => r.id)).toEqual([
      refund,
    ]);
    expect(await tryTakeLease(db, 'new', 60_000)).toBe(true);
    expect(await db.query(`SELECT 1 FROM service_state WHERE key = 'stripe_backfill_lease'`)).toEqual([]);
  });
});
