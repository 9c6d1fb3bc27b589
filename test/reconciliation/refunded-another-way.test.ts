// A refund that failed at Stripe and was then recorded as "refunded another way", against the
// sandbox, on both engines: it counts as refunded, a late copy of Stripe's 'failed' changes nothing,
// and reconciliation agrees with Stripe (matched, nothing flagged). Its retry, a second refund at
// Stripe linked to the failed one, reconciles as an ordinary match.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/db.ts';
import { getPayment, paymentAmounts } from '../../src/payments/payments.ts';
import { createReconciler } from '../../src/reconciliation/reconcile.ts';
import { listDiscrepancies } from '../../src/reconciliation/runs.ts';
import { markRefundedAnotherWay, retryFailedRefund } from '../../src/refunds/failed-refund.ts';
import { getRefund } from '../../src/refunds/refunds.ts';
import { requestRefund } from '../../src/refunds/request-refund.ts';
import { silentLogger } from '../../src/shared/logger.ts';
import type { StripeGateway } from '../../src/stripe/gateway.ts';
import { createStripeGateway } from '../../src/stripe/stripe-gateway.ts';
import { applyStripeRefund } from '../../src/stripe-sync/apply-stripe-refund.ts';
import { createTestDb, engines } from '../support/databases.ts';
import { registerStripeId } from '../support/payments.ts';
import { startTestSandbox, type TestSandbox } from '../support/sandbox.ts';

const HOUR = 3_600_000;
const SETTINGS = { refundWindowDays: 14, approvalThreshold: 1_000_000 };

describe.each(engines())('refunded another way, reconciled, on %s', (engine) => {
  let db: Db;
  let sb: TestSandbox;
  let gateway: StripeGateway;

  beforeAll(async () => {
    [db, sb] = await Promise.all([createTestDb(engine), startTestSandbox()]);
    gateway = createStripeGateway(sb.stripe);
  });
  afterAll(async () => {
    await sb?.close();
    await db?.close();
  });

  /** Sends a refund the way the worker does and applies what Stripe answers. */
  async function send(refundId: string) {
    const r = (await getRefund(db, refundId))!;
    const p = (await getPayment(db, r.payment_id))!;
    const sent = await gateway.createRefund({
      refundId,
      idempotencyKey: `refundry_${refundId}`,
      paymentIntentId: p.stripePaymentIntentId,
      amount: r.amount,
    });
    await db.transaction((tx) => applyStripeRefund(tx, sent, { actor: 'worker', observedAt: new Date() }));
    return sent.id;
  }
  const observe = async (stripeRefundId: string) => {
    const now = await sb.stripe.refunds.retrieve(stripeRefundId);
    return db.transaction((tx) => applyStripeRefund(tx, now, { actor: 'poller', observedAt: new Date() }));
  };

  it('counts as refunded, ignores Stripe’s late failed, and reconciliation finds nothing to flag', async () => {
    const pi = await sb.stripe.paymentIntents.create({
      amount: 2_500,
      currency: 'eur',
      payment_method: 'pm_card_refundFail',
      confirm: true,
    });
    const payment = await registerStripeId(db, sb.stripe, pi.id);
    const deps = { db, gateway, settings: SETTINGS };
    const first = await requestRefund(deps, {
      paymentId: payment.id,
      amount: 1_000,
      reason: 'duplicate',
      actor: 'test',
    });
    if (first.kind !== 'accepted') throw new Error('refused');
    const firstStripe = await send(first.refund.id);
    // The test card's refund succeeds, then fails at the bank.
    await sb.advance(7_200);
    expect(await observe(firstStripe)).toMatchObject({ kind: 'applied', to: 'failed' });

    // Tried again: a second Stripe refund for the same amount, linked to the first.
    const retry = await retryFailedRefund(deps, first.refund.id, 'test');
    if (retry.kind !== 'accepted') throw new Error('refused');
    expect(retry.refund.retry_of).toBe(first.refund.id);
    const retryStripe = await send(retry.refund.id);
    await sb.advance(7_200);
    expect(await observe(retryStripe)).toMatchObject({ kind: 'applied', to: 'failed' });

    // The retry failed too; the customer is paid by bank transfer and someone records it.
    const settled = await markRefundedAnotherWay(db, retry.refund.id, 'user:usr_ops', 'SEPA transfer 4411');
    expect(settled.status).toBe('refunded_another_way');
    expect(await paymentAmounts(db, (await getPayment(db, payment.id))!)).toEqual({
      refunded: 1_000,
      inFlight: 0,
      refundable: 1_500,
    });
    // A late copy of Stripe's "failed" for it (a poll, a replayed webhook) is old news.
    expect(await observe(retryStripe)).toMatchObject({ kind: 'stale' });
    expect((await getRefund(db, retry.refund.id))!.status).toBe('refunded_another_way');

    const reconciler = createReconciler({ db, gateway, logger: silentLogger(), pollMs: 20, leaseMs: 2_000 });
    try {
      const started = await reconciler.start({
        window: { start: new Date(Date.now() - HOUR), end: new Date(Date.now() + 3 * HOUR) },
        triggeredBy: 'test',
      });
      const run = await started!.done;
      expect(run.status).toBe('completed');
      expect(run.counts).toEqual({ matched: 2 });
      expect(run.flagged).toBe(0);
      expect((await listDiscrepancies(db, run.id, { limit: 10 })).data).toEqual([]);
    } finally {
      await reconciler.stop();
    }
  });
});
