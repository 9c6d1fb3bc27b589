// The single place where a refund's status changes in the database: lock the row, ask the state
// machine, write the new status and one history row, and enqueue the notifications the change
// calls for (customer email, merchant webhooks), all in the caller's transaction.
import type { Queryable } from '../db/db.ts';
import { enqueueNotifications, type PaymentFacts, type RefundSnapshot } from '../notifications/outbox.ts';
import { applyTransition, FINAL_STATUSES, type RefundStatus } from './refund-states.ts';

export interface TransitionRequest {
  refundId: string;
  to: RefundStatus;
  /** Who or what: 'key:<id>', 'user:<id>', 'worker', 'webhook', 'poller', 'reconciliation', … */
  actor: string;
  reason?: string | null;
  stripeRefundId?: string | null;
  stripeEventId?: string | null;
  failureCode?: string | null;
  failureMessage?: string | null;
}

export type TransitionOutcome =
  | { kind: 'applied'; from: RefundStatus; to: RefundStatus }
  | { kind: 'noop'; status: RefundStatus }
  | { kind: 'illegal'; from: RefundStatus; to: RefundStatus }
  | { kind: 'not_found' };

/**
 * Moves a refund to `to` if the transition table allows it ("apply if legal"). Must run inside a
 * transaction (`db.transaction`) so the row lock, the update and the history row commit together.
 * Leaving the queue clears the lease.
 */
export async function transitionRefund(
  tx: Queryable,
  request: TransitionRequest,
): Promise<TransitionOutcome> {
  const [row] = await tx.query<{ status: RefundStatus } & PaymentFacts>(
    `SELECT r.status, p.customer_email, p.order_id, p.stripe_payment_intent_id, p.stripe_charge_id
     FROM refunds r JOIN payments p ON p.id = r.payment_id
     WHERE r.id = $1 FOR UPDATE OF r`,
    [request.refundId],
  );
  if (!row) return { kind: 'not_found' };
  const decision = applyTransition(row.status, request.to);
  if (decision.kind !== 'apply') return decision;
  const final = FINAL_STATUSES.has(request.to);
  // The new status and its history row in one statement. A Stripe id means the refund reached
  // Stripe: sent_at is set then, if it was not.
  const [changed] = await tx.query<RefundSnapshot & { history_id: string | number; history_at: Date }>(
    `WITH refund AS (
       UPDATE refunds SET
         status = $2,
         stripe_refund_id = COALESCE($3, stripe_refund_id),
         sent_at = CASE WHEN $3::text IS NOT NULL THEN COALESCE(sent_at, now()) ELSE sent_at END,
         failure_code = CASE WHEN $2 = 'failed' THEN COALESCE($4, failure_code) ELSE failure_code END,
         failure_message = CASE WHEN $2 = 'failed' THEN COALESCE($5, failure_message) ELSE failure_message END,
         lease_owner = CASE WHEN $2 = 'queued' THEN lease_owner ELSE NULL END,
         lease_expires_at = CASE WHEN $2 = 'queued' THEN lease_expires_at ELSE NULL END,
         final_at = CASE WHEN $6 THEN now() ELSE final_at END,
         updated_at = now()
       WHERE id = $1
       RETURNING id, payment_id, amount, currency, status, reason, origin, metadata, customer_token,
         stripe_refund_id, failure_code, failure_message, created_at, final_at
     ), history AS (
       INSERT INTO refund_history (refund_id, from_status, to_status, actor, reason, stripe_refund_id, stripe_event_id)
       SELECT id, $7, $2, $8, $9, $3, $10 FROM refund
       RETURNING id, at
     )
     SELECT refund.*, history.id AS history_id, history.at AS history_at FROM refund, history`,
    [
      request.refundId,
      decision.to,
      request.stripeRefundId ?? null,
      request.failureCode ?? null,
      request.failureMessage ?? null,
      final,
      decision.from,
      request.actor,
      request.reason ?? null,
      request.stripeEventId ?? null,
    ],
  );
  const { history_id: historyId, history_at: historyAt, ...refund } = changed!;
  await enqueueNotifications(tx, {
    from: decision.from,
    refund,
    payment: row,
    historyId,
    at: new Date(historyAt),
  });
  return { kind: 'applied', from: decision.from, to: decision.to };
}
