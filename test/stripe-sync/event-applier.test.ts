import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countStatements } from '../../src/db/counting.ts';
import { DatabaseUnavailableError, type Db } from '../../src/db/db.ts';
import { silentLogger } from '../../src/shared/logger.ts';
import type { StripeGateway } from '../../src/stripe/gateway.ts';
import { applyStoredEvents } from '../../src/stripe-sync/event-applier.ts';
import { storeEvent } from '../../src/stripe-sync/event-store.ts';
import { createTestDb, engines } from '../support/databases.ts';

const created = 1_767_225_600;
const event = (id: string, type: string, refund: Record<string, unknown>) => ({
  id,
  object: 'event',
  type,
  created,
  data: { object: { object: 'refund', currency: 'usd', metadata: {}, created, ...refund } },
});

describe.each(engines())('the event applier on %s', (engine) => {
  let db: Db;
  beforeAll(async () => {
    db = await createTestDb(engine);
    await db.query(
      `INSERT INTO payments (id, stripe_charge_id, amount, currency, captured_at) VALUES ('pay_e', 'ch_e', 1000, 'usd', now())`,
    );
    await db.query(
      `INSERT INTO refunds (id, payment_id, amount, currency, reason, status, requested_by, stripe_idempotency_key, stripe_refund_id)
       VALUES ('rf_e', 'pay_e', 100, 'usd', 'duplicate', 'pending', 't', 'k_e', 're_e')`,
    );
  });
  afterAll(async () => db?.close());
  const results = async () =>
    Object.fromEntries(
      (
        await db.query<{ id: string; result: string; applied: boolean }>(
          'SELECT id, result, applied_at IS NOT NULL AS applied FROM stripe_events ORDER BY id',
        )
      ).map((r) => [r.id, `${r.result}${r.applied ? '' : ' (waiting)'}`]),
    );

  it('applies one observation once even when Stripe sends it as two event types', async () => {
    const refund = { id: 're_e', amount: 100, charge: 'ch_e', status: 'succeeded' };
    for (const e of [
      event('evt_1', 'refund.updated', refund),
      event('evt_2', 'charge.refund.updated', refund),
    ]) {
      await storeEvent(db, e, e, 'webhook');
    }
    expect((await applyStoredEvents({ db, logger: silentLogger() })).outcomes).toEqual({
      applied: 1,
      noop: 1,
    });
    expect(await results()).toEqual({ evt_1: 'applied', evt_2: 'noop' });
    const objects = await db.query<{ object_id: string }>('SELECT DISTINCT object_id FROM stripe_events');
    expect(objects).toEqual([{ object_id: 're_e' }]);
    const history = await db.query("SELECT 1 FROM refund_history WHERE refund_id = 'rf_e'");
    expect(history).toHaveLength(1);
  });

  it('sets a broken event aside and applies the rest of its batch; waits for an unknown payment to be fetched', async () => {
    // No amount: recording it as an external refund violates NOT NULL, which aborts the batch.
    const broken = event('evt_3', 'refund.created', { id: 're_broken', charge: 'ch_e', status: 'succeeded' });
    const good = event('evt_4', 'refund.failed', {
      id: 're_e',
      amount: 100,
      charge: 'ch_e',
      status: 'failed',
      failure_reason: 'lost_or_stolen_card',
    });
    const elsewhere = event('evt_5', 'refund.created', {
      id: 're_x',
      amount: 50,
      charge: 'ch_new',
      status: 'succeeded',
    });
    for (const e of [broken, good, elsewhere]) await storeEvent(db, e, e, 'webhook');
    const fetched: string[] = [];
    const gateway = {
      async retrievePayment(id: string) {
        fetched.push(id);
        return {
          paymentIntentId: null,
          chargeId: id,
          amount: 500,
          amountRefunded: 50,
          currency: 'usd',
          customerId: null,
          customerEmail: null,
          capturedAt: new Date(),
          captured: true,
          disputed: false,
          metadata: {},
        };
      },
    } as unknown as StripeGateway;
    const first = await applyStoredEvents({ db, logger: silentLogger(), gateway });
    // Once the payment is fetched and registered, the waiting event is applied in the same round.
    expect(first.outcomes).toEqual({ error: 1, applied: 1, unknown_payment: 1, external_recorded: 1 });
    expect(fetched).toEqual(['ch_new']);
    expect(
      (await db.query<{ status: string }>("SELECT status FROM refunds WHERE id = 'rf_e'"))[0]?.status,
    ).toBe('failed');
    // The broken event waits for its retry (with backoff), so the next round has nothing to do.
    expect((await applyStoredEvents({ db, logger: silentLogger(), gateway })).claimed).toBe(0);
    const all = await results();
    expect(all.evt_3).toMatch(/^error: .* \(waiting\)$/);
    expect(all).toMatchObject({ evt_4: 'applied', evt_5: 'external_recorded' });
  });

  it('reads and locks a batch of refunds in one statement: by Stripe id, by Refundry id, an external one seen twice; each refund ends as if applied alone', async () => {
    await db.query(
      `INSERT INTO refunds (id, payment_id, amount, currency, reason, status, requested_by, stripe_idempotency_key, stripe_refund_id, sent_at)
       SELECT 'rf_g' || g, 'pay_e', 1, 'usd', 'duplicate', 'succeeded', 't', 'k_g' || g, 're_g' || g, now()
       FROM generate_series(1, 8) AS g`,
    );
    // Sent, its Stripe id not stored yet (the event beat the worker's commit): found by metadata.
    await db.query(
      `INSERT INTO refunds (id, payment_id, amount, currency, reason, status, requested_by, stripe_idempotency_key)
       VALUES ('rf_h', 'pay_e', 1, 'usd', 'duplicate', 'queued', 't', 'k_h')`,
    );
    const later = created + 60;
    const events = [
      // Eight refunds Refundry already holds as succeeded: bookkeeping only.
      ...Array.from({ length: 8 }, (_, i) =>
        event(`evt_g${i + 1}`, 'refund.created', {
          id: `re_g${i + 1}`,
          amount: 1,
          charge: 'ch_e',
          status: 'succeeded',
        }),
      ),
      event('evt_h1', 'refund.created', {
        id: 're_h',
        amount: 1,
        charge: 'ch_e',
        status: 'pending',
        metadata: { refundry_refund_id: 'rf_h' },
      }),
      {
        ...event('evt_h2', 'refund.updated', { id: 're_h', amount: 1, charge: 'ch_e', status: 'succeeded' }),
        created: later,
      },
      // Made in Stripe: recorded pending, then moved to succeeded by the second event of the batch.
      event('evt_x1', 'refund.created', { id: 're_xx', amount: 2, charge: 'ch_e', status: 'pending' }),
      {
        ...event('evt_x2', 'refund.updated', { id: 're_xx', amount: 2, charge: 'ch_e', status: 'succeeded' }),
        created: later,
      },
    ];
    for (const e of events) await storeEvent(db, e, e, 'webhook');
    const counted = countStatements(db);
    const { outcomes } = await applyStoredEvents({ db: counted, logger: silentLogger() }, 100);
    expect(outcomes).toEqual({ noop: 8, applied: 3, external_recorded: 1 });
    const rows = await db.query<{ id: string; status: string; stripe_refund_id: string; observed: boolean }>(
      `SELECT id, status, stripe_refund_id, stripe_observed_at IS NOT NULL AND last_news_at IS NOT NULL AS observed
       FROM refunds WHERE id LIKE 'rf_g%' OR id IN ('rf_h', 'rf_ext_re_xx') ORDER BY id`,
    );
    expect(rows).toHaveLength(10);
    for (const r of rows) expect(r).toMatchObject({ status: 'succeeded', observed: true });
    expect(rows.find((r) => r.id === 'rf_h')?.stripe_refund_id).toBe('re_h');
    const [h] = await db.query<{ observed_at: Date }>(
      "SELECT stripe_observed_at AS observed_at FROM refunds WHERE id = 'rf_h'",
    );
    expect(new Date(h!.observed_at).getTime()).toBe(later * 1000);
    const history = await db.query<{ to_status: string }>(
      "SELECT to_status FROM refund_history WHERE refund_id = 'rf_h' ORDER BY id",
    );
    expect(history.map((x) => x.to_status)).toEqual(['pending', 'succeeded']);
    // The eight bookkeeping-only refunds cost no statement of their own (two each when every
    // refund was read and written alone: 40 for this batch); the two that move and the external one
    // take what they took before.
    expect(counted.counts.statements).toBeLessThanOrEqual(24);
  });

  it('counts no attempt when the database goes away mid-batch: the events wait, unapplied, for the next round', async () => {
    await db.query(
      `INSERT INTO refunds (id, payment_id, amount, currency, reason, status, requested_by, stripe_idempotency_key, stripe_refund_id)
       VALUES ('rf_f', 'pay_e', 100, 'usd', 'duplicate', 'pending', 't', 'k_f', 're_f')`,
    );
    const refund = { id: 're_f', amount: 100, charge: 'ch_e', status: 'succeeded' };
    await storeEvent(
      db,
      event('evt_6', 'refund.updated', refund),
      event('evt_6', 'refund.updated', refund),
      'webhook',
    );
    // Every transaction loses its connection after its first statement (the claim), as in a restart.
    const lost = new DatabaseUnavailableError(
      new Error('terminating connection due to administrator command'),
    );
    const flaky: Db = {
      ...db,
      transaction: (fn) =>
        db.transaction((tx) => {
          let statements = 0;
          return fn({
            query: (sql, params) => (++statements > 1 ? Promise.reject(lost) : tx.query(sql, params)),
          });
        }),
    };
    await expect(applyStoredEvents({ db: flaky, logger: silentLogger() })).rejects.toBe(lost);
    const [row] = await db.query<{ attempts: number; applied: boolean; result: string | null }>(
      "SELECT attempts, applied_at IS NOT NULL AS applied, result FROM stripe_events WHERE id = 'evt_6'",
    );
    expect(row).toEqual({ attempts: 0, applied: false, result: null });
    expect((await applyStoredEvents({ db, logger: silentLogger() })).outcomes).toMatchObject({ applied: 1 });
  });
});
