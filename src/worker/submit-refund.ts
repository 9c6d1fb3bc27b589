// Sends one claimed refund to Stripe and stores the outcome. The idempotency key fixed at
// acceptance makes every resend return the same Stripe refund; past Stripe's 24 h key lifetime
// the worker first looks for a Stripe refund carrying Refundry's id and adopts it.
import type Stripe from 'stripe';
import { noteAccountActivity } from '../connect/accounts.ts';
import { pickFeeRefund, takenFeeRefunds } from '../connect/fee-refunds.ts';
import type { Db, Queryable } from '../db/db.ts';
import type { RefundStatus } from '../refunds/refund-states.ts';
import { transitionRefund } from '../refunds/transition.ts';
import type { Logger } from '../shared/logger.ts';
import type { StripeFeeRefund, StripeGateway } from '../stripe/gateway.ts';
import type { ClaimedRefund } from './claim-next.ts';
import { pauseSending, rescheduleRefund } from './claim-next.ts';
import { backoffMs, classifyStripeError } from './classify-error.ts';

export interface SubmitDeps {
  db: Db;
  gateway: StripeGateway;
  logger: Logger;
  workerId: string;
  /** Called before every Stripe request (the shared budget). */
  beforeRequest?: () => Promise<void>;
  /** Called when Stripe answered 429. */
  onRateLimited?: () => Promise<void>;
  backoff?: { baseMs?: number; capMs?: number };
}

export type SubmitOutcome =
  | { kind: 'sent'; status: RefundStatus; stripeRefundId: string; adopted: boolean }
  | { kind: 'retry'; delayMs: number; code: string | null; rateLimited: boolean }
  | { kind: 'failed'; code: string; message: string }
  | { kind: 'paused'; message: string };

export async function submitRefund(deps: SubmitDeps, refund: ClaimedRefund): Promise<SubmitOutcome> {
  const { db, gateway, logger, workerId } = deps;
  // A direct charge lives on its connected account: every call names it (Stripe-Account), so the
  // idempotency key and the look-up past its lifetime are that account's.
  const payment = {
    paymentIntentId: refund.paymentIntentId,
    chargeId: refund.chargeId,
    account: refund.stripeAccount,
  };
  try {
    let stripeRefund: Stripe.Refund | undefined;
    let adopted = false;
    if (refund.keyMayHaveExpired) {
      await deps.beforeRequest?.();
      stripeRefund = await gateway.findRefundByRefundryId(payment, refund.id);
      adopted = stripeRefund !== undefined;
    }
    if (!stripeRefund) {
      await deps.beforeRequest?.();
      stripeRefund = await gateway.createRefund({
        refundId: refund.id,
        idempotencyKey: refund.stripeIdempotencyKey,
        ...payment,
        amount: refund.amount,
        reason: refund.reason === 'other' ? undefined : refund.reason,
        reverseTransfer: refund.reverseTransfer,
        refundApplicationFee: refund.refundApplicationFee,
      });
    }
    const sent = stripeRefund;
    const status = toRefundStatus(sent.status);
    // Which fee refund it made: Stripe links them only by time (src/connect/fee-refunds.ts).
    const feeRefunds =
      refund.refundApplicationFee && refund.applicationFeeId
        ? await readFeeRefunds(deps, refund.id, refund.applicationFeeId)
        : undefined;
    await db.transaction(async (tx) => {
      await recordConnectOutcome(tx, refund, sent);
      // The transition stores the Stripe id and sent_at and ends the lease (every Stripe status
      // leads out of 'queued').
      const moved = await transitionRefund(tx, {
        refundId: refund.id,
        to: status,
        actor: 'worker',
        reason: adopted ? 'adopted existing Stripe refund' : 'sent to Stripe',
        stripeRefundId: sent.id,
        failureCode: sent.failure_reason ?? null,
      });
      // A webhook got there first (the refund already moved): keep the Stripe id, end the lease.
      if (moved.kind !== 'applied') {
        await tx.query(
          `UPDATE refunds SET stripe_refund_id = COALESCE(stripe_refund_id, $2), sent_at = COALESCE(sent_at, now()),
             lease_owner = CASE WHEN lease_owner = $3 THEN NULL ELSE lease_owner END,
             lease_expires_at = CASE WHEN lease_owner = $3 THEN NULL ELSE lease_expires_at END,
             updated_at = now()
           WHERE id = $1`,
          [refund.id, sent.id, workerId],
        );
      }
    });
    // After the commit, on its own: two refunds of one payment may race for a fee refund, and the
    // loser must not roll back the refund's status with it.
    if (feeRefunds) await matchFeeRefund(deps, refund.id, sent.created, feeRefunds);
    return { kind: 'sent', status, stripeRefundId: sent.id, adopted };
  } catch (error) {
    // The caller chose not to send (shutting down): it gives the lease back itself.
    if (error instanceof Error && error.name === 'StopBeforeSend') throw error;
    const verdict = classifyStripeError(error);
    if (verdict.kind === 'retry') {
      if (verdict.rateLimited) await deps.onRateLimited?.();
      const delayMs = backoffMs(refund.attempts, deps.backoff);
      await rescheduleRefund(db, refund.id, workerId, delayMs);
      logger.debug({ refundId: refund.id, code: verdict.code, delayMs }, 'refund send will be retried');
      return { kind: 'retry', delayMs, code: verdict.code, rateLimited: verdict.rateLimited };
    }
    if (verdict.kind === 'auth') {
      await pauseSending(db, { code: verdict.code, message: verdict.message });
      await rescheduleRefund(db, refund.id, workerId, 0);
      logger.error(
        { refundId: refund.id, code: verdict.code, alert: 'stripe_auth_failed' },
        `Stripe refused Refundry's API key; sending is paused until cleared: ${verdict.message}`,
      );
      return { kind: 'paused', message: verdict.message };
    }
    await db.transaction((tx) =>
      transitionRefund(tx, {
        refundId: refund.id,
        to: 'failed',
        actor: 'worker',
        reason: 'refused by Stripe',
        failureCode: verdict.code,
        failureMessage: verdict.message,
      }),
    );
    logger.warn({ refundId: refund.id, code: verdict.code }, 'Stripe refused the refund');
    return { kind: 'failed', code: verdict.code, message: verdict.message };
  }
}

