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
  /** Stripe Connect: where the charge lives and its fee and transfer; absent = the platform's own. */
  connect?: PaymentConnectFacts | undefined;
}

/**
 * What Stripe Connect says about a payment (read from Stripe, refreshed by its events): the
 * connected account a direct charge was made on, the platform's application fee and a destination
 * charge's transfer, with what is refunded and reversed of them so far.
 */
export interface PaymentConnectFacts {
  /** The connected account the charge lives on (read and refunded with Stripe-Account); null: the platform. */
  account: string | null;
  applicationFee: { id: string; amount: number; amountRefunded: number } | null;
  transfer: { id: string; destination: string; amount: number; amountReversed: number } | null;
}

/** A connected account as Stripe describes it (for people: its name and country). */
export interface StripeAccount {
  id: string;
  name: string | null;
  country: string | null;
  defaultCurrency: string | null;
}

/** A refund of the platform's application fee (fr_…). */
export interface StripeFeeRefund {
  id: string;
  amount: number;
  /** Unix seconds. */
  created: number;
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
  /** The connected account a direct charge lives on: sent as Stripe-Account (idempotency is per account). */
  account?: string | null | undefined;
  /** Destination charges: reverse the refund's share of the transfer. */
  reverseTransfer?: boolean | undefined;
  /** Refund the refund's share of the platform's application fee. */
  refundApplicationFee?: boolean | undefined;
}

/** Stripe objects created in [gte, lt). */
export interface CreatedWindow {
  gte: Date;
  lt: Date;
}

/**
 * Every method that names a Stripe object takes the connected account it lives on (`account`,
 * sent as the Stripe-Account header); null or undefined: the platform.
 */
export interface StripeGateway {
  /** Creates a refund; a transfer reversal it made comes back expanded (its amount). */
  createRefund(input: CreateRefundInput): Promise<Stripe.Refund>;
  retrieveRefund(stripeRefundId: string, account?: string | null): Promise<Stripe.Refund>;
  /** Looks for a Stripe refund on the payment carrying this Refundry id in its metadata. */
  findRefundByRefundryId(
    payment: { paymentIntentId?: string | null; chargeId?: string | null; account?: string | null },
    refundId: string,
  ): Promise<Stripe.Refund | undefined>;
  /** A payment_intent (pi_…) or charge (ch_…/py_…) by id; undefined when Stripe has no such object. */
  retrievePayment(stripeId: string, account?: string | null): Promise<StripePayment | undefined>;
  /**
   * Stripe's refunds created in the window, newest first, one page (up to 100) at a time, by the
   * SDK's auto-pagination: each page is one request, and only one page is held at a time.
   */
  listRefunds(window: CreatedWindow, account?: string | null): AsyncIterable<Stripe.Refund[]>;
  // Connect extras (optional: a fake gateway without Connect may leave them out).
  /** The newest refunds of an application fee (fee refunds are the platform's), up to 100. */
  listFeeRefunds?(feeId: string): Promise<StripeFeeRefund[]>;
  /** A connected account; undefined when the platform has no such account. */
  retrieveAccount?(accountId: string): Promise<StripeAccount | undefined>;
}

export const REFUNDRY_METADATA_KEY = 'refundry_refund_id';
