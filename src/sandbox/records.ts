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

export interface ChargeRecord {
  id: string;
  created: number;
  amount: number;
  currency: string;
  customer: string | null;
  description: string | null;
  metadata: Metadata;
  paymentIntent: string | null;
  paymentMethod: string;
  card: TestCard;
  status: 'succeeded' | 'failed';
  amountRefunded: number;
  balanceTransaction: string | null;
  /** Positions of this charge's refunds in the refunds collection, ascending. */
  refunds: number[];
  /** The charge's dispute, once one is opened. */
  dispute?: DisputeRecord;
}

export interface PaymentIntentRecord {
  id: string;
  created: number;
  amount: number;
  currency: string;
  customer: string | null;
  description: string | null;
  metadata: Metadata;
  paymentMethod: string | null;
  paymentMethodTypes: string[];
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
}

export interface SandboxEvent {
  id: string;
  object: 'event';
  api_version: string | null;
  created: number;
  data: { object: Record<string, unknown>; previous_attributes?: Record<string, unknown> };
  livemode: false;
  pending_webhooks: number;
  request: { id: string | null; idempotency_key: string | null };
  type: string;
}
