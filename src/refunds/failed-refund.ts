// Next steps on a failed refund. "Try again" asks for a new refund of the same amount and reason
// through the normal path (policy, approval threshold, queue), linked to the failed one by
// retry_of. "Refunded another way" records that the customer got the money outside Stripe (bank
// transfer, store credit): the refund moves failed → refunded_another_way, which counts as
// refunded on the payment, and reconciliation treats Stripe's 'failed' for it as agreement.
// The two exclude each other: both run under the payment's row lock and check the other.

import type { Db, Queryable } from '../db/db.ts';
import { ApiError } from '../http/http-error.ts';
import { getPayment, paymentAmounts } from '../payments/payments.ts';
import { formatMoney } from '../shared/money.ts';
import type { RefundReason } from './reasons.ts';
import { getRefund, type Refund } from './refunds.ts';
import { notRetryable, type RefundOutcome, type RequestRefundDeps, requestRefund } from './request-refund.ts';
import { transitionRefund } from './transition.ts';

/** A new refund for the failed one's amount and reason, through the policy; linked by retry_of. */
export async function retryFailedRefund(
  deps: RequestRefundDeps,
  id: string,
  actor: string,
): Promise<RefundOutcome> {
  const failed = await getRefund(deps.db, id);
  if (!failed) throw new ApiError(404, 'not_found', `No refund with id '${id}'.`, 'id');
  if (failed.status !== 'failed') throw notRetryable(id, failed.status);
  // requestRefund checks again under the payment's lock (status, and no retry yet).
  return requestRefund(deps, {
    paymentId: failed.payment_id,
    amount: failed.amount,
    currency: failed.currency,
    reason: failed.reason as RefundReason,
    note: failed.note ?? undefined,
    // Connect: the retry takes back what the failed one asked to (a failed refund took nothing).
    reverseTransfer: failed.reverse_transfer,
    refundApplicationFee: failed.refund_application_fee,
    actor,
    retryOf: id,
  });
}

/**
 * Records that a failed refund was paid to the customer another way. The note (how, and any
 * reference) goes into the refund's history. Refused when the payment has no room left for it
 * (something else refunded the money meanwhile) or when the refund was already tried again.
 */
export function markRefundedAnotherWay(db: Db, id: string, actor: string, note: string): Promise<Refund> {
  return db.transaction(async (tx) => {
    const [row] = await tx.query<{ payment_id: string }>('SELECT payment_id FROM refunds WHERE id = $1', [
      id,
    ]);
    if (!row) throw new ApiError(404, 'not_found', `No refund with id '${id}'.`, 'id');
    // The payment first, as every request against it does: the sum below cannot interleave.
    const payment = (await getPayment(tx, row.payment_id, true))!;
    const refund = (await getRefund(tx, id, true))!;
    if (refund.status !== 'failed') {
      throw new ApiError(
        409,
        'not_failed',
        `Refund ${id} is ${refund.status}; only a failed refund can be recorded as refunded another way.`,
        'id',
      );
    }
    const [retry] = await tx.query<{ id: string }>('SELECT id FROM refunds WHERE retry_of = $1', [id]);
    if (retry) {
      throw new ApiError(
        409,
        'already_retried',
        `Refund ${id} was already tried again as ${retry.id}; record the outcome on that refund instead.`,
        'id',
        { retried_as: retry.id },
      );
    }
    const amounts = await paymentAmounts(tx, payment);
    const remaining = amounts.refundable;
    if (refund.amount > remaining) {
      const money = (minor: number) => formatMoney(minor, payment.currency);
      throw new ApiError(
        409,
        'amount_exceeds_remaining',
        `${money(refund.amount)} is more than the ${money(remaining)} that remains refundable on the payment (counting refunds in flight).`,
        'id',
        { amount: refund.amount, remaining, currency: payment.currency },
      );
    }
    await transitionRefund(tx, {
      refundId: id,
      to: 'refunded_another_way',
      actor,
      reason: `Refunded another way: ${note}`,
    });
    return (await getRefund(tx, id))!;
  });
}

/** The refunds that tried `refundId` again (at most one: a failed refund is retried once). */
export function retriesOf(db: Queryable, refundId: string) {
  return db.query<{ id: string; status: string }>('SELECT id, status FROM refunds WHERE retry_of = $1', [
    refundId,
  ]);
}
