// The single place where a refund's status changes in the database: lock the row, ask the state
// machine, write the new status and one history row, and enqueue the notifications the change
// calls for (customer email, merchant webhooks), all in the caller's transaction.
import type { Queryable } from '../db/db.ts';
import { enqueueNotificationsMany, type PaymentFacts, type RefundSnapshot } from '../notifications/outbox.ts';
import { applyTransition, FINAL_STATUSES, type RefundStatus } from './refund-states.ts';

export interface TransitionRequest {
  refundId: string;
  to: RefundStatus;
  /** Who or what: 'key:<id>', 'user:<id>', 'worker', 'webhook', 'poller', 'reconciliation', … */
  actor: string;
  reason?: string | null;
  stripeRefundId?: string | null;
  stripeEventId?: string | null;
  /**
   * Stripe-side time of what the move was read from, when it is an observation of Stripe (the
   * worker's own answer from Stripe: the refund's `created`): kept in stripe_observed_at (the later
   * of it and the stored one), as an observation applied by the event applier is.
   */
  stripeObservedAt?: Date | null;
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
  return (await transitionRefunds(tx, [request]))[0]!;
}

/**
 * transitionRefund for many refunds in three statements, whatever their number: lock the rows (in
 * the order given, so callers that agree on an order never deadlock), ask the state machine for
 * each, write every new status with its history row, enqueue every notification. The outcomes are
 * in the order of the requests. A refund named twice is moved one request after the other.
 */
export async function transitionRefunds(
  tx: Queryable,
  requests: readonly TransitionRequest[],
): Promise<TransitionOutcome[]> {
  const ids = requests.map((r) => r.refundId);
  if (new Set(ids).size !== ids.length) {
    // In rounds: each refund's first request, then each one's second, … (a refund's moves in order).
    const round = new Map<string, number>();
    const rounds: Array<Array<{ i: number; request: TransitionRequest }>> = [];
    for (const [i, request] of requests.entries()) {
      const n = round.get(request.refundId) ?? 0;
      round.set(request.refundId, n + 1);
      if (!rounds[n]) rounds[n] = [];
      rounds[n].push({ i, request });
    }
    const outcomes: TransitionOutcome[] = new Array(requests.length);
    for (const r of rounds) {
      const done = await transitionRefunds(
        tx,
        r.map((x) => x.request),
      );
      for (const [k, { i }] of r.entries()) outcomes[i] = done[k]!;
    }
    return outcomes;
  }
  const rows = await tx.query<{ id: string; status: RefundStatus } & PaymentFacts>(
    `SELECT r.id, r.status, p.customer_email, p.order_id, p.stripe_payment_intent_id, p.stripe_charge_id
     FROM unnest($1::text[]) WITH ORDINALITY AS w(id, ord)
     JOIN refunds r ON r.id = w.id JOIN payments p ON p.id = r.payment_id
     ORDER BY w.ord FOR UPDATE OF r`,
    [ids],
  );
  const locked = new Map(rows.map((row) => [row.id, row]));
  const outcomes: TransitionOutcome[] = [];
  const moves: Array<{ ord: number; request: TransitionRequest; from: RefundStatus; to: RefundStatus }> = [];
  for (const [ord, request] of requests.entries()) {
    const row = locked.get(request.refundId);
    if (!row) {
      outcomes.push({ kind: 'not_found' });
      continue;
    }
    const decision = applyTransition(row.status, request.to);
    if (decision.kind !== 'apply') {
      outcomes.push(decision);
      continue;
    }
    outcomes.push({ kind: 'applied', from: decision.from, to: decision.to });
    moves.push({ ord, request, from: decision.from, to: decision.to });
  }
  if (moves.length === 0) return outcomes;
  // The new statuses and their history rows in one statement. A Stripe id means the refund reached
  // Stripe: sent_at is set then, if it was not.
  const changed = await tx.query<
    RefundSnapshot & { ord: number; history_id: string | number; history_at: Date }
  >(
    `WITH v AS (
       SELECT * FROM jsonb_to_recordset($1::jsonb) AS v(ord int, id text, from_status text, to_status text,
         stripe_refund_id text, failure_code text, failure_message text, final boolean, actor text,
         reason text, stripe_event_id text, stripe_observed_at timestamptz)
     ), refund AS (
       UPDATE refunds r SET
         status = v.to_status,
         stripe_refund_id = COALESCE(v.stripe_refund_id, r.stripe_refund_id),
         sent_at = CASE WHEN v.stripe_refund_id IS NOT NULL THEN COALESCE(r.sent_at, now()) ELSE r.sent_at END,
         failure_code = CASE WHEN v.to_status = 'failed' THEN COALESCE(v.failure_code, r.failure_code) ELSE r.failure_code END,
         failure_message = CASE WHEN v.to_status = 'failed' THEN COALESCE(v.failure_message, r.failure_message) ELSE r.failure_message END,
         lease_owner = CASE WHEN v.to_status = 'queued' THEN r.lease_owner ELSE NULL END,
         lease_expires_at = CASE WHEN v.to_status = 'queued' THEN r.lease_expires_at ELSE NULL END,
         final_at = CASE WHEN v.final THEN now() ELSE r.final_at END,
         -- GREATEST ignores a NULL: moves that are no observation of Stripe leave it as it is.
         stripe_observed_at = GREATEST(r.stripe_observed_at, v.stripe_observed_at),
         updated_at = now()
       -- Through the primary key (joined on v alone, the planner may scan every refund).
       FROM v WHERE r.id = v.id AND r.id = ANY($2::text[])
       RETURNING r.id, r.payment_id, r.amount, r.currency, r.status, r.reason, r.origin, r.metadata,
         r.customer_token, r.stripe_refund_id, r.failure_code, r.failure_message, r.created_at, r.final_at, v.ord
     ), history AS (
       INSERT INTO refund_history (refund_id, from_status, to_status, actor, reason, stripe_refund_id, stripe_event_id)
       SELECT v.id, v.from_status, v.to_status, v.actor, v.reason, v.stripe_refund_id, v.stripe_event_id
       FROM refund JOIN v ON v.id = refund.id ORDER BY v.ord
       RETURNING id, refund_id, at
     )
     SELECT refund.*, history.id AS history_id, history.at AS history_at
     FROM refund JOIN history ON history.refund_id = refund.id ORDER BY refund.ord`,
    [
      JSON.stringify(
        moves.map(({ ord, request, from, to }) => ({
          ord,
          id: request.refundId,
          from_status: from,
          to_status: to,
          stripe_refund_id: request.stripeRefundId ?? null,
          failure_code: request.failureCode ?? null,
          failure_message: request.failureMessage ?? null,
          final: FINAL_STATUSES.has(to),
          actor: request.actor,
          reason: request.reason ?? null,
          stripe_event_id: request.stripeEventId ?? null,
          stripe_observed_at: request.stripeObservedAt ?? null,
        })),
      ),
      moves.map((m) => m.request.refundId),
    ],
  );
  const byOrd = new Map(moves.map((m) => [m.ord, m]));
  await enqueueNotificationsMany(
    tx,
    changed.map(({ ord, history_id: historyId, history_at: historyAt, ...refund }) => {
      const { customer_email, order_id, stripe_payment_intent_id, stripe_charge_id } = locked.get(refund.id)!;
      return {
        from: byOrd.get(ord)!.from,
        refund,
        payment: { customer_email, order_id, stripe_payment_intent_id, stripe_charge_id },
        historyId,
        at: new Date(historyAt),
      };
    }),
  );
  return outcomes;
}
