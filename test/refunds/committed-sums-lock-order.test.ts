// What is committed against a payment follows its refunds' status changes once per statement
// (migration 017p), and the locks a worker takes never wait in an order that can deadlock with
// acceptance (payments in id order) or with a group of sends (the heartbeat skips rows being stored).
import { afterEach, describe, expect, it } from 'vitest';
import type { Db, Queryable } from '../../src/db/db.ts';
import { transitionRefunds } from '../../src/refunds/transition.ts';
import { renewLeases } from '../../src/worker/claim-next.ts';
import { createTestDb, engines } from '../support/databases.ts';

let db: Db | undefined;
afterEach(async () => {
  await db?.close();
  db = undefined;
});

async function seed(target: Db) {
  await target.query(
    `INSERT INTO payments (id, stripe_charge_id, amount, currency, captured_at, customer_email)
     VALUES ('pay_a', 'ch_a', 1000, 'usd', now(), 'a@example.com'),
            ('pay_b', 'ch_b', 1000, 'usd', now(), 'b@example.com')`,
  );
  // Refund ids sort in another order than their payments' ids: rf_1 is pay_b's.
  await target.query(
    `INSERT INTO refunds (id, payment_id, amount, currency, reason, status, requested_by, stripe_idempotency_key)
     VALUES ('rf_1', 'pay_b', 100, 'usd', 'duplicate', 'queued', 't', 'k1'),
            ('rf_2', 'pay_a', 200, 'usd', 'duplicate', 'queued', 't', 'k2'),
            ('rf_3', 'pay_a', 300, 'usd', 'duplicate', 'queued', 't', 'k3')`,
  );
}

/** Rows of payments updated so far by this session (pending statistics: read a difference). */
const paymentUpdates = async (tx: Queryable) => {
  const [row] = await tx.query<{ n: number }>(
    "SELECT n_tup_upd::int AS n FROM pg_stat_xact_user_tables WHERE relname = 'payments'",
  );
  return row!.n;
};

const sums = (target: Queryable) =>
  target.query<{ id: string; at: string; not_at: string; committed: string }>(
    `SELECT id, refunds_at_stripe::text AS at, refunds_not_at_stripe::text AS not_at,
       committed_amount::text AS committed FROM payments ORDER BY id`,
  );

describe.each(engines())('committed sums per statement on %s', (engine) => {
  it('moves amounts between the sums once per payment per statement, and leaves them alone when no amount moves', async () => {
    db = await createTestDb(engine);
    await seed(db);
    expect(await sums(db)).toEqual([
      { id: 'pay_a', at: '0', not_at: '500', committed: '500' },
      { id: 'pay_b', at: '0', not_at: '100', committed: '100' },
    ]);
    const updated = await db.transaction(async (tx) => {
      const before = await paymentUpdates(tx);
      await transitionRefunds(tx, [
        { refundId: 'rf_1', to: 'succeeded', actor: 'worker', stripeRefundId: 're_1' },
        { refundId: 'rf_2', to: 'pending', actor: 'worker', stripeRefundId: 're_2' },
        { refundId: 'rf_3', to: 'failed', actor: 'worker', failureCode: 'declined' },
      ]);
      // Rows of payments the statement updated: one per payment, though pay_a has two refunds in it.
      return (await paymentUpdates(tx)) - before;
    });
    expect(updated).toBe(2);
    // pay_a: 200 now at Stripe, the failed 300 given back; pay_b: 100 at Stripe.
    expect(await sums(db)).toEqual([
      { id: 'pay_a', at: '200', not_at: '0', committed: '200' },
      { id: 'pay_b', at: '100', not_at: '0', committed: '100' },
    ]);
    // An update that moves no amount (a lease, a claim) writes no payment; an amount correction does.
    const untouched = await db.transaction(async (tx) => {
      const before = await paymentUpdates(tx);
      await tx.query("UPDATE refunds SET lease_owner = 'w', updated_at = now() WHERE payment_id = 'pay_a'");
      return (await paymentUpdates(tx)) - before;
    });
    expect(untouched).toBe(0);
    await db.query("UPDATE refunds SET amount = 150 WHERE id = 'rf_2'");
    expect((await sums(db))[0]).toEqual({ id: 'pay_a', at: '150', not_at: '0', committed: '150' });
  });
});

