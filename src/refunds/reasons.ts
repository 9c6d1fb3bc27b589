// The refund reasons, defined once. Stripe knows three; Refundry adds 'other' (a note says why),
// which is sent to Stripe as no reason. This module imports nothing, so the dashboard (web/) takes
// the same values and types from here, as it does the statuses from refund-states.ts. The SQL
// CHECK in migration 001 cannot import it: src/refunds/reasons.test.ts keeps the two in step.

/** Stripe's `reason` values for a refund, in the order Stripe's API reference lists them. */
export const STRIPE_REFUND_REASONS = ['duplicate', 'fraudulent', 'requested_by_customer'] as const;
export type StripeRefundReason = (typeof STRIPE_REFUND_REASONS)[number];

/** Every reason a Refundry refund may carry. */
export const REFUND_REASONS = [...STRIPE_REFUND_REASONS, 'other'] as const;
export type RefundReason = (typeof REFUND_REASONS)[number];

/** What the dashboard preselects, and lists first: the reason most refunds have. */
export const DEFAULT_REFUND_REASON: RefundReason = 'requested_by_customer';

export const isRefundReason = (value: string): value is RefundReason =>
  (REFUND_REASONS as readonly string[]).includes(value);

export const isStripeRefundReason = (value: string): value is StripeRefundReason =>
  (STRIPE_REFUND_REASONS as readonly string[]).includes(value);

/** The reason sent to Stripe: 'other' has no Stripe counterpart and is sent as no reason. */
export const toStripeReason = (reason: RefundReason): StripeRefundReason | undefined =>
  reason === 'other' ? undefined : reason;

/** A Stripe refund's reason as Refundry stores it: Stripe's own three, anything else (none, or
 * one Stripe set itself such as `expired_uncaptured_charge`) as 'other'. */
export const fromStripeReason = (reason: string | null | undefined): RefundReason =>
  reason && isStripeRefundReason(reason) ? reason : 'other';

/** "duplicate, fraudulent, requested_by_customer or other", for help texts and error messages. */
export const REFUND_REASONS_TEXT = `${REFUND_REASONS.slice(0, -1).join(', ')} or ${REFUND_REASONS.at(-1)}`;
