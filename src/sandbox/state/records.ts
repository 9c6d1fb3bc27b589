// The sandbox's internal records. The API shapes are built from them in objects.ts.

export type RefundBehaviour = 'succeed' | 'pending' | 'fail' | 'requires_action';

export interface TestCard {
  brand: string;
  last4: string;
  funding: string;
  refund: RefundBehaviour;
  /** Set for cards that decline the payment. */
  decline?: { code: string; declineCode: string; message: string };
  /** Set for cards whose payment is disputed soon after it succeeds (pm_card_createDispute). */
  dispute?: { reason: string };
}

/** A dispute (chargeback) on a charge. */
export interface DisputeRecord {
  id: string;
  created: number;
  amount: number;
  reason: string;
  status: string;
  /** Due date for evidence, unix seconds. */
  dueBy: number;
}

export type Metadata = Record<string, string>;

/** What a charge and a payment intent both carry. */
export interface PaymentCore {
  id: string;
  created: number;
  amount: number;
  currency: string;
  customer: string | null;
  description: string | null;
  metadata: Metadata;
}

export interface ChargeRecord extends PaymentCore {
  paymentIntent: string | null;
  paymentMethod: string;
  card: TestCard;
  /** Where Stripe would send the receipt (from the charge or its payment intent). */
  receiptEmail?: string | null;
  /** Connect: fees, destination transfers and the payment a transfer makes (absent otherwise). */
  connect?: ChargeConnect;
  status: 'succeeded' | 'failed';
  amountRefunded: number;
  balanceTransaction: string | null;
  /** Positions of this charge's refunds in the refunds collection, ascending. */
  refunds: number[];
  /** The charge's dispute, once one is opened. */
  dispute?: DisputeRecord;
}

export interface PaymentIntentRecord extends PaymentCore {
  /** A `pm_` id; a test alias (`pm_card_visa`) given by the caller becomes a new PaymentMethod. */
  paymentMethod: string | null;
  /** The test card behind `paymentMethod` and when that PaymentMethod was created. */
  paymentMethodCard?: TestCard;
  paymentMethodCreated?: number;
  receiptEmail?: string | null;
  paymentMethodTypes: string[];
  /** Set when the caller named them `allowed_payment_method_types` (API 2026-10-28). */
  allowedPaymentMethodTypes?: string[] | null;
  /** Connect parameters, copied to the charge when the intent is confirmed. */
  connect?: PaymentConnect;
  automaticPaymentMethods: { enabled: boolean; allow_redirects?: string } | null;
  status: string;
  latestCharge: string | null;
  lastPaymentError: Record<string, unknown> | null;
  clientSecret: string;
  /** Positions of the refunds made through this intent, ascending. */
  refunds: number[];
}

export type RefundStatus = 'pending' | 'requires_action' | 'succeeded' | 'failed' | 'canceled';

export interface RefundRecord {
  id: string;
  created: number;
  amount: number;
  currency: string;
  charge: string;
  paymentIntent: string | null;
  customer: string | null;
  paymentMethod: string;
  metadata: Metadata;
  reason: string | null;
  status: RefundStatus;
  balanceTransaction: string | null;
  failureReason?: string;
  failureBalanceTransaction?: string;
  instructionsEmail?: string;
  nextAction?: {
    type: string;
    display_details: { email_sent: { email_sent_at: number; email_sent_to: string }; expires_at: number };
  };
  pendingReason?: string;
  behaviour: RefundBehaviour;
  /** Connect: the transfer reversal this refund made (platform side of a destination charge)… */
  transferReversal?: string;
  /** …or, for the refund of a destination payment on the connected account, the reversal behind it. */
  sourceTransferReversal?: string;
  /** Connect: the application fee refund this refund made. */
  feeRefund?: string;
}

/** What a payment asks of Connect (`application_fee_amount`, `transfer_data`, …). */
export interface PaymentConnect {
  /** The platform's Connect application, on a payment made on a connected account (direct). */
  application: string | null;
  applicationFeeAmount: number | null;
  /** Destination charges: the connected account and, if given, the amount it receives. */
  transferData: { destination: string; amount: number | null } | null;
  onBehalfOf: string | null;
  transferGroup: string | null;
}

export interface ChargeConnect extends PaymentConnect {
  /** `fee_` id when an application fee was collected. */
  applicationFee: string | null;
  /** `tr_` id of a destination charge's transfer. */
  transfer: string | null;
  /** On a destination payment (`py_`, on the connected account): the transfer that made it. */
  sourceTransfer: string | null;
}

/** A connected account (`acct_`), created by the platform. */
export interface AccountRecord {
  id: string;
  created: number;
  type: 'standard' | 'express' | 'custom';
  country: string;
  defaultCurrency: string;
  email: string | null;
  businessType: string | null;
  businessName: string | null;
  metadata: Metadata;
}

export interface FeeRefundRecord {
  id: string;
  created: number;
  amount: number;
  currency: string;
  fee: string;
  metadata: Metadata;
  balanceTransaction: string;
}

/** An application fee (`fee_`), a platform object: collected from `account` on `charge`. */
export interface ApplicationFeeRecord {
  id: string;
  created: number;
  amount: number;
  currency: string;
  /** The connected account the fee was taken from. */
  account: string;
  /** The charge it was taken on: a direct charge (`ch_`) or a destination payment (`py_`). */
  charge: string;
  /** Destination charges: the platform's charge (`ch_`). */
  originatingTransaction: string | null;
  amountRefunded: number;
  refunds: FeeRefundRecord[];
  balanceTransaction: string;
}

export interface TransferReversalRecord {
  id: string;
  created: number;
  amount: number;
  currency: string;
  transfer: string;
  /** The platform refund that reversed it. */
  sourceRefund: string | null;
  /** The refund of the destination payment on the connected account. */
  destinationPaymentRefund: string | null;
  metadata: Metadata;
  balanceTransaction: string;
}

/** A transfer (`tr_`) from the platform to a connected account, made by a destination charge. */
export interface TransferRecord {
  id: string;
  created: number;
  amount: number;
  currency: string;
  destination: string;
  /** The payment (`py_`) it made on the destination account. */
  destinationPayment: string;
  sourceTransaction: string;
  transferGroup: string | null;
  description: string | null;
  metadata: Metadata;
  amountReversed: number;
  reversals: TransferReversalRecord[];
  balanceTransaction: string;
}

export interface SandboxEvent {
  id: string;
  object: 'event';
  /** The connected account the event happened on (absent for the platform's own events). */
  account?: string;
  api_version: string | null;
  created: number;
  data: { object: Record<string, unknown>; previous_attributes?: Record<string, unknown> };
  livemode: false;
  pending_webhooks: number;
  request: { id: string | null; idempotency_key: string | null };
  type: string;
}
