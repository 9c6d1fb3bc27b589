// The merchant's refund policy as one pure function: given a request, the payment and what is
// already committed against it, return EVERY rule broken (so support sees all reasons at once)
// and whether the refund must wait for approval. No I/O: callers load, this decides.
import type { PolicySettings } from '../config.ts';

export interface PolicyRequest {
  /** Minor units; undefined means "all that remains". */
  amount: number | undefined;
  /** When given, must equal the payment's currency. */
  currency?: string | undefined;
  /** The refund's reason; blocked when the settings list it in blockedReasons. */
  reason?: string | undefined;
}

export interface PolicyPayment {
  amount: number;
  currency: string;
  capturedAt: Date;
  fraudFlagged: boolean;
  customerId: string | null;
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
  // Connect (connect-policy.ts): asked to take back what the payment does not have.
  | 'no_transfer_to_reverse'
  | 'no_application_fee';

export interface Violation {
  code: ViolationCode;
  message: string;
  param: string;
}

export interface PolicyDecision {
  violations: Violation[];
  /** The amount that would be refunded (requested, or all that remains). */
  amount: number;
  remaining: number;
  needsApproval: boolean;
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
    });
  }
  if (payment.fraudFlagged) {
    violations.push({
      code: 'fraud_flagged',
      message: 'The payment is flagged as fraudulent; it cannot be refunded through Refundry.',
      param: 'payment_id',
    });
  }
  if (request.currency !== undefined && request.currency.toLowerCase() !== payment.currency) {
    violations.push({
      code: 'currency_mismatch',
      message: `The refund's currency ${request.currency.toLowerCase()} differs from the payment's ${payment.currency}.`,
      param: 'currency',
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
    });
  } else if (amount > remaining) {
    violations.push({
      code: 'amount_exceeds_remaining',
      message: `The amount ${amount} is more than the ${remaining} that remains refundable (counting refunds in flight).`,
      param: 'amount',
    });
  }
  if (context.customerId !== undefined && context.customerId !== payment.customerId) {
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
    });
  }
  return {
    violations,
    amount,
    remaining,
    needsApproval: violations.length === 0 && amount > context.settings.approvalThreshold,
  };
}
