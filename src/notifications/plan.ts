// What a refund's status change means for the people who hear about it: which customer email (at
// most one, and only for an outcome the customer can act on or rely on) and which merchant webhook
// events. Pure, so the rule "tell the customer only when Stripe confirms" lives in one tested place.
import type { RefundStatus } from '../refunds/refund-states.ts';

/** The customer emails Refundry sends: one per customer-visible outcome of a refund. */
export const CUSTOMER_EMAIL_KINDS = ['refund_succeeded', 'refund_failed'] as const;
export type CustomerEmailKind = (typeof CUSTOMER_EMAIL_KINDS)[number];

/**
 * Merchant webhook event types, one per status a refund can reach. `refund.created` is sent when a
 * refund is accepted (queued, or awaiting approval, which also sends `refund.awaiting_approval`);
 * `refund.approved` when an approver lets it go to the queue.
 */
export const REFUND_EVENT_TYPES = [
  'refund.created',
  'refund.awaiting_approval',
  'refund.approved',
  'refund.pending',
  'refund.requires_action',
  'refund.succeeded',
  'refund.failed',
  'refund.canceled',
  'refund.rejected',
  'refund.refunded_another_way',
] as const;
export type RefundEventType = (typeof REFUND_EVENT_TYPES)[number];

export interface StatusChange {
  /** null when the refund has just been created. */
  from: RefundStatus | null;
  to: RefundStatus;
  /** The payment has a customer email address to write to. */
  hasCustomerEmail: boolean;
  /** 'external' = made directly in Stripe: the customer was told by whoever made it, not by us. */
  origin: 'refundry' | 'external';
}

export interface NotificationPlan {
  customerEmail: CustomerEmailKind | null;
  events: RefundEventType[];
}

const EVENT_FOR_STATUS: Readonly<Record<RefundStatus, RefundEventType>> = {
  awaiting_approval: 'refund.awaiting_approval',
  queued: 'refund.approved', // the only way into the queue after creation is an approval
  pending: 'refund.pending',
  requires_action: 'refund.requires_action',
  succeeded: 'refund.succeeded',
  failed: 'refund.failed',
  canceled: 'refund.canceled',
  rejected: 'refund.rejected',
  refunded_another_way: 'refund.refunded_another_way',
};

export function planNotifications(change: StatusChange): NotificationPlan {
  const events: RefundEventType[] = [];
  if (change.from === null) {
    events.push('refund.created');
    if (change.to === 'awaiting_approval') events.push('refund.awaiting_approval');
  } else if (change.from !== change.to) {
    events.push(EVENT_FOR_STATUS[change.to]);
  }
  return { customerEmail: customerEmailFor(change), events };
}

/**
 * "On its way" only when Stripe confirms success; "failed" whenever the refund ends failed,
 * including the late failure of a refund that had succeeded. Nothing for steps in between (the
 * status page shows those), nor for a cancellation or rejection decided on the merchant's side.
 */
function customerEmailFor(change: StatusChange): CustomerEmailKind | null {
  if (!change.hasCustomerEmail || change.origin !== 'refundry') return null;
  if (change.from === change.to || change.from === null) return null;
  if (change.to === 'succeeded') return 'refund_succeeded';
  if (change.to === 'failed') return 'refund_failed';
  return null;
}
