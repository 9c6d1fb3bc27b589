// Sends one claimed refund to Stripe and stores the outcome. The idempotency key fixed at
// acceptance makes every resend return the same Stripe refund; past Stripe's 24 h key lifetime
// the worker first looks for a Stripe refund carrying Refundry's id and adopts it.
import type Stripe from 'stripe';
import { noteAccountActivity } from '../connect/accounts.ts';
import { pickFeeRefund, takenFeeRefunds } from '../connect/fee-refunds.ts';
import type { Db, Queryable } from '../db/db.ts';
import { toStripeReason } from '../refunds/reasons.ts';
import type { RefundStatus } from '../refunds/refund-states.ts';
import { transitionRefund, transitionRefunds } from '../refunds/transition.ts';
import type { Logger } from '../shared/logger.ts';
import type { StripeFeeRefund, StripeGateway } from '../stripe/gateway.ts';
import type { BudgetHooks } from '../stripe/request-budget.ts';
import type { ClaimedRefund } from './claim-next.ts';
import { pauseSending, rescheduleRefund } from './claim-next.ts';
import { backoffMs, classifyStripeError } from './classify-error.ts';

export interface SubmitDeps extends BudgetHooks {
  db: Db;
  gateway: StripeGateway;
  logger: Logger;
  workerId: string;
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
  /** The connected account the refund was made on (a direct charge's), null: the platform. */
  stripeAccount?: string | null | undefined;
  /** The application fee's refunds as read after the send (refund_application_fee), to match one. */
  feeRefunds?: { feeId: string; list: StripeFeeRefund[] } | undefined;
  /** Set by the store when the refund's fee refund was matched in its commit. */
  feeMatched?: boolean;
}

/**
 * Inside a transaction: moves the refund to the status Stripe answered with (storing the Stripe id
 * and sent_at and ending the lease: every Stripe status leads out of 'queued').
 */
export function storeSent(tx: Queryable, sent: SentRefund): Promise<void> {
  return storeSentMany(tx, [sent]);
}

/**
 * storeSent for sends that ended together: their transitions in three statements. Connect: the
 * transfer reversal each refund made, with its amount (Stripe's answer has it expanded), is stored
 * first, row by row in the order given (the lock order); then the fee refund each made
 * (matchFeeRefundsInCommit) and the accounts' activity, in one statement, accounts in id order
 * (so two groups never wait on each other's accounts). The refund leaves 'queued' with all it
 * took back known.
 */
export async function storeSentMany(tx: Queryable, sents: readonly SentRefund[]): Promise<void> {
  for (const sent of sents) await recordReversal(tx, sent);
  const moved = await transitionRefunds(
    tx,
    sents.map((sent) => ({
      refundId: sent.refundId,
      to: sent.status,
      actor: 'worker',
      reason: sent.adopted ? 'adopted existing Stripe refund' : 'sent to Stripe',
      stripeRefundId: sent.stripeRefund.id,
      failureCode: sent.stripeRefund.failure_reason ?? null,
      // Stripe's answer is an observation of the refund no older than the refund itself: an event
      // of the same moment then adds nothing and the applier leaves the row alone.
      stripeObservedAt: observedAtOf(sent.stripeRefund),
    })),
  );
  // A webhook got there first (the refund already moved): keep the Stripe id, end the lease. One
  // statement for all such refunds of the group (their rows are locked already, by the transition).
  const overtaken = sents.filter((_, i) => moved[i]!.kind !== 'applied');
  if (overtaken.length > 0) {
    await tx.query(
      `UPDATE refunds r SET stripe_refund_id = COALESCE(r.stripe_refund_id, v.sid), sent_at = COALESCE(r.sent_at, now()),
         lease_owner = CASE WHEN r.lease_owner = v.worker THEN NULL ELSE r.lease_owner END,
         lease_expires_at = CASE WHEN r.lease_owner = v.worker THEN NULL ELSE r.lease_expires_at END,
         updated_at = now()
       FROM unnest($1::text[], $2::text[], $3::text[]) AS v(id, sid, worker)
       -- Through the primary key (joined on v alone, the planner may scan every refund).
       WHERE r.id = v.id AND r.id = ANY($1::text[])`,
      [
        overtaken.map((s) => s.refundId),
        overtaken.map((s) => s.stripeRefund.id),
        overtaken.map((s) => s.workerId),
      ],
    );
  }
  await matchFeeRefundsInCommit(tx, sents);
  const accounts = sents.map((s) => s.stripeAccount).filter((a): a is string => !!a);
  if (accounts.length > 0) await noteAccountActivity(tx, accounts);
}

/** The Stripe-side time a send's answer counts as observed at: the refund's creation (a lower bound). */
function observedAtOf(refund: Stripe.Refund): Date | null {
  return Number.isSafeInteger(refund.created) && refund.created > 0 ? new Date(refund.created * 1000) : null;
}

/** The namespace of the advisory locks that serialise matching one application fee's refunds. */
const FEE_MATCH_LOCK = 1515;

