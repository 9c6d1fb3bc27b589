// The one closed set of refund states and the transitions between them. Every status change in
// Refundry (API, worker, webhook, poller, reconciliation) goes through `applyTransition`, which
// refuses anything the table does not allow.

export const REFUND_STATUSES = [
  'awaiting_approval', // over the approval threshold; waits for someone with refunds:approve
  'queued', // accepted; waiting for a worker to send it to Stripe
  'pending', // Stripe accepted it and has not settled it yet
  'requires_action', // Stripe needs the customer to act (e.g. give bank details)
  'succeeded', // Stripe says the money is on its way (may still fail later)
  'failed', // Stripe refused it, or it failed after succeeding
  'canceled', // canceled before it was sent, or canceled at Stripe
  'rejected', // an approver said no
  // After a failure, a person recorded that the customer got the money another way (bank transfer,
  // store credit, cash): it counts as refunded, and Stripe's 'failed' for it is expected.
  'refunded_another_way',
] as const;

export type RefundStatus = (typeof REFUND_STATUSES)[number];

export const TRANSITIONS: Readonly<Record<RefundStatus, readonly RefundStatus[]>> = {
  awaiting_approval: ['queued', 'rejected', 'canceled'],
  queued: ['pending', 'requires_action', 'succeeded', 'failed', 'canceled'],
  pending: ['requires_action', 'succeeded', 'failed', 'canceled'],
  requires_action: ['pending', 'succeeded', 'failed', 'canceled'],
  // Stripe's late failure: a card refund that succeeded can still fail days later.
  succeeded: ['failed'],
  failed: ['refunded_another_way'],
  canceled: [],
  rejected: [],
  refunded_another_way: [],
};

/** No further change is expected from Refundry's side (succeeded can still turn failed). */
export const FINAL_STATUSES: ReadonlySet<RefundStatus> = new Set([
  'succeeded',
  'failed',
  'canceled',
  'rejected',
  'refunded_another_way',
]);

/** Statuses whose amount is committed against the payment (counted when computing what remains). */
export const COMMITTED_STATUSES: ReadonlySet<RefundStatus> = new Set([
  'awaiting_approval',
  'queued',
  'pending',
  'requires_action',
  'succeeded',
  'refunded_another_way',
]);

/** Statuses whose amount the customer has received (or is receiving): "refunded" on a payment. */
export const REFUNDED_STATUSES: ReadonlySet<RefundStatus> = new Set(['succeeded', 'refunded_another_way']);

/** Statuses in flight: accepted but not yet known to have succeeded. */
export const IN_FLIGHT_STATUSES: ReadonlySet<RefundStatus> = new Set([
  'awaiting_approval',
  'queued',
  'pending',
  'requires_action',
]);

export function isRefundStatus(value: unknown): value is RefundStatus {
  return typeof value === 'string' && (REFUND_STATUSES as readonly string[]).includes(value);
}

export function canTransition(from: RefundStatus, to: RefundStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

export type TransitionResult =
  | { kind: 'apply'; from: RefundStatus; to: RefundStatus }
  | { kind: 'noop'; status: RefundStatus } // already there: duplicates and replays land here
  | { kind: 'illegal'; from: RefundStatus; to: RefundStatus };

/** Decides what to do with a requested change; pure, so every caller agrees. */
export function applyTransition(from: RefundStatus, to: RefundStatus): TransitionResult {
  if (from === to) return { kind: 'noop', status: from };
  if (canTransition(from, to)) return { kind: 'apply', from, to };
  return { kind: 'illegal', from, to };
}

/** Maps a Stripe refund status onto Refundry's; Stripe's set is a subset of ours. */
export function fromStripeStatus(status: string | null | undefined): RefundStatus | undefined {
  switch (status) {
    case 'pending':
    case 'requires_action':
    case 'succeeded':
    case 'failed':
    case 'canceled':
      return status;
    default:
      return undefined;
  }
}
