// The only door from Refundry to Stripe (or the sandbox). Routes and workers depend on this
// interface, never on the SDK directly, so tests can pass a fake and every Stripe call is
// counted and timed in one place.
import type Stripe from 'stripe';
import type { StripeRefundReason } from '../refunds/reasons.ts';

/**
 * A payment as Stripe knows it, flattened to what Refundry stores: the money and time facts the
 * policy relies on, read from Stripe and never taken from a caller.
 */
export interface StripePayment {
  paymentIntentId: string | null;
  chargeId: string | null;
  /** Captured, in minor units (0 while nothing is captured). */
  amount: number;
  /** What Stripe counts as refunded on the charge (pending refunds included). */
  amountRefunded: number;
  currency: string;
  /** Stripe's customer (cus_…), if the payment has one. */
  customerId: string | null;
  customerEmail: string | null;
  capturedAt: Date;
  /** Whether the payment succeeded and has money captured (only such a payment can be refunded). */
  captured: boolean;
  /** The charge is disputed (charged back). */
  disputed: boolean;
  metadata: Record<string, string>;
}

export interface CreateRefundInput {
  /** Refundry's refund id; stored in the Stripe refund's metadata as `refundry_refund_id`. */
  refundId: string;
  idempotencyKey: string;
  paymentIntentId?: string | null;
  chargeId?: string | null;
  amount: number;
  /** Stripe's reasons only; Refundry's 'other' is sent as no reason. */
  reason?: StripeRefundReason | undefined;
  metadata?: Record<string, string>;
}

/** Stripe objects created in [gte, lt). */
export interface CreatedWindow {
  gte: Date;
  lt: Date;
}

export interface StripeGateway {
  createRefund(input: CreateRefundInput): Promise<Stripe.Refund>;
  retrieveRefund(stripeRefundId: string): Promise<Stripe.Refund>;
  /** Looks for a Stripe refund on the payment carrying this Refundry id in its metadata. */
  findRefundByRefundryId(
    payment: { paymentIntentId?: string | null; chargeId?: string | null },
    refundId: string,
  ): Promise<Stripe.Refund | undefined>;
  /** A payment_intent (pi_…) or charge (ch_…/py_…) by id; undefined when Stripe has no such object. */
  retrievePayment(stripeId: string): Promise<StripePayment | undefined>;
  /**
   * Stripe's refunds created in the window, newest first, one page (up to 100) at a time, by the
   * SDK's auto-pagination: each page is one request, and only one page is held at a time.
   */
  listRefunds(window: CreatedWindow): AsyncIterable<Stripe.Refund[]>;
}

export const REFUNDRY_METADATA_KEY = 'refundry_refund_id';