/**
 * Matches each refund with the fee refund it made (src/connect/fee-refunds.ts), in the send's
 * commit. Refunds of one fee stored at once by two transactions would race for the same candidate:
 * each fee's matching is serialised by a transaction-scoped advisory lock (taken in fee id order,
 * after the refund rows, which no other holder of such a lock waits for), so the second reads what
 * the first took. A refund whose list has nothing left (read before another refund's fee refund
 * existed, that refund having taken this one's) is matched after the commit from a fresh list.
 */
async function matchFeeRefundsInCommit(tx: Queryable, sents: readonly SentRefund[]): Promise<void> {
  const withFees = sents
    .filter((s) => s.feeRefunds && s.feeRefunds.list.length > 0)
    .sort((a, b) => compareText(a.feeRefunds!.feeId, b.feeRefunds!.feeId));
  // A group that rolled back is stored again alone: only this commit's matches count.
  for (const sent of sents) sent.feeMatched = false;
  let locked: string | undefined;
  for (const sent of withFees) {
    const { feeId, list } = sent.feeRefunds!;
    if (locked !== feeId) {
      await tx.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [FEE_MATCH_LOCK, feeId]);
      locked = feeId;
    }
    const taken = await takenFeeRefunds(
      tx,
      list.map((f) => f.id),
    );
    const fee = pickFeeRefund(list, sent.stripeRefund.created, taken);
    if (!fee) continue;
    // (Already matched by an earlier store of the same send: kept as it is.)
    await tx.query(
      'UPDATE refunds SET fee_refund_id = $2, fee_refunded = $3 WHERE id = $1 AND fee_refund_id IS NULL',
      [sent.refundId, fee.id, fee.amount],
    );
    sent.feeMatched = true;
  }
}

const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The transfer reversal a refund made (destination charges with reverse_transfer), with its
 * amount. Recorded with the refund's status in the worker's commit: whichever path told of the
 * refund first (a webhook carries the reversal's id only), its amount is known once the send is stored.
 */
async function recordReversal(tx: Queryable, sent: SentRefund): Promise<void> {
  const reversal = sent.stripeRefund.transfer_reversal;
  if (!reversal) return;
  const reversalId = typeof reversal === 'string' ? reversal : reversal.id;
  const reversed = typeof reversal === 'object' ? reversal.amount : null;
  await tx.query(
    `UPDATE refunds SET transfer_reversal_id = COALESCE(transfer_reversal_id, $2),
       transfer_reversed = COALESCE(transfer_reversed, $3)
     WHERE id = $1`,
    [sent.refundId, reversalId, reversed],
  );
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
        reason: toStripeReason(refund.reason),
        reverseTransfer: refund.reverseTransfer,
        refundApplicationFee: refund.refundApplicationFee,
      });
    }
    const status = toRefundStatus(stripeRefund.status);
    // Which fee refund it made: Stripe links them only by time (src/connect/fee-refunds.ts); the
    // fee's refunds are read now, outside any transaction, and matched in the send's commit.
    const feeId = refund.refundApplicationFee ? refund.applicationFeeId : null;
    const feeList = feeId ? await readFeeRefunds(deps, refund.id, feeId) : undefined;
    const sent: SentRefund = {
      refundId: refund.id,
      workerId,
      stripeRefund,
      status,
      adopted,
      stripeAccount: refund.stripeAccount,
      feeRefunds: feeId && feeList ? { feeId, list: feeList } : undefined,
    };
    // Stored in a transaction of its own, or with other sends that ended meanwhile (workers.ts).
    await (deps.storeSent ? deps.storeSent(sent) : db.transaction((tx) => storeSent(tx, sent)));
    // Not matched in the commit (the list read had nothing left): from a fresh list, on its own.
    if (feeId && !sent.feeMatched) {
      await matchFeeRefund(deps, refund.id, stripeRefund.created, feeId, feeList);
    }
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

/** How many times the fee's refunds are read to find the one a refund made. */
const FEE_LIST_READS = 3;

/**
 * Matches the refund with the fee refund it made after its commit, when the commit could not (the
 * list it read had nothing left: read before another refund's fee refund existed, that refund
 * having taken this one's; the fresh list has the newer one), or the list could not be read. The
 * unique index refuses a candidate another refund took at the same moment: pick again.
 */
async function matchFeeRefund(
  deps: SubmitDeps,
  refundId: string,
  created: number,
  feeId: string,
  readBefore: StripeFeeRefund[] | undefined,
): Promise<void> {
  // The list the commit used had nothing left for this refund: start from a fresh one.
  let feeRefunds: StripeFeeRefund[] | undefined;
  let reads = readBefore ? 1 : 0;
  for (let attempt = 0; attempt < 2 * FEE_LIST_READS; attempt++) {
    if (!feeRefunds) {
      if (reads++ === FEE_LIST_READS) break;
      feeRefunds = await readFeeRefunds(deps, refundId, feeId);
      if (!feeRefunds) return;
    }
    try {
      const taken = await takenFeeRefunds(
        deps.db,
        feeRefunds.map((f) => f.id),
      );
      const fee = pickFeeRefund(feeRefunds, created, taken);
      if (!fee) {
        feeRefunds = undefined;
        continue;
      }
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
  deps.logger.warn({ refundId, feeId }, 'no fee refund of the application fee left to match the refund with');
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
