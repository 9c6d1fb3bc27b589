// The worker's answer from Stripe is stored as an observation of the refund's creation time, so
// the webhook that only confirms it (same status, same Stripe second) writes nothing more to the
// refund; anything newer still does. Sends a webhook overtook are stored in one statement.
import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countStatements } from '../../src/db/counting.ts';
import type { Db } from '../../src/db/db.ts';
import { silentLogger } from '../../src/shared/logger.ts';
import { applyStoredEvents } from '../../src/stripe-sync/event-applier.ts';
import { storeEvent } from '../../src/stripe-sync/event-store.ts';
import { type SentRefund, storeSentMany } from '../../src/worker/submit-refund.ts';
import { createTestDb, engines } from '../support/databases.ts';
import { insertPayment, insertQueuedRefund } from '../worker/helpers.ts';

const created = 1_767_225_600;

const stripeRefund = (id: string, refundId: string, status: string, at = created) =>
  ({
    id,
    object: 'refund',
    amount: 100,
    currency: 'usd',
    charge: 'ch_c',
    status,
    created: at,
    failure_reason: null,
    metadata: { refundry_refund_id: refundId },
  }) as unknown as Stripe.Refund;

const event = (id: string, type: string, refund: Stripe.Refund, at: number) => ({
  id,
  object: 'event',
  type,
  created: at,
  data: { object: refund },
});

describe.each(engines())('confirmations of what is stored on %s', (engine) => {
  let db: Db;
  let paymentId: string;
  beforeAll(async () => {
    db = await createTestDb(engine);
    paymentId = await insertPayment(db, { id: 'ch_c', amount: 10_000 });
  });
  afterAll(async () => db?.close());

  /** A queued refund claimed by worker `w1`, its send answered by Stripe (`status`) and stored. */
  const sent = async (stripeId: string, status = 'succeeded'): Promise<{ id: string; sent: SentRefund }> => {
    const id = await insertQueuedRefund(db, paymentId, 100);
    await db.query(
      "UPDATE refunds SET lease_owner = 'w1', lease_expires_at = now() + interval '1 minute' WHERE id = $1",
      [id],
    );
    return {
      id,
      sent: {
        refundId: id,
        workerId: 'w1',
        stripeRefund: stripeRefund(stripeId, id, status),
        status: status as SentRefund['status'],
        adopted: false,
      },
    };
  };
  const row = async (id: string) =>
    (
      await db.query<{ version: string; observed: Date | null; news: Date | null; status: string }>(
        'SELECT xmin::text AS version, stripe_observed_at AS observed, last_news_at AS news, status FROM refunds WHERE id = $1',
        [id],
      )
    )[0]!;

  it("stores the worker's answer as observed at the refund's creation; its webhook of that second writes no refund row, a later one does", async () => {
    const a = await sent('re_conf_a');
    await db.transaction((tx) => storeSentMany(tx, [a.sent]));
    const stored = await row(a.id);
    expect(stored.status).toBe('succeeded');
    expect(new Date(stored.observed!).getTime()).toBe(created * 1000);

    // Stripe's refund.created for it, of the refund's own second: applied as a no-op, the row untouched.
    const confirm = event(
      'evt_conf_a1',
      'refund.created',
      stripeRefund('re_conf_a', a.id, 'succeeded'),
      created,
    );
    await storeEvent(db, confirm, confirm, 'webhook');
    const counted = countStatements(db);
    expect((await applyStoredEvents({ db: counted, logger: silentLogger() })).outcomes).toEqual({ noop: 1 });
    expect(await row(a.id)).toEqual(stored);
    // Claim, lock, mark applied, in one transaction: no bookkeeping statement.
    expect(counted.counts.statements).toBe(5);

    // A later event of the same status is news: the time observed (and heard from) moves on.
    const later = event(
      'evt_conf_a2',
      'refund.updated',
      stripeRefund('re_conf_a', a.id, 'succeeded'),
      created + 30,
    );
    await storeEvent(db, later, later, 'webhook');
    expect((await applyStoredEvents({ db, logger: silentLogger() })).outcomes).toEqual({ noop: 1 });
    const after = await row(a.id);
    expect(after.version).not.toBe(stored.version);
    expect(new Date(after.observed!).getTime()).toBe((created + 30) * 1000);
    expect(new Date(after.news!).getTime()).toBeGreaterThanOrEqual(new Date(stored.news!).getTime());
  });

  it('still moves the status on an event of the same second that says more (pending, then failed)', async () => {
    const b = await sent('re_conf_b', 'pending');
    await db.transaction((tx) => storeSentMany(tx, [b.sent]));
    expect((await row(b.id)).status).toBe('pending');
    const failed = {
      ...stripeRefund('re_conf_b', b.id, 'failed'),
      failure_reason: 'declined',
    } as Stripe.Refund;
    const e = event('evt_conf_b1', 'refund.updated', failed, created);
    await storeEvent(db, e, e, 'webhook');
    expect((await applyStoredEvents({ db, logger: silentLogger() })).outcomes).toEqual({ applied: 1 });
    expect((await row(b.id)).status).toBe('failed');
  });

  it('an event older than the refund itself is stale against the stored answer, as it would be against an event of that second', async () => {
    const c = await sent('re_conf_c', 'pending');
    await db.transaction((tx) => storeSentMany(tx, [c.sent]));
    const e = event(
      'evt_conf_c1',
      'refund.updated',
      stripeRefund('re_conf_c', c.id, 'requires_action'),
      created - 5,
    );
    await storeEvent(db, e, e, 'webhook');
    expect((await applyStoredEvents({ db, logger: silentLogger() })).outcomes).toEqual({ stale: 1 });
    expect((await row(c.id)).status).toBe('pending');
  });

  it('stores in one statement the sends a webhook overtook: their Stripe ids and sent_at kept', async () => {
    const overtaken = [await sent('re_conf_d1'), await sent('re_conf_d2'), await sent('re_conf_d3')];
    // The webhook got there first: each refund already succeeded, without its lease ended.
    for (const o of overtaken) {
      const e = event(`evt_${o.sent.stripeRefund.id}`, 'refund.created', o.sent.stripeRefund, created);
      await storeEvent(db, e, e, 'webhook');
    }
    expect((await applyStoredEvents({ db, logger: silentLogger() })).outcomes).toEqual({ applied: 3 });
    const counted = countStatements(db);
    await counted.transaction((tx) =>
      storeSentMany(
        tx,
        overtaken.map((o) => o.sent),
      ),
    );
    // BEGIN, the transition's lock (nothing moves), one UPDATE for the three, COMMIT.
    expect(counted.counts.statements).toBe(4);
    const rows = await db.query<{
      id: string;
      stripe_refund_id: string;
      lease_owner: string | null;
      sent: boolean;
    }>(
      'SELECT id, stripe_refund_id, lease_owner, sent_at IS NOT NULL AS sent FROM refunds WHERE id = ANY($1) ORDER BY stripe_refund_id',
      [overtaken.map((o) => o.id)],
    );
    expect(rows).toEqual(
      overtaken.map((o) => ({
        id: o.id,
        stripe_refund_id: o.sent.stripeRefund.id,
        lease_owner: null,
        sent: true,
      })),
    );
  });
});
