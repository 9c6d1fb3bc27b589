import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/db.ts';
import { getPayment, paymentAmounts } from '../../src/payments/payments.ts';
import { type ApplySource, applyStripeRefund } from '../../src/stripe-sync/apply-stripe-refund.ts';
import { createTestDb, engines } from '../support/databases.ts';

const at = (s: number) => new Date(Date.UTC(2026, 0, 1) + s * 1000);

function stripeRefund(over: Partial<Stripe.Refund> & { id: string }): Stripe.Refund {
  return {
    object: 'refund',
    amount: 400,
    currency: 'usd',
    charge: 'ch_1',
    payment_intent: 'pi_1',
    created: 1_767_225_600,
    metadata: {},
    reason: null,
    status: 'pending',
    failure_reason: undefined,
    ...over,
  } as unknown as Stripe.Refund;
}

describe.each(engines())('applyStripeRefund on %s', (engine) => {
  let db: Db;
  beforeAll(async () => {
    db = await createTestDb(engine);
    await db.query(
      `INSERT INTO payments (id, stripe_payment_intent_id, stripe_charge_id, amount, currency, captured_at)
       VALUES ('pay_1', 'pi_1', 'ch_1', 1000, 'usd', now())`,
    );
  });
  afterAll(async () => db?.close());

  const queued = async (id: string, amount = 400) =>
    db.query(
      `INSERT INTO refunds (id, payment_id, amount, currency, reason, status, requested_by, stripe_idempotency_key, next_attempt_at)
       VALUES ($1, 'pay_1', $2, 'usd', 'duplicate', 'queued', 'test', $3, now())`,
      [id, amount, `refundry_${id}`],
    );
  const apply = (refund: Stripe.Refund, source: Partial<ApplySource> & { observedAt: Date }) =>
    db.transaction((tx) => applyStripeRefund(tx, refund, { actor: 'webhook', ...source }));
  const row = async (id: string) =>
    (
      await db.query<Record<string, unknown>>(
        'SELECT status, stripe_refund_id, failure_code, stripe_observed_at, next_poll_at, sent_at FROM refunds WHERE id = $1',
        [id],
      )
    )[0]!;

  it('matches by metadata before the worker stored the Stripe id, stores it, and never goes back in time', async () => {
    await queued('rf_a');
    const pending = stripeRefund({ id: 're_a', metadata: { refundry_refund_id: 'rf_a' } });
    expect(await apply(pending, { eventId: 'evt_1', observedAt: at(1) })).toEqual({
      kind: 'applied',
      refundId: 'rf_a',
      from: 'queued',
      to: 'pending',
    });
    expect(await row('rf_a')).toMatchObject({ status: 'pending', stripe_refund_id: 're_a' });
    expect((await row('rf_a')).next_poll_at).not.toBeNull(); // the trigger made it pollable
    expect((await row('rf_a')).sent_at).not.toBeNull();

    // A duplicate is a noop; the later status applies; a stale pending after it is ignored.
    expect((await apply(pending, { eventId: 'evt_1', observedAt: at(1) })).kind).toBe('noop');
    const succeeded = stripeRefund({ id: 're_a', status: 'succeeded' });
    expect((await apply(succeeded, { eventId: 'evt_2', observedAt: at(5) })).kind).toBe('applied');
    expect(await apply(pending, { eventId: 'evt_1', observedAt: at(1) })).toMatchObject({ kind: 'stale' });
    expect(await row('rf_a')).toMatchObject({ status: 'succeeded', stripe_observed_at: at(5) });

    // The late failure is applied, with Stripe's failure reason as the failure code.
    const failed = stripeRefund({ id: 're_a', status: 'failed', failure_reason: 'expired_or_canceled_card' });
    expect((await apply(failed, { eventId: 'evt_3', observedAt: at(9) })).kind).toBe('applied');
    expect(await row('rf_a')).toMatchObject({ status: 'failed', failure_code: 'expired_or_canceled_card' });
    expect((await apply(succeeded, { observedAt: at(20), actor: 'poller' })).kind).toBe('stale');

    const history = await db.query<{ to_status: string; actor: string; stripe_event_id: string | null }>(
      'SELECT to_status, actor, stripe_event_id FROM refund_history WHERE refund_id = $1 ORDER BY id',
      ['rf_a'],
    );
    expect(history).toEqual([
      { to_status: 'pending', actor: 'webhook', stripe_event_id: 'evt_1' },
      { to_status: 'succeeded', actor: 'webhook', stripe_event_id: 'evt_2' },
      { to_status: 'failed', actor: 'webhook', stripe_event_id: 'evt_3' },
    ]);
  });

  it('lets the later of pending / requires_action win by time', async () => {
    await queued('rf_b', 100);
    const base = { id: 're_b', metadata: { refundry_refund_id: 'rf_b' }, amount: 100 };
    await apply(stripeRefund({ ...base, status: 'requires_action' }), { observedAt: at(10) });
    expect((await apply(stripeRefund({ ...base, status: 'pending' }), { observedAt: at(20) })).kind).toBe(
      'applied',
    );
    expect(
      (await apply(stripeRefund({ ...base, status: 'requires_action' }), { observedAt: at(10) })).kind,
    ).toBe('stale');
    expect((await row('rf_b')).status).toBe('pending');
  });

  it('reports Stripe disagreeing with a refund Refundry canceled itself as illegal', async () => {
    await db.query(
      `INSERT INTO refunds (id, payment_id, amount, currency, reason, status, requested_by, stripe_idempotency_key)
       VALUES ('rf_c', 'pay_1', 1, 'usd', 'duplicate', 'canceled', 'test', 'k_c')`,
    );
    const outcome = await apply(
      stripeRefund({ id: 're_c', amount: 1, status: 'succeeded', metadata: { refundry_refund_id: 'rf_c' } }),
      { observedAt: at(1) },
    );
    expect(outcome).toEqual({ kind: 'illegal', refundId: 'rf_c', from: 'canceled', to: 'succeeded' });
    expect((await row('rf_c')).stripe_refund_id).toBeNull();
  });

  it('records a refund made directly in Stripe against its payment, once, lowering the refundable amount', async () => {
    const payment = (await getPayment(db, 'pay_1'))!;
    const before = await paymentAmounts(db, payment);
    await db.query("UPDATE payments SET customer_email = 'c@example.com' WHERE id = 'pay_1'");
    await db.query(
      `INSERT INTO webhook_endpoints (id, url, enabled_events, secret, created_by)
       VALUES ('we_1', 'http://127.0.0.1:9/hook', '{*}', 'whsec_x', 'test')`,
    );
    const external = stripeRefund({ id: 're_ext', amount: 50, status: 'succeeded', payment_intent: null });
    expect(await apply(external, { eventId: 'evt_x', observedAt: at(1) })).toEqual({
      kind: 'external_recorded',
      refundId: 'rf_ext_re_ext',
      to: 'succeeded',
    });
    expect((await apply(external, { eventId: 'evt_x', observedAt: at(1) })).kind).toBe('noop');
    // Merchants hear of it once, as of any refund; the customer gets no email from Refundry for it.
    expect(
      await db.query("SELECT channel, kind FROM notifications WHERE refund_id = 'rf_ext_re_ext'"),
    ).toEqual([{ channel: 'webhook', kind: 'refund.created' }]);
    const after = await paymentAmounts(db, payment);
    expect(after.refundable).toBe(before.refundable - 50);
    const [ext] = await db.query<Record<string, unknown>>(
      "SELECT origin, requested_by, stripe_idempotency_key, reason FROM refunds WHERE stripe_refund_id = 're_ext'",
    );
    expect(ext).toEqual({
      origin: 'external',
      requested_by: 'stripe',
      stripe_idempotency_key: 'external_re_ext',
      reason: 'other',
    });

    // A refund carrying the id of one of ours that already has another Stripe refund is external too.
    const second = stripeRefund({
      id: 're_a2',
      amount: 1,
      status: 'succeeded',
      metadata: { refundry_refund_id: 'rf_a' },
    });
    expect((await apply(second, { observedAt: at(1) })).kind).toBe('external_recorded');

    const unknown = stripeRefund({ id: 're_u', charge: 'ch_unknown', payment_intent: 'pi_unknown' });
    expect(await apply(unknown, { observedAt: at(1) })).toEqual({ kind: 'unknown_payment' });
    expect(await db.query("SELECT 1 FROM refunds WHERE stripe_refund_id = 're_u'")).toEqual([]);
  });
});
