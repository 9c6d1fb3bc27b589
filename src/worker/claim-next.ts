// The durable queue: claim ready refunds with a lease (any number of processes can share the
// work), give a lease back, or put a refund back in the queue for later. clock_timestamp() is
// used throughout so that one database clock decides, whatever the workers' clocks say.
import type { Queryable } from '../db/db.ts';
import type { RefundReason } from '../refunds/reasons.ts';

export interface ClaimedRefund {
  id: string;
  amount: number;
  reason: RefundReason;
  stripeIdempotencyKey: string;
  attempts: number;
  paymentIntentId: string | null;
  chargeId: string | null;
  /** The first attempt is older than 23 h: Stripe may have pruned the idempotency key. */
  keyMayHaveExpired: boolean;
  /** Connect: the account the charge lives on (sent as Stripe-Account), and what to take back. */
  stripeAccount: string | null;
  reverseTransfer: boolean;
  refundApplicationFee: boolean;
  applicationFeeId: string | null;
}

interface ClaimRow {
  id: string;
  amount: number;
  reason: ClaimedRefund['reason'];
  stripe_idempotency_key: string;
  attempts: number;
  stripe_payment_intent_id: string | null;
  stripe_charge_id: string | null;
  key_may_have_expired: boolean;
  stripe_account: string | null;
  reverse_transfer: boolean;
  refund_application_fee: boolean;
  application_fee_id: string | null;
}

export async function claimNext(
  db: Queryable,
  options: { workerId: string; limit: number; leaseMs: number },
): Promise<ClaimedRefund[]> {
  if (options.limit <= 0) return [];
  const rows = await db.query<ClaimRow>(
    `WITH ready AS (
       SELECT id, first_attempt_at FROM refunds
       WHERE status = 'queued' AND next_attempt_at <= clock_timestamp()
         AND (lease_expires_at IS NULL OR lease_expires_at < clock_timestamp())
         -- Checked in the claim itself, not only before it: a worker that saw "not paused" just
         -- before another paused sending must not claim (and send with a rejected key) again.
         AND NOT EXISTS (SELECT 1 FROM service_state WHERE key = 'sending_paused')
       ORDER BY next_attempt_at
       LIMIT $1
       FOR UPDATE SKIP LOCKED
     )
     UPDATE refunds r SET
       lease_owner = $2,
       lease_expires_at = clock_timestamp() + $3 * interval '1 millisecond',
       attempts = r.attempts + 1,
       first_attempt_at = COALESCE(r.first_attempt_at, clock_timestamp()),
       last_attempt_at = clock_timestamp(),
       updated_at = now()
     FROM ready, payments p
     WHERE r.id = ready.id AND p.id = r.payment_id
     RETURNING r.id, r.amount, r.reason, r.stripe_idempotency_key, r.attempts,
       p.stripe_payment_intent_id, p.stripe_charge_id, p.stripe_account, r.reverse_transfer,
       r.refund_application_fee, p.application_fee_id,
       COALESCE(ready.first_attempt_at < clock_timestamp() - interval '23 hours', false) AS key_may_have_expired`,
    [options.limit, options.workerId, options.leaseMs],
  );
  return rows.map((row) => ({
    id: row.id,
    amount: Number(row.amount),
    reason: row.reason,
    stripeIdempotencyKey: row.stripe_idempotency_key,
    attempts: row.attempts,
    paymentIntentId: row.stripe_payment_intent_id,
    chargeId: row.stripe_charge_id,
    keyMayHaveExpired: row.key_may_have_expired,
    stripeAccount: row.stripe_account,
    reverseTransfer: row.reverse_transfer,
    refundApplicationFee: row.refund_application_fee,
    applicationFeeId: row.application_fee_id,
  }));
}

/**
 * The heartbeat: extends the leases this worker still holds on refunds it is sending, so a short
 * lease never runs out under a slow Stripe call, while a crashed worker's refunds are free again
 * within one lease. One statement for every refund in flight. Returns the ids still held (a refund
 * missing from it was taken over, or is leaving the queue).
 *
 * A refund whose row is locked is skipped: whoever holds it is storing its send (this worker's own
 * group, or the applier with Stripe's event), so it is leaving the queue. Waiting for it instead
 * deadlocked: the heartbeat locked its rows in no particular order while a group of sends locked the
 * same rows in Stripe id order (PostgreSQL broke it after its 1 s deadlock_timeout).
 */
export async function renewLeases(
  db: Queryable,
  options: { workerId: string; refundIds: readonly string[]; leaseMs: number },
): Promise<string[]> {
  if (options.refundIds.length === 0) return [];
  const rows = await db.query<{ id: string }>(
    `WITH held AS (
       SELECT id FROM refunds WHERE id = ANY($1) AND lease_owner = $2 AND status = 'queued'
       FOR UPDATE SKIP LOCKED
     )
     UPDATE refunds r SET lease_expires_at = clock_timestamp() + $3 * interval '1 millisecond'
     -- Through the primary key (joined on held alone, the planner may scan every refund).
     FROM held WHERE r.id = held.id AND r.id = ANY($1)
     RETURNING r.id`,
    [options.refundIds, options.workerId, options.leaseMs],
  );
  return rows.map((r) => r.id);
}

/** Gives the lease back without waiting (e.g. on shutdown before the call was made). */
export async function releaseLease(db: Queryable, refundId: string, workerId: string): Promise<void> {
  await db.query(
    `UPDATE refunds SET lease_owner = NULL, lease_expires_at = NULL, updated_at = now()
     WHERE id = $1 AND lease_owner = $2 AND status = 'queued'`,
    [refundId, workerId],
  );
}

/** Puts the refund back in the queue, ready again after `delayMs`. */
export async function rescheduleRefund(
  db: Queryable,
  refundId: string,
  workerId: string,
  delayMs: number,
): Promise<void> {
  await db.query(
    `UPDATE refunds SET lease_owner = NULL, lease_expires_at = NULL,
       next_attempt_at = clock_timestamp() + $3 * interval '1 millisecond', updated_at = now()
     WHERE id = $1 AND lease_owner = $2 AND status = 'queued'`,
    [refundId, workerId, Math.max(0, Math.round(delayMs))],
  );
}

export const SENDING_PAUSED_KEY = 'sending_paused';

export async function isSendingPaused(db: Queryable): Promise<boolean> {
  const rows = await db.query('SELECT 1 FROM service_state WHERE key = $1', [SENDING_PAUSED_KEY]);
  return rows.length > 0;
}

export async function pauseSending(db: Queryable, reason: { code: string | null; message: string }) {
  await db.query(
    `INSERT INTO service_state (key, value, updated_at) VALUES ($1, $2, now())
     ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`,
    [SENDING_PAUSED_KEY, JSON.stringify({ ...reason, at: new Date().toISOString() })],
  );
}

export async function resumeSending(db: Queryable): Promise<void> {
  await db.query('DELETE FROM service_state WHERE key = $1', [SENDING_PAUSED_KEY]);
}
