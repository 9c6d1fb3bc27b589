// Seeds one of every reconciliation case: refunds made at the sandbox with the official SDK, local
// rows written (and then altered) with SQL, as the service would have written them.
import type Stripe from 'stripe';
import type { Queryable } from '../../src/db/db.ts';
import { registerStripeId } from '../support/payments.ts';
import type { TestSandbox } from '../support/sandbox.ts';

export interface Seeded {
  /** Local refund ids by case. */
  ids: {
    matched: string;
    pendingHere: string;
    lostResponse: string;
    lateFailure: string;
    amount: string;
    currency: string;
    illegal: string;
    missingAtStripe: string;
    duplicated: string;
  };
  /** Stripe refund ids by case. */
  stripe: { external: string; unknownPayment: string; duplicate: string; duplicateOriginal: string };
  paymentId: string;
  failPaymentId: string;
}

async function payment(stripe: Stripe, pm = 'pm_card_visa', amount = 100_000) {
  return stripe.paymentIntents.create({
    amount,
    currency: 'usd',
    payment_method: pm,
    confirm: true,
  });
}

async function localRefund(
  db: Queryable,
  input: { id: string; paymentId: string; amount: number; status: string; stripeRefundId: string | null },
) {
  await db.query(
    `INSERT INTO refunds (id, payment_id, amount, currency, reason, status, requested_by, stripe_idempotency_key,
       stripe_refund_id, sent_at, attempts)
     VALUES ($1, $2, $3, 'usd', 'requested_by_customer', $4, 'test', $5, $6, CASE WHEN $6::text IS NULL THEN NULL ELSE now() END, 1)`,
    [input.id, input.paymentId, input.amount, input.status, `refundry_${input.id}`, input.stripeRefundId],
  );
}

export async function seedEveryCase(db: Queryable, sb: TestSandbox, tag: string): Promise<Seeded> {
  const { stripe } = sb;
  const pi = await payment(stripe);
  const failing = await payment(stripe, 'pm_card_refundFail');
  const stranger = await payment(stripe); // never registered here
  const register = async (p: Stripe.PaymentIntent) => (await registerStripeId(db, stripe, p.id)).id;
  const paymentId = await register(pi);
  const failPaymentId = await register(failing);
  const id = (name: string) => `rf_${tag}_${name}`;
  const refund = (amount: number, refundryId?: string, p: Stripe.PaymentIntent = pi) =>
    stripe.refunds.create({
      payment_intent: p.id,
      amount,
      ...(refundryId ? { metadata: { refundry_refund_id: refundryId } } : {}),
    });

  const ids = {
    matched: id('matched'),
    pendingHere: id('pending'),
    lostResponse: id('lost'),
    lateFailure: id('late'),
    amount: id('amount'),
    currency: id('currency'),
    illegal: id('illegal'),
    missingAtStripe: id('missing'),
    duplicated: id('dup'),
  };
  // Agrees everywhere.
  const matched = await refund(1_000, ids.matched);
  await localRefund(db, {
    id: ids.matched,
    paymentId,
    amount: 1_000,
    status: 'succeeded',
    stripeRefundId: matched.id,
  });
  // Still pending here (a webhook was lost): Stripe says succeeded.
  const pending = await refund(1_100, ids.pendingHere);
  await localRefund(db, {
    id: ids.pendingHere,
    paymentId,
    amount: 1_100,
    status: 'pending',
    stripeRefundId: pending.id,
  });
  // Sent, but the response was lost: queued here without a Stripe id, succeeded at Stripe.
  await refund(1_200, ids.lostResponse);
  await localRefund(db, {
    id: ids.lostResponse,
    paymentId,
    amount: 1_200,
    status: 'queued',
    stripeRefundId: null,
  });
  // Succeeded, then failed at Stripe (refundFail card, settled by the clock).
  const late = await refund(1_300, ids.lateFailure, failing);
  await localRefund(db, {
    id: ids.lateFailure,
    paymentId: failPaymentId,
    amount: 1_300,
    status: 'succeeded',
    stripeRefundId: late.id,
  });
  // Amount and currency altered here.
  const amount = await refund(1_400, ids.amount);
  await localRefund(db, {
    id: ids.amount,
    paymentId,
    amount: 1_400,
    status: 'succeeded',
    stripeRefundId: amount.id,
  });
  await db.query('UPDATE refunds SET amount = 1401 WHERE id = $1', [ids.amount]);
  const currency = await refund(1_500, ids.currency);
  await localRefund(db, {
    id: ids.currency,
    paymentId,
    amount: 1_500,
    status: 'succeeded',
    stripeRefundId: currency.id,
  });
  await db.query(`UPDATE refunds SET currency = 'eur' WHERE id = $1`, [ids.currency]);
  // Failed here, succeeded at Stripe: the state machine never goes back from failed.
  const illegal = await refund(1_600, ids.illegal);
  await localRefund(db, {
    id: ids.illegal,
    paymentId,
    amount: 1_600,
    status: 'failed',
    stripeRefundId: illegal.id,
  });
  // Made directly in Stripe on a known payment, and on a payment Refundry never saw.
  const external = await refund(1_700);
  const unknownPayment = await refund(1_800, undefined, stranger);
  // Sent from here, but Stripe has no such refund.
  await localRefund(db, {
    id: ids.missingAtStripe,
    paymentId,
    amount: 1_900,
    status: 'succeeded',
    stripeRefundId: `re_${tag}_never_made`,
  });
  // Two Stripe refunds carry the same Refundry id: the second one is a duplicate.
  const original = await refund(2_000, ids.duplicated);
  await localRefund(db, {
    id: ids.duplicated,
    paymentId,
    amount: 2_000,
    status: 'succeeded',
    stripeRefundId: original.id,
  });
  const duplicate = await refund(2_000, ids.duplicated);
  // The refundFail card's refund fails once the sandbox clock passes its settlement.
  await sb.advance(3_601);
  return {
    ids,
    stripe: {
      external: external.id,
      unknownPayment: unknownPayment.id,
      duplicate: duplicate.id,
      duplicateOriginal: original.id,
    },
    paymentId,
    failPaymentId,
  };
}
