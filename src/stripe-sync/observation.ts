// What to do with one observation of a Stripe refund (from an event, a poll, the worker or
// reconciliation), given the local refund: pure, so every path into Refundry decides alike.
//
// Stripe's refund lifecycle only moves forward: requires_action → pending → succeeded → failed,
// and requires_action/pending → canceled. So an observation of a LATER stage is newer than the
// local status whatever the clocks say (it is applied when the transition table allows it), and
// an observation of an EARLIER stage is out of date (stale). Only between statuses of the same
// stage (pending ⇄ requires_action, or failed vs canceled) does time decide: an observation older
// than the last one applied is stale. Events carry Stripe's `created`; fetches observe "now".
import { applyTransition, type RefundStatus } from '../refunds/refund-states.ts';

/** How far along Stripe's lifecycle a status is. */
export const STAGE: Readonly<Record<RefundStatus, number>> = {
  awaiting_approval: 0,
  queued: 0,
  requires_action: 1,
  pending: 1,
  succeeded: 2,
  failed: 3,
  canceled: 3,
  rejected: 3,
  // Settled outside Stripe after a failure: Stripe's own 'failed' (or anything earlier) is old news.
  refunded_another_way: 4,
};

export interface LocalRefundView {
  status: RefundStatus;
  /** Stripe-side time of the last observation applied (null: none yet). */
  stripeObservedAt: Date | null;
  /** The local status came from Stripe (the refund was sent and Stripe answered, or an event). */
  fromStripe: boolean;
}

export interface StripeObservation {
  status: RefundStatus;
  at: Date;
}

export type ObservationDecision =
  | { kind: 'apply'; from: RefundStatus; to: RefundStatus }
  | { kind: 'noop'; status: RefundStatus }
  | { kind: 'stale'; from: RefundStatus; to: RefundStatus }
  | { kind: 'illegal'; from: RefundStatus; to: RefundStatus };

export function decideObservation(local: LocalRefundView, seen: StripeObservation): ObservationDecision {
  const from = local.status;
  const to = seen.status;
  if (from === to) return { kind: 'noop', status: from };
  const older = local.stripeObservedAt !== null && seen.at.getTime() < local.stripeObservedAt.getTime();
  const stageFrom = STAGE[from];
  const stageTo = STAGE[to];
  if (stageTo < stageFrom) {
    // Stripe never moves back: if our status came from Stripe, this observation is simply old.
    // If it did not (canceled or refused by Refundry itself), Stripe disagreeing is a discrepancy.
    return local.fromStripe ? { kind: 'stale', from, to } : { kind: 'illegal', from, to };
  }
  if (stageTo === stageFrom && older) return { kind: 'stale', from, to };
  const decision = applyTransition(from, to);
  if (decision.kind === 'apply') return { kind: 'apply', from, to };
  return { kind: 'illegal', from, to };
}

/** The later of two times (null-safe): what `stripe_observed_at` becomes after an observation. */
export function laterOf(a: Date | null, b: Date): Date {
  return a && a.getTime() > b.getTime() ? a : b;
}