async function readFeeRefunds(
  deps: SubmitDeps,
  refundId: string,
  feeId: string,
): Promise<StripeFeeRefund[] | undefined> {
  if (!deps.gateway.listFeeRefunds) return undefined;
  try {
    await deps.beforeRequest?.();
    return await deps.gateway.listFeeRefunds(feeId);
  } catch (error) {
    if (error instanceof Error && error.name === 'StopBeforeSend') return undefined;
    // The refund is made: its fee refund stays unmatched (the fee's total on the payment is right).
    deps.logger.warn({ err: error, refundId }, 'could not read the fee refunds of an application fee');
    return undefined;
  }
}

/**
 * Stores what Stripe's answer says of Connect: the transfer reversal the refund made (with its
 * amount when Stripe expanded it); and that the refund's connected account was active (the
 * backfill reads recently active accounts' events).
 */
async function recordConnectOutcome(
  tx: Queryable,
  refund: ClaimedRefund,
  sent: Stripe.Refund,
): Promise<void> {
  const reversal = sent.transfer_reversal;
  const reversalId = typeof reversal === 'string' ? reversal : (reversal?.id ?? null);
  const reversed = reversal && typeof reversal === 'object' ? reversal.amount : null;
  if (reversalId) {
    await tx.query(
      `UPDATE refunds SET transfer_reversal_id = COALESCE(transfer_reversal_id, $2),
         transfer_reversed = COALESCE(transfer_reversed, $3)
       WHERE id = $1`,
      [refund.id, reversalId, reversed],
    );
  }
  if (refund.stripeAccount) await noteAccountActivity(tx, [refund.stripeAccount]);
}

/**
 * Matches the refund with the fee refund it made (src/connect/fee-refunds.ts). Another refund of
 * the same payment may take the same candidate at the same moment: the unique index refuses the
 * second, which then picks again among what is left.
 */
async function matchFeeRefund(
  deps: SubmitDeps,
  refundId: string,
  created: number,
  feeRefunds: StripeFeeRefund[],
): Promise<void> {
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      const fee = pickFeeRefund(
        feeRefunds,
        created,
        await takenFeeRefunds(
          deps.db,
          feeRefunds.map((f) => f.id),
        ),
      );
      if (!fee) return;
      await deps.db.query(
        'UPDATE refunds SET fee_refund_id = $2, fee_refunded = $3 WHERE id = $1 AND fee_refund_id IS NULL',
        [refundId, fee.id, fee.amount],
      );
      return;
    } catch (error) {
      if ((error as { code?: unknown })?.code !== '23505') {
        // The refund is made and recorded: only the match is missing (the fee's total is right).
        deps.logger.warn({ err: error, refundId }, 'could not match the fee refund of a refund');
        return;
      }
    }
  }
}

function toRefundStatus(status: string | null): RefundStatus {
  switch (status) {
    case 'succeeded':
    case 'failed':
    case 'canceled':
    case 'requires_action':
    case 'pending':
      return status;
    default:
      return 'pending';
  }
}
