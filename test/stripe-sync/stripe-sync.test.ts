// Learning what Stripe did, end to end against the sandbox: webhooks (async success, the late
// failure, external refunds), the polling fallback with every webhook dropped, and the event
// backfill after a restart with webhooks off. The sandbox clock settles asynchronous refunds.
import Stripe from 'stripe';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/db.ts';
import {
  findPaymentByStripeId,
  getPayment,
  paymentAmounts,
  registerFromStripe,
} from '../../src/payments/payments.ts';
import { createStripeGateway } from '../../src/stripe/stripe-gateway.ts';
import { createTestDb, engines } from '../support/databases.ts';
import { startTestSandbox, type TestSandbox } from '../support/sandbox.ts';
import { insertPayment, insertQueuedRefund } from '../worker/helpers.ts';
import { type Harness, startHarness, statusOf, until } from './harness.ts';

describe.each(engines())('Stripe sync with the sandbox on %s', (engine) => {
  let db: Db | undefined;
  let sandbox: TestSandbox | undefined;
  const harnesses: Harness[] = [];
  // The first PGlite database of a file builds the migrated template: done here, under the hook
  // timeout, so a loaded machine does not push the first test past its own.
  beforeAll(async () => {
    await (await createTestDb(engine)).close();
  });
  afterEach(async () => {
    for (const h of harnesses.splice(0)) await h.stop();
    await sandbox?.close();
    await db?.close();
    db = undefined;
    sandbox = undefined;
  });

  async function setup(faults?: string) {
    db = await createTestDb(engine);
    sandbox = await startTestSandbox();
    if (faults) {
      const res = await fetch(`${sandbox.url}/_sandbox/faults`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: faults,
      });
      expect(res.status).toBe(200);
    }
    return { db, sandbox };
  }

  async function queuedRefund(db: Db, s: TestSandbox, source: string, amount = 1_000) {
    const charge = await s.stripe.charges.create({ amount, currency: 'usd', source });
    const paymentId = await insertPayment(db, charge);
    return insertQueuedRefund(db, paymentId, amount);
  }

  const historyOf = (db: Db, id: string) =>
    db.query<{ to_status: string; actor: string }>(
      'SELECT to_status, actor FROM refund_history WHERE refund_id = $1 ORDER BY id',
      [id],
    );

  it('follows pending → succeeded and the late failure succeeded → failed through webhooks', async () => {
    const { db, sandbox } = await setup();
    harnesses.push(
      await startHarness(db, sandbox, { webhooks: true, parts: { poller: false, backfill: false } }),
    );
    const pending = await queuedRefund(db, sandbox, 'tok_pendingRefund');
    const failing = await queuedRefund(db, sandbox, 'tok_refundFail');
    await until(
      async () =>
        (await statusOf(db, pending)) === 'pending' && (await statusOf(db, failing)) === 'succeeded',
    );
    await sandbox.advance(3_600);
    await until(
      async () => (await statusOf(db, pending)) === 'succeeded' && (await statusOf(db, failing)) === 'failed',
    );
    const [failed] = await db.query<{ failure_code: string }>(
      'SELECT failure_code FROM refunds WHERE id = $1',
      [failing],
    );
    expect(failed?.failure_code).toBe('expired_or_canceled_card');
    expect((await historyOf(db, failing)).map((h) => `${h.to_status}:${h.actor}`)).toContain(
      'failed:webhook',
    );
    expect((await historyOf(db, pending)).map((h) => `${h.to_status}:${h.actor}`)).toContain(
      'succeeded:webhook',
    );
  });

  it('records a refund made directly at Stripe against its payment, lowering the refundable amount', async () => {
    const { db, sandbox } = await setup();
    harnesses.push(
      await startHarness(db, sandbox, { webhooks: true, parts: { poller: false, backfill: false } }),
    );
    const gateway = createStripeGateway(sandbox.stripe);
    const pi = await sandbox.stripe.paymentIntents.create({
      amount: 5_000,
      currency: 'usd',
      payment_method: 'pm_card_visa',
      confirm: true,
    });
    const { payment } = await registerFromStripe(db, (await gateway.retrievePayment(pi.id))!);
    const direct = await sandbox.stripe.refunds.create({ payment_intent: pi.id, amount: 1_200 });
    await until(
      async () =>
        (await db!.query('SELECT 1 FROM refunds WHERE stripe_refund_id = $1', [direct.id])).length > 0,
    );
    const [row] = await db.query<Record<string, unknown>>(
      'SELECT origin, status, amount, requested_by FROM refunds WHERE stripe_refund_id = $1',
      [direct.id],
    );
    expect(row).toEqual({ origin: 'external', status: 'succeeded', amount: 1_200, requested_by: 'stripe' });
    expect((await paymentAmounts(db, (await getPayment(db, payment.id))!)).refundable).toBe(3_800);

    // On a payment Refundry has never seen: the payment is fetched from Stripe and registered.
    const other = await sandbox.stripe.charges.create({ amount: 900, currency: 'usd', source: 'tok_visa' });
    const unknown = await sandbox.stripe.refunds.create({ charge: other.id, amount: 400 });
    await until(
      async () =>
        (await db!.query('SELECT 1 FROM refunds WHERE stripe_refund_id = $1', [unknown.id])).length > 0,
    );
    const registered = (await findPaymentByStripeId(db, other.id))!;
    expect((await paymentAmounts(db, registered)).refundable).toBe(500);
  });

  it('finishes a pending refund through the poller when every webhook is dropped', async () => {
    const { db, sandbox } = await setup('webhookDropShare=1');
    harnesses.push(
      await startHarness(db, sandbox, {
        webhooks: true,
        parts: { backfill: false },
        settings: { pollAfterSeconds: 1, pollMaxIntervalSeconds: 1 },
      }),
    );
    const id = await queuedRefund(db, sandbox, 'tok_pendingRefund');
    await until(async () => (await statusOf(db, id)) === 'pending');
    await sandbox.advance(3_600);
    await until(async () => (await statusOf(db, id)) === 'succeeded', 15_000, 'the poller');
    expect((await historyOf(db, id)).at(-1)).toEqual({ to_status: 'succeeded', actor: 'poller' });
    expect(await db.query('SELECT id FROM stripe_events')).toEqual([]);
  });

  it('applies events missed while stopped after a restart, through the backfill alone (webhooks off)', async () => {
    const { db, sandbox } = await setup();
    const first = await startHarness(db, sandbox, { webhooks: false, parts: { poller: false } });
    const id = await queuedRefund(db, sandbox, 'tok_pendingRefund');
    await until(async () => (await statusOf(db, id)) === 'pending');
    await first.sync.backfill!.runOnce();
    await first.stop();

    // While Refundry is stopped, Stripe settles the refund.
    await sandbox.advance(3_600);
    const stripeId = (
      await db.query<{ stripe_refund_id: string }>('SELECT stripe_refund_id FROM refunds WHERE id = $1', [id])
    )[0]!.stripe_refund_id;
    expect((await sandbox.stripe.refunds.retrieve(stripeId)).status).toBe('succeeded');
    expect(await statusOf(db, id)).toBe('pending');

    const second = await startHarness(db, sandbox, {
      webhooks: false,
      workers: false,
      parts: { poller: false },
    });
    harnesses.push(second);
    await until(async () => (await statusOf(db, id)) === 'succeeded', 15_000, 'the backfill');
    expect((await historyOf(db, id)).at(-1)).toEqual({ to_status: 'succeeded', actor: 'backfill' });

    // The same event delivered later by webhook is a duplicate.
    const [event] = (await sandbox.stripe.events.list({ type: 'refund.updated', limit: 1 })).data;
    const body = JSON.stringify(event);
    const res = await fetch(`${second.url}/webhooks/stripe`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'stripe-signature': Stripe.webhooks.generateTestHeaderString({
          payload: body,
          secret: second.secret,
        }),
      },
      body,
    });
    expect(await res.json()).toEqual({ received: true, duplicate: true });
  });
});
