// Sends one claimed refund to Stripe and stores the outcome. The idempotency key fixed at
// acceptance makes every resend return the same Stripe refund; past Stripe's 24 h key lifetime
// the worker first looks for a Stripe refund carrying Refundry's id and adopts it.
import type Stripe from 'stripe';
import type { Db, Queryable } from '../db/db.ts';
import { toStripeReason } from '../refunds/reasons.ts';
import type { RefundStatus } from '../refunds/refund-states.ts';
import { transitionRefund, transitionRefunds } from '../refunds/transition.ts';
import type { Logger } from '../shared/logger.ts';
import type { StripeGateway } from '../stripe/gateway.ts';
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
  /** Stores a send's outcome (committed when it resolves); default: its own transaction. */
  storeSent?: (sent: SentRefund) => Promise<void>;
}

/** A refund Stripe has answered for, to be stored. */
export interface SentRefund {
  refundId: string;
  workerId: string;
  stripeRefund: Stripe.Refund;
  status: RefundStatus;
  adopted: boolean;
}

/**
 * Inside a transaction: moves the refund to the status Stripe answered with (storing the Stripe id
 * and sent_at and ending the lease: every Stripe status leads out of 'queued').
 */
export function storeSent(tx: Queryable, sent: SentRefund): Promise<void> {
  return storeSentMany(tx, [sent]);
}

/** storeSent for sends that ended together: their transitions in three statements. */
export async function storeSentMany(tx: Queryable, sents: readonly SentRefund[]): Promise<void> {
  const moved = await transitionRefunds(
    tx,
    sents.map((sent) => ({
      refundId: sent.refundId,
      to: sent.status,
      actor: 'worker',
      reason: sent.adopted ? 'adopted existing Stripe refund' : 'sent to Stripe',
      stripeRefundId: sent.stripeRefund.id,
      failureCode: sent.stripeRefund.failure_reason ?? null,
    })),
  );
  for (const [i, sent] of sents.entries()) {
    if (moved[i]!.kind === 'applied') continue;
    // A webhook got there first (the refund already moved): keep the Stripe id, end the lease.
    await tx.query(
      `UPDATE refunds SET stripe_refund_id = COALESCE(stripe_refund_id, $2), sent_at = COALESCE(sent_at, now()),
         lease_owner = CASE WHEN lease_owner = $3 THEN NULL ELSE lease_owner END,
         lease_expires_at = CASE WHEN lease_owner = $3 THEN NULL ELSE lease_expires_at END,
         updated_at = now()
       WHERE id = $1`,
      [sent.refundId, sent.stripeRefund.id, sent.workerId],
    );
  }
}

export type SubmitOutcome =
  | { kind: 'sent'; status: RefundStatus; stripeRefundId: string; adopted: boolean }
  | { kind: 'retry'; delayMs: number; code: string | null; rateLimited: boolean }
  | { kind: 'failed'; code: string; message: string }
  | { kind: 'paused'; message: string };

export async function submitRefund(deps: SubmitDeps, refund: ClaimedRefund): Promise<SubmitOutcome> {
  const { db, gateway, logger, workerId } = deps;
  const payment = { paymentIntentId: refund.paymentIntentId, chargeId: refund.chargeId };
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
        reason: toStripeReason(refund.reason),
      });
    }
    const status = toRefundStatus(stripeRefund.status);
    const sent = { refundId: refund.id, workerId, stripeRefund, status, adopted };
    // Stored in a transaction of its own, or with other sends that ended meanwhile (workers.ts).
    await (deps.storeSent ? deps.storeSent(sent) : db.transaction((tx) => storeSent(tx, sent)));
    return { kind: 'sent', status, stripeRefundId: stripeRefund.id, adopted };
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
