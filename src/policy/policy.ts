// The merchant's refund policy as one pure function: given a request, the payment and what is
// already committed against it, return EVERY rule broken (so support sees all reasons at once)
// and whether the refund must wait for approval. No I/O: callers load, this decides.
import type { z } from 'zod';
import type { PolicySettings } from '../config.ts';
import type { violationSchema } from '../http/operation.ts';
import { formatMoney } from '../shared/money.ts';

export interface PolicyRequest {
  /** Minor units; undefined means "all that remains". */
  amount: number | undefined;
  /** When given, must equal the payment's currency. */
  currency?: string | undefined;
  /** The refund's reason; blocked when the settings list it in blockedReasons. */
  reason?: string | undefined;
}

/** What the policy reads of a payment: Stripe's facts, and the merchant's own flag and customer. */
export interface PolicyPayment {
  amount: number;
  currency: string;
  capturedAt: Date;
  /** The charge is disputed at Stripe. */
  disputed: boolean;
  /** The merchant's fraud flag. */
  fraudFlagged: boolean;
  /** The merchant's customer reference. */
  customerId: string | null;
  /** Stripe's customer (cus_…). */
  stripeCustomerId: string | null;
}

export interface PolicyContext {
  now: Date;
  /** Sum of refunds succeeded or in flight (every committed status), in minor units. */
  refundedAndInFlight: number;
  settings: PolicySettings;
  /** The signed-in customer the merchant's app asks for; the payment must be theirs. */
  customerId?: string | undefined;
}

export type ViolationCode =
  | 'outside_refund_window'
  | 'fraud_flagged'
  | 'currency_mismatch'
  | 'invalid_amount'
  | 'amount_exceeds_remaining'
  | 'nothing_to_refund'
  | 'not_payment_owner'
  | 'reason_blocked'
  | 'payment_disputed'
  // Connect (connect-policy.ts): asked to take back what the payment does not have.
  | 'no_transfer_to_reverse'
  | 'no_application_fee';

/**
 * Why a refund the policy allows must wait for an approver. `transfer_uncovered` comes from the
 * Connect rules (src/policy/connect-policy.ts): the refund's share of the transfer is more than the
 * transfer has left to reverse.
 */
export const APPROVAL_REASONS = ['above_threshold', 'fraud_flagged', 'transfer_uncovered'] as const;
export type ApprovalReason = (typeof APPROVAL_REASONS)[number];

/**
 * One broken rule. `message` is English for API users and logs, with money formatted in the
 * payment's currency; the structured fields beside it (integers in minor units, with `currency`)
 * let a page word the same facts in its own locale. This is also the wire shape, so the type is the
 * wire schema's (violationSchema, src/http/operation.ts, where each field is described), with `code`
 * narrowed to the codes the policy names.
 */
export type Violation = Omit<z.infer<typeof violationSchema>, 'code'> & { code: ViolationCode };

export interface PolicyDecision {
  violations: Violation[];
  /** The amount that would be refunded (requested, or all that remains). */
  amount: number;
  remaining: number;
  /** The approval threshold for the payment's currency (minor units). */
  approvalThreshold: number;
  needsApproval: boolean;
  /** Why it must wait for an approver (empty when it need not, or when it is refused). */
  approvalReasons: ApprovalReason[];
}

const DAY_MS = 86_400_000;

export function evaluate(
  request: PolicyRequest,
  payment: PolicyPayment,
  context: PolicyContext,
): PolicyDecision {
  const violations: Violation[] = [];
  const remaining = Math.max(0, payment.amount - context.refundedAndInFlight);
  const amount = request.amount ?? remaining;

  const ageDays = (context.now.getTime() - payment.capturedAt.getTime()) / DAY_MS;
  if (ageDays > context.settings.refundWindowDays) {
    violations.push({
      code: 'outside_refund_window',
      message: `The payment was captured ${Math.floor(ageDays)} days ago; refunds are allowed for ${context.settings.refundWindowDays} days.`,
      param: 'payment_id',
      captured_days_ago: Math.floor(ageDays),
      refund_window_days: context.settings.refundWindowDays,
    });
  }
  const approvalReasons: ApprovalReason[] = [];
  if (payment.disputed) {
    violations.push({
      code: 'payment_disputed',
      message:
        'The payment is disputed (charged back); Stripe does not refund a disputed payment. Respond to the dispute instead.',
      param: 'payment_id',
    });
  }
  if (payment.fraudFlagged) {
    // Stripe advises refunding a fraudulent payment rather than waiting for the dispute: an admin
    // may allow it, and then a second person decides.
    if (context.settings.fraudFlaggedRefunds === 'with_approval') {
      approvalReasons.push('fraud_flagged');
    } else {
      violations.push({
        code: 'fraud_flagged',
        message:
          'The payment is flagged as fraudulent; the refund policy refuses its refunds (an admin can allow them with approval).',
        param: 'payment_id',
      });
    }
  }
  if (request.currency !== undefined && request.currency.toLowerCase() !== payment.currency) {
    violations.push({
      code: 'currency_mismatch',
      message: `The refund's currency ${request.currency.toUpperCase()} differs from the payment's ${payment.currency.toUpperCase()}.`,
      param: 'currency',
      currency: payment.currency,
      requested_currency: request.currency.toLowerCase(),
    });
  }
  if (request.amount !== undefined && !(Number.isSafeInteger(request.amount) && request.amount > 0)) {
    violations.push({
      code: 'invalid_amount',
      message: 'The amount must be a positive integer in the minor unit of the currency.',
      param: 'amount',
    });
  } else if (remaining === 0) {
    violations.push({
      code: 'nothing_to_refund',
      message: 'Nothing remains to be refunded on this payment (counting refunds in flight).',
      param: 'amount',
      currency: payment.currency,
      remaining: 0,
    });
  } else if (amount > remaining) {
    const money = (minor: number) => formatMoney(minor, payment.currency);
    violations.push({
      code: 'amount_exceeds_remaining',
      message: `${money(amount)} is more than the ${money(remaining)} that remains refundable (counting refunds in flight).`,
      param: 'amount',
      currency: payment.currency,
      amount,
      remaining,
    });
  }
  // The customer named must be the payment's: the merchant's reference for them, or Stripe's.
  if (
    context.customerId !== undefined &&
    context.customerId !== payment.customerId &&
    context.customerId !== payment.stripeCustomerId
  ) {
    violations.push({
      code: 'not_payment_owner',
      message: 'This payment does not belong to the customer making the request.',
      param: 'customer_id',
    });
  }
  if (request.reason !== undefined && context.settings.blockedReasons?.includes(request.reason)) {
    violations.push({
      code: 'reason_blocked',
      message: `Refunds with the reason '${request.reason}' are not accepted by the refund policy.`,
      param: 'reason',
      reason: request.reason,
    });
  }
  const approvalThreshold = approvalThresholdFor(context.settings, payment.currency);
  if (amount > approvalThreshold) approvalReasons.unshift('above_threshold');
  const allowed = violations.length === 0;
  return {
    violations,
    amount,
    remaining,
    approvalThreshold,
    needsApproval: allowed && approvalReasons.length > 0,
    approvalReasons: allowed ? approvalReasons : [],
  };
}

/**
 * The approval threshold for a currency, in its minor unit: the merchant's value for that currency
 * when set, else the default (which is read in each currency's own minor unit).
 */
export function approvalThresholdFor(settings: PolicySettings, currency: string): number {
  return settings.approvalThresholds?.[currency.toLowerCase()] ?? settings.approvalThreshold;
}
