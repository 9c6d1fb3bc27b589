// The heart of reconciliation, pure: given what Stripe has and what Refundry has for one refund
// (either side may be missing), say what kind of pair it is and what to do about it. The run
// loads, calls this and stores; it decides nothing itself.
import { canTransition, fromStripeStatus, type RefundStatus } from '../refunds/refund-states.ts';
import { formatMoney } from '../shared/money.ts';

export const DISCREPANCY_KINDS = [
  'status_mismatch', // same refund, other status: adopted from Stripe when the state machine allows
  'amount_mismatch', // same refund, other amount: a person must look
  'currency_mismatch', // same refund, other currency: a person must look
  'missing_here', // at Stripe, unknown here, on a payment Refundry knows: recorded as external
  'unknown_payment', // at Stripe, unknown here, on a payment Refundry does not know: flagged
  'missing_at_stripe', // sent from here (has a Stripe id) but Stripe has no such refund: flagged
  'duplicate_at_stripe', // a second Stripe refund carries the id of a refund already linked to another
] as const;

export type DiscrepancyKind = (typeof DISCREPANCY_KINDS)[number];
/**
 * `transfer_reversal`: a refund Stripe made on a connected account's payment (py_…) to mirror a
 * transfer reversal of the platform's refund; counted, never a discrepancy (no customer's refund).
 */
export type PairKind = 'matched' | 'transfer_reversal' | DiscrepancyKind;

/** A Stripe refund, reduced to what is compared. */
export interface StripeSide {
  id: string;
  amount: number;
  currency: string;
  status: string | null;
  paymentIntentId: string | null;
  chargeId: string | null;
  /** `metadata.refundry_refund_id`: set on every refund Refundry sent. */
  refundryRefundId: string | null;
  /** Set on a connected account's refund made by a transfer reversal (trr_…). */
  sourceTransferReversal?: string | null | undefined;
}

/** A Refundry refund, reduced to what is compared. */
export interface LocalSide {
  id: string;
  paymentId: string;
  amount: number;
  currency: string;
  status: RefundStatus;
  origin: string;
  stripeRefundId: string | null;
}

export interface Pair {
  stripe?: StripeSide | undefined;
  local?: LocalSide | undefined;
  /** For a Stripe refund with no local one: does Refundry know its payment? */
  paymentKnown?: boolean | undefined;
}

export type Verdict =
  | { kind: 'matched'; action: 'none' }
  | { kind: 'transfer_reversal'; action: 'none' }
  /** Matched by Refundry's id in the metadata, but the Stripe id is not stored yet. */
  | { kind: 'matched'; action: 'link' }
  | { kind: 'status_mismatch'; action: 'adopt_status'; from: RefundStatus; to: RefundStatus }
  | { kind: DiscrepancyKind; action: 'flag'; detail: string }
  /** Recorded (as an external refund, so the money is counted) and still left for a person. */
  | { kind: 'duplicate_at_stripe'; action: 'record_and_flag'; detail: string }
  | { kind: 'missing_here'; action: 'record_external' };

/** Classifies one pair. At least one side must be present. */
export function classify(pair: Pair): Verdict {
  const { stripe, local } = pair;
  if (!stripe && !local) throw new Error('classify needs a Stripe refund, a local refund or both');
  // A transfer reversal's mirror on the connected account is no customer's refund.
  if (stripe?.sourceTransferReversal) return { kind: 'transfer_reversal', action: 'none' };
  if (!stripe) {
    const l = local!;
    return {
      kind: 'missing_at_stripe',
      action: 'flag',
      detail: `Refund ${l.id} (${l.status}) was sent to Stripe as ${l.stripeRefundId ?? '(no id)'}, which Stripe does not have.`,
    };
  }
  if (!local) {
    if (pair.paymentKnown) return { kind: 'missing_here', action: 'record_external' };
    const on = stripe.paymentIntentId ?? stripe.chargeId ?? '(no payment)';
    return {
      kind: 'unknown_payment',
      action: 'flag',
      detail: `Stripe refund ${stripe.id} is on ${on}, a payment Refundry does not know.`,
    };
  }
  if (local.stripeRefundId !== null && local.stripeRefundId !== stripe.id) {
    return {
      kind: 'duplicate_at_stripe',
      action: 'record_and_flag',
      detail: `Stripe refund ${stripe.id} carries Refundry's id ${local.id}, which is already linked to ${local.stripeRefundId}: the customer may have been refunded twice.`,
    };
  }
  const stripeCurrency = stripe.currency.toLowerCase();
  if (stripeCurrency !== local.currency.toLowerCase()) {
    return {
      kind: 'currency_mismatch',
      action: 'flag',
      detail: `Stripe refund ${stripe.id} is in ${stripeCurrency}, refund ${local.id} in ${local.currency}.`,
    };
  }
  if (stripe.amount !== local.amount) {
    return {
      kind: 'amount_mismatch',
      action: 'flag',
      detail: `Stripe refunded ${formatMoney(stripe.amount, stripeCurrency)}, refund ${local.id} says ${formatMoney(local.amount, stripeCurrency)}.`,
    };
  }
  const stripeStatus = fromStripeStatus(stripe.status);
  if (stripeStatus === undefined) {
    return {
      kind: 'status_mismatch',
      action: 'flag',
      detail: `Stripe refund ${stripe.id} has a status Refundry does not know: ${stripe.status ?? 'none'}.`,
    };
  }
  // Stripe failed it and a person recorded that the customer was refunded another way: the books
  // agree (Stripe returned the money to the balance; Refundry counts the refund as paid outside it).
  const agree =
    stripeStatus === local.status || (stripeStatus === 'failed' && local.status === 'refunded_another_way');
  if (agree) {
    return local.stripeRefundId === null && stripeStatus === local.status
      ? { kind: 'matched', action: 'link' }
      : { kind: 'matched', action: 'none' };
  }
  if (canTransition(local.status, stripeStatus)) {
    return { kind: 'status_mismatch', action: 'adopt_status', from: local.status, to: stripeStatus };
  }
  return {
    kind: 'status_mismatch',
    action: 'flag',
    detail: `Stripe says ${stripeStatus}, refund ${local.id} is ${local.status}, and ${local.status} → ${stripeStatus} is not a transition Refundry allows.`,
  };
}

/** Whether a verdict is left for a person (before any healing is attempted). */
export function needsPerson(verdict: Verdict): boolean {
  return verdict.action === 'flag' || verdict.action === 'record_and_flag';
}