describe.runIf(engines().includes('postgres'))('lock order on postgres', () => {
  /** Waits until some session of this database waits for a lock. */
  async function untilSomeoneWaits(target: Db) {
    for (let i = 0; i < 100; i++) {
      const [row] = await target.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_stat_activity
         WHERE datname = current_database() AND wait_event_type = 'Lock'`,
      );
      if (row!.n > 0) return;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error('no session waited for a lock');
  }

  it('a group of sends takes its payments in id order: an acceptance holding one never deadlocks with it', async () => {
    db = await createTestDb('postgres');
    await seed(db);
    const target = db;
    let releaseAcceptance!: () => void;
    const acceptanceMayCommit = new Promise<void>((r) => {
      releaseAcceptance = r;
    });
    let acceptanceHolds!: () => void;
    const holding = new Promise<void>((r) => {
      acceptanceHolds = r;
    });
    // Acceptance holds pay_a (the first in id order), as its write locks its payments.
    const acceptance = target.transaction(async (tx) => {
      await tx.query("SELECT id FROM payments WHERE id = 'pay_a' FOR UPDATE");
      acceptanceHolds();
      await acceptanceMayCommit;
      // Then asks for pay_b: free, since the group below waits for pay_a before taking pay_b.
      // (With the payments locked refund by refund, rf_1's pay_b was taken first: a deadlock.)
      await tx.query("SET LOCAL lock_timeout = '3s'");
      await tx.query("SELECT id FROM payments WHERE id = ANY('{pay_a,pay_b}') ORDER BY id FOR UPDATE");
    });
    await holding;
    // A worker's group of sends: rf_1 (pay_b) and rf_2 (pay_a) in one statement.
    const group = target.transaction((tx) =>
      transitionRefunds(tx, [
        { refundId: 'rf_1', to: 'succeeded', actor: 'worker', stripeRefundId: 're_1' },
        { refundId: 'rf_2', to: 'succeeded', actor: 'worker', stripeRefundId: 're_2' },
      ]),
    );
    await untilSomeoneWaits(target);
    releaseAcceptance();
    await expect(acceptance).resolves.toBeUndefined();
    await expect(group).resolves.toHaveLength(2);
    expect(await sums(target)).toEqual([
      { id: 'pay_a', at: '200', not_at: '300', committed: '500' },
      { id: 'pay_b', at: '100', not_at: '0', committed: '100' },
    ]);
  });

  it('the heartbeat skips a refund whose row is being stored instead of waiting for it', async () => {
    db = await createTestDb('postgres');
    await seed(db);
    await db.query("UPDATE refunds SET lease_owner = 'w1', lease_expires_at = now() + interval '1 minute'");
    const target = db;
    let releaseStore!: () => void;
    const storeMayCommit = new Promise<void>((r) => {
      releaseStore = r;
    });
    let storeHolds!: () => void;
    const holding = new Promise<void>((r) => {
      storeHolds = r;
    });
    const store = target.transaction(async (tx) => {
      await tx.query("SELECT id FROM refunds WHERE id = 'rf_2' FOR UPDATE");
      storeHolds();
      await storeMayCommit;
    });
    await holding;
    const renewed = await Promise.race([
      renewLeases(target, { workerId: 'w1', refundIds: ['rf_1', 'rf_2', 'rf_3'], leaseMs: 60_000 }),
      new Promise<'waited'>((r) => setTimeout(() => r('waited'), 3_000)),
    ]);
    releaseStore();
    await store;
    expect(renewed === 'waited' ? renewed : [...renewed].sort()).toEqual(['rf_1', 'rf_3']);
  });
});
